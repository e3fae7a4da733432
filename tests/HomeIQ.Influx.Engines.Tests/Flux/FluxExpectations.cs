using System.Globalization;
using System.Text.Json;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>Shared helpers of the libflux tests: a v2 client that is never contacted, and readers of AST literals.</summary>
public static class FluxExpectations
{
    /// <summary>The bucket of <see cref="V2Client"/>.</summary>
    public const string Bucket = "home/sensors";

    /// <summary>
    /// A v2 client for building query texts. Nothing is sent unless <paramref name="url"/> is given (port 9 is discard).
    /// The bucket is part of the options, so a test that varies it needs one client per bucket.
    /// </summary>
    public static InfluxClient V2Client(string bucket = Bucket, Uri? url = null) =>
        new(new InfluxClientOptions { Url = url ?? new Uri("http://127.0.0.1:9"), Org = "home", Bucket = bucket, Token = "not-sent", Api = InfluxApiVersion.V2 });

    /// <summary>Asserts libflux accepts every text (parser, is_valid_flux and the semantic check), listing the first rejected ones.</summary>
    public static IReadOnlyList<FluxCheck> AssertAccepted(IReadOnlyList<string> texts, bool withAst = false)
    {
        var results = LibFlux.Shared.CheckAll(texts, withAst);
        var rejected = results.Where(r => !r.Accepted).ToList();
        Assert.True(rejected.Count == 0,
            $"libflux rejected {rejected.Count} of {texts.Count} Flux texts; the first:\n\n" + string.Join("\n\n", rejected.Take(5)));
        return results;
    }

    /// <summary>
    /// Asserts that a duration literal (<c>{"values": [{"magnitude": 1, "unit": "h"}, ...]}</c>) adds up to
    /// <paramref name="expected"/>. Exact while every magnitude is below 2^53; above, to 1 part in 10^15, because libflux
    /// hands its AST to JavaScript, whose numbers keep 53 bits (the Flux text itself carries every digit).
    /// </summary>
    public static void AssertDuration(TimeSpan expected, JsonElement literal)
    {
        Assert.Equal("DurationLiteral", literal.GetProperty("type").GetString());
        decimal ticks = 0;
        bool exact = true;
        foreach (var part in literal.GetProperty("values").EnumerateArray())
        {
            var magnitude = decimal.Parse(part.GetProperty("magnitude").GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
            exact &= magnitude < 9007199254740992m;
            ticks += magnitude * part.GetProperty("unit").GetString() switch
            {
                "w" => TimeSpan.TicksPerDay * 7m,
                "d" => TimeSpan.TicksPerDay,
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => 10m,
                "ns" => 0.01m,
                var unit => throw new InvalidOperationException($"Unexpected duration unit {unit}."),
            };
        }
        if (exact) Assert.Equal(expected.Ticks, ticks);
        else Assert.True(Math.Abs(ticks - expected.Ticks) <= expected.Ticks / 1e15m, $"{ticks} ticks, expected {expected.Ticks}");
    }

    /// <summary>The instant of a date-time literal.</summary>
    public static DateTimeOffset Time(JsonElement literal)
    {
        Assert.Equal("DateTimeLiteral", literal.GetProperty("type").GetString());
        return DateTimeOffset.Parse(literal.GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>The value of an integer literal (libflux gives it as a string).</summary>
    public static long Integer(JsonElement literal)
    {
        Assert.Equal("IntegerLiteral", literal.GetProperty("type").GetString());
        return long.Parse(literal.GetProperty("value").GetString()!, CultureInfo.InvariantCulture);
    }
}
