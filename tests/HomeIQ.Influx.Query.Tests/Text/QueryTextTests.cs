using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

public class QueryTextTests
{
    [Theory]
    [InlineData("room", "\"room\"")]
    [InlineData("my \"quoted\" key", "\"my \\\"quoted\\\" key\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("it's", "\"it's\"")]
    public void InfluxQL_identifiers_are_double_quoted_and_escaped(string identifier, string expected) =>
        Assert.Equal(expected, InfluxQLText.QuoteIdentifier(identifier));

    [Theory]
    [InlineData("kitchen", "'kitchen'")]
    [InlineData("x' OR 1=1 --", "'x\\' OR 1=1 --'")]
    [InlineData("a\\b", "'a\\\\b'")]
    [InlineData("\\'", "'\\\\\\''")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("two\nlines", "'two\\nlines'")]
    public void InfluxQL_strings_are_single_quoted_and_escaped(string value, string expected) =>
        Assert.Equal(expected, InfluxQLText.QuoteString(value));

    [Theory]
    [InlineData("^kit", "/^kit/")]
    [InlineData("a/b", "/a\\/b/")]
    [InlineData("a\\/b", "/a\\/b/")]
    [InlineData("a\\.b", "/a\\.b/")]
    [InlineData("x\ny", "/x\\ny/")]
    public void Regex_literals_escape_the_slash_and_keep_other_escapes(string pattern, string expected)
    {
        Assert.Equal(expected, InfluxQLText.QuoteRegex(pattern));
        Assert.Equal(expected, FluxText.QuoteRegex(pattern));
    }

    [Fact]
    public void A_regex_ending_in_a_lone_backslash_is_refused() =>
        Assert.Throws<ArgumentException>(() => InfluxQLText.QuoteRegex("abc\\"));

    [Theory]
    [InlineData("kitchen", "\"kitchen\"")]
    [InlineData("\"); drop(", "\"\\\"); drop(\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("${secret}", "\"\\x24{secret}\"")]
    [InlineData("$ and {", "\"\\x24 and {\"")]
    [InlineData("$\\", "\"\\x24\\\\\"")]
    [InlineData("tab\tnew\nline\r", "\"tab\\tnew\\nline\\r\"")]
    public void Flux_strings_escape_quote_backslash_and_interpolation(string value, string expected) =>
        Assert.Equal(expected, FluxText.QuoteString(value));

    [Fact]
    public void Regex_literal_escaping_follows_re2_not_dotnet() =>
        Assert.Equal("a b#c\\.d\\*\\\\", InfluxRegex.EscapeLiteral("a b#c.d*\\"));

    [Theory]
    [InlineData(1, 0, 0, 0, "1h", "1h")]
    [InlineData(0, 90, 0, 0, "90m", "90m")]
    [InlineData(0, 0, 1, 500, "1500ms", "1500ms")]
    [InlineData(24 * 7, 0, 0, 0, "1w", "1w")]
    [InlineData(48, 0, 0, 0, "2d", "2d")]
    public void Durations_use_the_largest_exact_unit(int hours, int minutes, int seconds, int ms, string influxql, string flux)
    {
        var span = new TimeSpan(0, hours, minutes, seconds, ms);
        Assert.Equal(influxql, InfluxQLText.FormatDuration(span));
        Assert.Equal(flux, FluxText.FormatDuration(span));
    }

    [Fact]
    public void Sub_millisecond_durations_use_micro_and_nanoseconds()
    {
        Assert.Equal("5u", InfluxQLText.FormatDuration(TimeSpan.FromTicks(50)));
        Assert.Equal("5us", FluxText.FormatDuration(TimeSpan.FromTicks(50)));
        Assert.Equal("300ns", FluxText.FormatDuration(TimeSpan.FromTicks(3)));
    }

    [Fact]
    public void Times_are_rfc3339_utc_with_only_the_digits_needed()
    {
        var time = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_230_000);
        Assert.Equal("'2024-01-02T01:04:05.123Z'", InfluxQLText.FormatTime(time));
        Assert.Equal("2024-01-02T01:04:05.123Z", FluxText.FormatTime(time));
        Assert.Equal("2024-01-02T01:04:05Z", FluxText.FormatTime(new DateTimeOffset(2024, 1, 2, 1, 4, 5, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(21.5, "21.5")]
    [InlineData(20, "20.0")]
    [InlineData(-3, "-3.0")]
    [InlineData(1.5e-7, "0.00000015")]
    [InlineData(1e21, "1000000000000000000000.0")]
    [InlineData(-2.5e-10, "-0.00000000025")]
    public void Numbers_never_use_exponents(double value, string expected)
    {
        Assert.Equal(expected, InfluxQLText.FormatNumber(value));
        Assert.Equal(expected, FluxText.FormatNumber(value));
    }

    [Fact]
    public void NaN_cannot_be_compared() => Assert.Throws<ArgumentOutOfRangeException>(() => FluxText.FormatNumber(double.NaN));
}
