using System.Globalization;
using System.Text.Json;
using HomeIQ.Influx.Engines.Tests.Support;
using HomeIQ.Influx.Querying;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>
/// The public <see cref="FluxText"/> helpers, for callers who write Flux by hand: each result is put into a Flux
/// assignment (<c>x = ...</c>) and libflux must read back exactly the value given: the string, the regex, the duration,
/// the instant (to the 100 ns tick) and the number (to the bit).
/// </summary>
public sealed class FluxTextHelperTests(ITestOutputHelper output)
{
    [Fact]
    public void QuoteStringIsReadBackAsTheSameString()
    {
        var values = HostileValues.All;
        var results = FluxExpectations.AssertAccepted(values.Select(v => "x = " + FluxText.QuoteString(v)).ToArray(), withAst: true);
        for (int i = 0; i < values.Count; i++)
        {
            var literal = Assigned(results[i].Ast!.Value);
            Assert.Equal("StringLiteral", literal.GetProperty("type").GetString());
            Assert.True(literal.GetProperty("value").GetString() == values[i], $"{LibFlux.Show(values[i])} came back as {LibFlux.Show(literal.GetProperty("value").GetString()!)}");
        }
        output.WriteLine($"{values.Count} strings quoted and read back by libflux.");
    }

    [Fact]
    public void QuoteRegexOfAnEscapedLiteralIsReadBackAsTheSamePattern()
    {
        // Newlines are left out: the library writes them as \n, which RE2 reads as the same character (the injection
        // tests check that case). The empty pattern comes back as (?:), which matches the same: // starts a comment.
        var values = HostileValues.All.Where(v => !v.Contains('\n', StringComparison.Ordinal) && !v.Contains('\r', StringComparison.Ordinal)).ToList();
        var patterns = values.Select(InfluxRegex.EscapeLiteral).ToList();
        var results = FluxExpectations.AssertAccepted(patterns.Select(p => "x = " + FluxText.QuoteRegex(p)).ToArray(), withAst: true);
        for (int i = 0; i < patterns.Count; i++)
        {
            var literal = Assigned(results[i].Ast!.Value);
            Assert.Equal("RegexpLiteral", literal.GetProperty("type").GetString());
            Assert.Equal(patterns[i].Length == 0 ? "(?:)" : patterns[i], literal.GetProperty("value").GetString());
        }
        output.WriteLine($"{patterns.Count} regex patterns quoted and read back by libflux.");
    }

    [Fact]
    public void FormatDurationFormatTimeAndFormatNumberAreReadBackExactly()
    {
        var random = new Random(5);
        var durations = new List<TimeSpan>
        {
            TimeSpan.FromTicks(1), TimeSpan.FromTicks(10), TimeSpan.FromMilliseconds(1500), TimeSpan.FromSeconds(90), TimeSpan.FromMinutes(90),
            TimeSpan.FromHours(36), TimeSpan.FromDays(3), TimeSpan.FromDays(14), TimeSpan.FromDays(365 * 290), TimeSpan.FromTicks(long.MaxValue / 100),
            // Longer than 292 years and not a whole number of microseconds: more nanoseconds than a long holds.
            TimeSpan.FromTicks(long.MaxValue / 100 + 1), TimeSpan.MaxValue,
        };
        for (int i = 0; i < 200; i++) durations.Add(TimeSpan.FromTicks(1 + (long)(random.NextDouble() * random.NextDouble() * (long.MaxValue / 100))));

        var times = new List<DateTimeOffset>
        {
            DateTimeOffset.UnixEpoch, new(1677, 9, 21, 0, 12, 43, TimeSpan.Zero), new(2262, 4, 11, 23, 47, 16, TimeSpan.Zero),
            new(2024, 2, 29, 23, 59, 59, 999, TimeSpan.FromHours(14)), new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(-9.5)).AddTicks(1),
        };
        for (int i = 0; i < 200; i++) times.Add(new DateTimeOffset(new DateTime(1970, 1, 1).AddTicks((long)(random.NextDouble() * TimeSpan.TicksPerDay * 365 * 200)), TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60))));

        var numbers = new List<double> { 0, -0.0, 1, -1, 0.1, 1e-7, 1.5e-300, double.Epsilon, double.MaxValue, -double.MaxValue, 123456789.123456789, 21.5, 1e21, 1e15 + 0.5 };
        for (int i = 0; i < 200; i++) numbers.Add(BitConverter.Int64BitsToDouble(random.NextInt64()) is var d && double.IsFinite(d) ? d : random.NextDouble());

        var texts = durations.Select(d => "x = " + FluxText.FormatDuration(d))
            .Concat(times.Select(t => "x = " + FluxText.FormatTime(t)))
            .Concat(numbers.Select(n => "x = " + FluxText.FormatNumber(n)))
            .ToArray();
        var results = FluxExpectations.AssertAccepted(texts, withAst: true);

        int k = 0;
        foreach (var duration in durations) FluxExpectations.AssertDuration(duration, Assigned(results[k++].Ast!.Value));
        foreach (var time in times) Assert.Equal(time, FluxExpectations.Time(Assigned(results[k++].Ast!.Value)));
        foreach (var number in numbers)
        {
            var literal = Assigned(results[k++].Ast!.Value);
            // A negative number is a unary minus applied to a float literal.
            bool negative = literal.GetProperty("type").GetString() == "UnaryExpression";
            var value = (negative ? literal.GetProperty("argument") : literal).GetProperty("value").GetDouble();
            Assert.Equal(number, negative ? -value : value);
        }
        output.WriteLine($"{durations.Count} durations, {times.Count} times and {numbers.Count} numbers read back exactly by libflux.");
    }

    // The value of `x = <value>`.
    private static JsonElement Assigned(JsonElement ast) => ast.GetProperty("body")[0].GetProperty("init");
}
