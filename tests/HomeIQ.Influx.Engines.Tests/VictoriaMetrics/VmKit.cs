using System.Globalization;
using HomeIQ.Influx.Engines.Tests.Models;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Engines.Tests.VictoriaMetrics;

/// <summary>Clients, writer options and the exactly-once check of the VictoriaMetrics write tests.</summary>
public static class VmKit
{
    public const string Org = "home";
    public const string Bucket = "sensors";
    public const string Database = "homedb";
    public const string Token = "vm-token-123";

    /// <summary>The series VictoriaMetrics makes of a <see cref="Meter"/> point, one per field.</summary>
    public static readonly string[] FieldSeries = ["meter_watts", "meter_seq", "meter_pulses", "meter_on", "meter_note"];

    /// <summary>The environment knob for the big run: <c>HOMEIQ_VM_POINTS</c> (default 100,000).</summary>
    public static int BigRunPoints => int.TryParse(Environment.GetEnvironmentVariable("HOMEIQ_VM_POINTS"), out var n) && n > 0 ? n : 100_000;

    /// <summary>A client for the v1 or v2 write API of the server at <paramref name="url"/>.</summary>
    public static InfluxClient Client(Uri url, InfluxApiVersion api, bool gzip = false) => new(api == InfluxApiVersion.V1
        ? new InfluxClientOptions { Url = url, Api = api, Database = Database, Gzip = gzip, Timeout = TimeSpan.FromSeconds(10) }
        : new InfluxClientOptions { Url = url, Api = api, Org = Org, Bucket = Bucket, Token = Token, Gzip = gzip, Timeout = TimeSpan.FromSeconds(10) });

    /// <summary>Writer options with short backoffs (the faults are injected on purpose), recording every failure report.</summary>
    public static WriteOptions Options(WritePrecision precision, List<WriteFailedEventArgs> failures, int batchSize = 5_000) => new()
    {
        Precision = precision,
        BatchSize = batchSize,
        FlushInterval = TimeSpan.FromMilliseconds(100),
        DisposeTimeout = TimeSpan.FromSeconds(60),
        OnWriteFailed = e => { lock (failures) failures.Add(e); },
        Resilience = new InfluxResilienceOptions
        {
            MaxRetryAttempts = 100,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(250),
            MaxRetryAfter = TimeSpan.FromSeconds(2),
            MaxTotalRetryTime = TimeSpan.FromSeconds(60),
            RequestTimeout = TimeSpan.FromSeconds(10),
            CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(500),
        },
    };

    /// <summary>
    /// The millisecond VictoriaMetrics stores for <paramref name="time"/> written at <paramref name="precision"/>: the
    /// writer rounds towards the past to the precision's unit, and VictoriaMetrics keeps whole milliseconds.
    /// </summary>
    public static long StoredMilliseconds(DateTimeOffset time, WritePrecision precision)
    {
        long ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.Ticks;
        long unit = precision == WritePrecision.Seconds ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerMillisecond;
        long units = Math.DivRem(ticks, unit, out long rest);
        if (rest < 0) units--;
        return units * (unit / TimeSpan.TicksPerMillisecond);
    }

    /// <summary>
    /// Reads the meter series back until <paramref name="expectedSamples"/> samples per field have arrived (new series
    /// become searchable a moment after the flush) or 30 s pass, and returns them.
    /// </summary>
    public static async Task<IReadOnlyList<VictoriaMetricsSeries>> ReadBackAsync(VictoriaMetricsServer server, int expectedSamples)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var series = await server.ExportAsync("{__name__=~\"meter_.*\"}");
            int seq = series.Where(s => s.Name == "meter_seq").Sum(s => s.Values.Count);
            if (seq >= expectedSamples || DateTime.UtcNow > deadline) return series;
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Asserts that every point is stored exactly once, by count and by value: each field's series hold exactly one
    /// sample per point, at the expected millisecond, under the point's tags (plus <paramref name="extraLabels"/>), with
    /// the point's value (booleans as 1/0, strings as 0: VictoriaMetrics stores numbers only).
    /// </summary>
    public static void AssertEveryPointExactlyOnce(IReadOnlyList<VictoriaMetricsSeries> series, IReadOnlyList<Meter> points, WritePrecision precision, IReadOnlyDictionary<string, string>? extraLabels = null)
    {
        var expected = new Dictionary<(string Producer, string Circuit, long Ms), Meter>();
        foreach (var point in points)
            Assert.True(expected.TryAdd((point.Producer!, point.Circuit!, StoredMilliseconds(point.Time, precision)), point), $"Two test points share a series and a millisecond: {point}");

        Assert.Equal(FieldSeries.Order(StringComparer.Ordinal), series.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal));
        foreach (var name in FieldSeries)
        {
            var seen = new HashSet<(string, string, long)>();
            int samples = 0;
            foreach (var s in series.Where(s => s.Name == name))
            {
                var labels = new Dictionary<string, string>(s.Labels);
                Assert.True(labels.Remove("producer", out var producer), $"{name} lacks the producer tag: {string.Join(",", s.Labels)}");
                Assert.True(labels.Remove("circuit", out var circuit), $"{name} lacks the circuit tag: {string.Join(",", s.Labels)}");
                Assert.Equal((extraLabels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key), labels.OrderBy(kv => kv.Key));
                for (int i = 0; i < s.Values.Count; i++)
                {
                    var key = (producer, circuit, s.TimestampsMs[i]);
                    Assert.True(seen.Add(key), $"{name}{{producer={producer},circuit={circuit}}} holds {s.TimestampsMs[i]} more than once: a point was stored twice.");
                    Assert.True(expected.TryGetValue(key, out var point), $"{name}{{producer={producer},circuit={circuit}}} holds {s.TimestampsMs[i]}, which no point was written at.");
                    double want = name switch
                    {
                        "meter_watts" => point!.Watts,
                        "meter_seq" => point!.Seq,
                        "meter_pulses" => point!.Pulses,
                        "meter_on" => point!.On ? 1 : 0,
                        _ => 0, // meter_note: a string field
                    };
                    Assert.True(want == s.Values[i], $"{name} of seq {point!.Seq} at {s.TimestampsMs[i]}: stored {s.Values[i].ToString("R", CultureInfo.InvariantCulture)}, written {want.ToString("R", CultureInfo.InvariantCulture)}");
                    samples++;
                }
            }
            Assert.True(samples == points.Count, $"{name}: {samples} samples stored for {points.Count} points written.");
        }
    }
}
