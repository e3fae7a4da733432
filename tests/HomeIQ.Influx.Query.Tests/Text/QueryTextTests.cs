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
    public void InfluxQLIdentifiersAreDoubleQuotedAndEscaped(string identifier, string expected) =>
        Assert.Equal(expected, InfluxQLText.QuoteIdentifier(identifier));

    [Theory]
    [InlineData("kitchen", "'kitchen'")]
    [InlineData("x' OR 1=1 --", "'x\\' OR 1=1 --'")]
    [InlineData("a\\b", "'a\\\\b'")]
    [InlineData("\\'", "'\\\\\\''")]
    [InlineData("say \"hi\"", "'say \"hi\"'")]
    [InlineData("two\nlines", "'two\\nlines'")]
    public void InfluxQLStringsAreSingleQuotedAndEscaped(string value, string expected) =>
        Assert.Equal(expected, InfluxQLText.QuoteString(value));

    [Theory]
    [InlineData("^kit", "/^kit/")]
    [InlineData("a/b", "/a\\/b/")]
    [InlineData("a\\/b", "/a\\/b/")]
    [InlineData("a\\.b", "/a\\.b/")]
    [InlineData("x\ny", "/x\\ny/")]
    public void RegexLiteralsEscapeTheSlashAndKeepOtherEscapes(string pattern, string expected)
    {
        Assert.Equal(expected, InfluxQLText.QuoteRegex(pattern));
        Assert.Equal(expected, FluxText.QuoteRegex(pattern));
    }

    [Fact]
    public void ARegexEndingInALoneBackslashIsRefused() =>
        Assert.Throws<ArgumentException>(() => InfluxQLText.QuoteRegex("abc\\"));

    [Theory]
    [InlineData("kitchen", "\"kitchen\"")]
    [InlineData("\"); drop(", "\"\\\"); drop(\"")]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("${secret}", "\"\\x24{secret}\"")]
    [InlineData("$ and {", "\"\\x24 and {\"")]
    [InlineData("$\\", "\"\\x24\\\\\"")]
    [InlineData("tab\tnew\nline\r", "\"tab\\tnew\\nline\\r\"")]
    public void FluxStringsEscapeQuoteBackslashAndInterpolation(string value, string expected) =>
        Assert.Equal(expected, FluxText.QuoteString(value));

    [Fact]
    public void RegexLiteralEscapingFollowsRe2NotDotnet() =>
        Assert.Equal("a b#c\\.d\\*\\\\", InfluxRegex.EscapeLiteral("a b#c.d*\\"));

    [Theory]
    [InlineData(1, 0, 0, 0, "1h", "1h")]
    [InlineData(0, 90, 0, 0, "90m", "90m")]
    [InlineData(0, 0, 1, 500, "1500ms", "1500ms")]
    [InlineData(24 * 7, 0, 0, 0, "1w", "1w")]
    [InlineData(48, 0, 0, 0, "2d", "2d")]
    public void DurationsUseTheLargestExactUnit(int hours, int minutes, int seconds, int ms, string influxql, string flux)
    {
        var span = new TimeSpan(0, hours, minutes, seconds, ms);
        Assert.Equal(influxql, InfluxQLText.FormatDuration(span));
        Assert.Equal(flux, FluxText.FormatDuration(span));
    }

    [Fact]
    public void SubMillisecondDurationsUseMicroAndNanoseconds()
    {
        Assert.Equal("5u", InfluxQLText.FormatDuration(TimeSpan.FromTicks(50)));
        Assert.Equal("5us", FluxText.FormatDuration(TimeSpan.FromTicks(50)));
        Assert.Equal("300ns", FluxText.FormatDuration(TimeSpan.FromTicks(3)));
    }

    [Fact]
    public void TimesAreRfc3339UtcWithOnlyTheDigitsNeeded()
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
    public void NumbersNeverUseExponents(double value, string expected)
    {
        Assert.Equal(expected, InfluxQLText.FormatNumber(value));
        Assert.Equal(expected, FluxText.FormatNumber(value));
    }

    [Fact]
    public void NaNCannotBeCompared() => Assert.Throws<ArgumentOutOfRangeException>(() => FluxText.FormatNumber(double.NaN));
}
