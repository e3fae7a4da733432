using System.Collections.Concurrent;
using System.Net;
using HomeIQ.Influx.Engines.Tests.Models;
using HomeIQ.Influx.Testing;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Engines.Tests.VictoriaMetrics;

/// <summary>
/// The write path against a second real server: a private VictoriaMetrics (started by the testing kit like influxd)
/// receives what the generated <c>MeterWriter</c> sends through <c>/api/v2/write</c> (org, bucket, token, every
/// precision, gzip on and off) and <c>/write</c> (v1), and every point is read back through its export API exactly once,
/// by count and by value. The requests pass through the kit's <see cref="FaultInjectingProxy"/>, which records what
/// went on the wire (and, in the big run, fails some of them).
/// </summary>
public sealed class VictoriaMetricsWriteTests(ITestOutputHelper output)
{
    public static TheoryData<WritePrecision, bool> PrecisionsAndGzip()
    {
        var data = new TheoryData<WritePrecision, bool>();
        foreach (var precision in Enum.GetValues<WritePrecision>())
        {
            data.Add(precision, false);
            data.Add(precision, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PrecisionsAndGzip))]
    public async Task V2WritesReachVictoriaMetricsExactlyOnce(WritePrecision precision, bool gzip)
    {
        await using var server = await VictoriaMetricsServer.StartNewAsync();
        await using var proxy = new FaultInjectingProxy(server.Url);
        var points = Points(2_000, precision);
        var failures = new List<WriteFailedEventArgs>();
        using (var client = VmKit.Client(proxy.Url, InfluxApiVersion.V2, gzip))
        await using (var writer = new MeterWriter(client, VmKit.Options(precision, failures, batchSize: 500)))
        {
            await writer.WriteAsync(points);
            await writer.FlushAsync();
        }

        Assert.Empty(failures);
        var requests = proxy.Requests.ToList();
        Assert.True(requests.Count >= 4, $"{requests.Count} requests for 2,000 points in batches of 500");
        foreach (var request in requests)
        {
            Assert.Equal("POST", request.Method);
            Assert.Equal($"/api/v2/write?org={VmKit.Org}&bucket={VmKit.Bucket}&precision={precision.ToQueryString()}", request.PathAndQuery);
            Assert.Equal("Token " + VmKit.Token, request.Headers["Authorization"]);
            Assert.Equal(gzip, request.Headers.TryGetValue("Content-Encoding", out var encoding) && encoding == "gzip");
        }
        Assert.Equal(points.Count, requests.Sum(r => r.Lines.Length));

        var series = await VmKit.ReadBackAsync(server, points.Count);
        VmKit.AssertEveryPointExactlyOnce(series, points, precision);
        output.WriteLine($"v2, precision={precision.ToQueryString()}, gzip {(gzip ? "on" : "off")}: {points.Count} points in {requests.Count} requests, each read back once from VictoriaMetrics.");
    }

    [Theory]
    [InlineData(WritePrecision.Nanoseconds)]
    [InlineData(WritePrecision.Microseconds)]
    [InlineData(WritePrecision.Milliseconds)]
    [InlineData(WritePrecision.Seconds)]
    public async Task V1WritesReachVictoriaMetricsExactlyOnce(WritePrecision precision)
    {
        await using var server = await VictoriaMetricsServer.StartNewAsync();
        await using var proxy = new FaultInjectingProxy(server.Url);
        var points = Points(2_000, precision);
        var failures = new List<WriteFailedEventArgs>();
        using (var client = VmKit.Client(proxy.Url, InfluxApiVersion.V1, gzip: precision == WritePrecision.Milliseconds))
        await using (var writer = new MeterWriter(client, VmKit.Options(precision, failures, batchSize: 500)))
        {
            await writer.WriteAsync(points);
            await writer.FlushAsync();
        }

        Assert.Empty(failures);
        foreach (var request in proxy.Requests)
            Assert.Equal($"/write?db={VmKit.Database}&precision={precision.ToV1QueryString()}", request.PathAndQuery);

        // VictoriaMetrics keeps the v1 database as a label; the v2 bucket is not kept (see the test above).
        var series = await VmKit.ReadBackAsync(server, points.Count);
        VmKit.AssertEveryPointExactlyOnce(series, points, precision, new Dictionary<string, string> { ["db"] = VmKit.Database });
        output.WriteLine($"v1, precision={precision.ToV1QueryString()}: {points.Count} points read back once from VictoriaMetrics, labelled db={VmKit.Database}.");
    }

    [Fact]
    public async Task PointsFromEightProducersThroughFaultsReachVictoriaMetricsExactlyOnce()
    {
        int n = VmKit.BigRunPoints;
        const int producers = 8;
        await using var server = await VictoriaMetricsServer.StartNewAsync();
        // Faults that leave the server untouched, so exactly once is the writer's doing: 503 with Retry-After, 429,
        // 500, and connections reset before the request is forwarded.
        var faults = new ConcurrentDictionary<string, int>();
        await using var proxy = new FaultInjectingProxy(server.Url, request =>
        {
            var action = (request.Number % 10) switch
            {
                1 => FaultAction.Respond(503, "overloaded", ("Retry-After", "0")),
                4 => FaultAction.Drop,
                6 => FaultAction.Respond(500, "internal error"),
                8 when request.Number % 20 == 8 => FaultAction.Respond(429, "slow down", ("Retry-After", "0")),
                _ => FaultAction.Forward,
            };
            if (action != FaultAction.Forward) faults.AddOrUpdate(action.Kind == FaultActionKind.Drop ? "reset" : action.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, c) => c + 1);
            return action;
        });

        var failures = new List<WriteFailedEventArgs>();
        using (var client = VmKit.Client(proxy.Url, InfluxApiVersion.V2, gzip: true))
        await using (var writer = new MeterWriter(client, VmKit.Options(WritePrecision.Nanoseconds, failures, batchSize: 1_000)))
        {
            await Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
            {
                for (long seq = p; seq < n; seq += producers) await writer.WriteAsync(Meter.For(seq, producers));
            })));
            await writer.FlushAsync();
        }

        Assert.Empty(failures);
        Assert.True(faults.Values.Sum() >= 10, $"Too few faults were injected to mean anything: {string.Join(", ", faults)}");
        var points = Enumerable.Range(0, n).Select(seq => Meter.For(seq, producers)).ToList();
        var series = await VmKit.ReadBackAsync(server, n);
        VmKit.AssertEveryPointExactlyOnce(series, points, WritePrecision.Nanoseconds);
        Assert.Equal(Enumerable.Range(0, n).Select(i => (double)i), series.Where(s => s.Name == "meter_seq").SelectMany(s => s.Values).Order());
        output.WriteLine($"{n} points from {producers} producers, {proxy.Requests.Count} requests with faults ({string.Join(", ", faults.OrderBy(f => f.Key).Select(f => $"{f.Key}: {f.Value}"))}), each read back once from VictoriaMetrics.");
    }

    // Points 1 ms apart (1 s apart for second precision, which VictoriaMetrics would otherwise fold together), each
    // 0.4567 ms past its unit, so the test sees what each precision keeps.
    private static List<Meter> Points(int count, WritePrecision precision) => Enumerable.Range(0, count)
        .Select(seq => Meter.For(seq, spacing: precision == WritePrecision.Seconds ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(1), offset: TimeSpan.FromTicks(4_567)))
        .ToList();
}
