using System.Net;
using System.Text;
using HomeIQ.Influx.Engines.Tests.Models;
using HomeIQ.Influx.Hosting;
using HomeIQ.Influx.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Engines.Tests.VictoriaMetrics;

/// <summary>
/// What VictoriaMetrics does differently from InfluxDB with the same requests, measured here so that
/// docs/compatibility.md says what the server does, not what one hopes: how it maps points, what it does with
/// precision spellings and bad lines, and how the client's health checks and the v3 write path fare against it.
/// </summary>
public sealed class VictoriaMetricsMappingTests
{
    [Fact]
    public async Task VictoriaMetricsKeepsNumbersOnlyInMillisecondsAsFloat64()
    {
        await using var server = await VictoriaMetricsServer.StartNewAsync();
        using var http = new HttpClient { BaseAddress = server.Url };
        // One point: a string, a boolean, an integer above 2^53, a double with 17 significant digits, a nanosecond time.
        var line = "probe,room=kitchen note=\"hello\",on=true,big=9007199254740993i,third=0.30000000000000004,watts=21.5 1704067200123456789";
        using (var response = await http.PostAsync("/api/v2/write?org=o&bucket=b&precision=ns", new StringContent(line, Encoding.UTF8)))
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var series = (await ReadAsync(server, "probe_.*", 5)).ToDictionary(s => s.Name);
        Assert.Equal(["probe_big", "probe_note", "probe_on", "probe_third", "probe_watts"], series.Keys.Order(StringComparer.Ordinal));
        Assert.All(series.Values, s => Assert.Equal(new Dictionary<string, string> { ["room"] = "kitchen" }, s.Labels));
        Assert.All(series.Values, s => Assert.Equal([1704067200123L], s.TimestampsMs)); // nanoseconds cut to milliseconds
        Assert.Equal(0, Assert.Single(series["probe_note"].Values)); // a string field becomes 0
        Assert.Equal(1, Assert.Single(series["probe_on"].Values)); // a boolean becomes 1/0
        Assert.Equal(9007199254740992d, Assert.Single(series["probe_big"].Values)); // integers are float64: 2^53 + 1 reads 2^53
        Assert.Equal(21.5, Assert.Single(series["probe_watts"].Values));
        // VictoriaMetrics stores values as decimals with limited precision: 0.1 + 0.2 reads back as 0.3.
        Assert.Equal(0.3, Assert.Single(series["probe_third"].Values));
    }

    [Fact]
    public async Task VictoriaMetricsGuessesTheUnitForTheV1SpellingNAndAnswers204ToLinesItDrops()
    {
        await using var server = await VictoriaMetricsServer.StartNewAsync();
        using var http = new HttpClient { BaseAddress = server.Url };
        // InfluxDB 1.x spells nanoseconds "n". VictoriaMetrics does not know it and guesses the unit from the number of
        // digits: right for present-day nanoseconds, wrong for nanosecond times before 1973-03-03 (below 10^17).
        async Task WriteAsync(string path, string body)
        {
            using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8));
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }
        await WriteAsync("/write?db=d&precision=n", "recent v=1 1704067200123456789\nearly v=1 1000000");
        // A line no server can parse: VictoriaMetrics answers 204 and stores nothing, so a writer cannot hand it back.
        await WriteAsync("/write?db=d&precision=n", "broken line without fields");

        var recent = Assert.Single(await ReadAsync(server, "recent_v", 1));
        Assert.Equal([1704067200123L], recent.TimestampsMs);
        var early = Assert.Single(await ReadAsync(server, "early_v", 1));
        Assert.Equal([1_000_000_000L], early.TimestampsMs); // 1 ms after 1970 in ns, stored as 10^6 seconds (1970-01-12)
        Assert.Empty(await server.ExportAsync("{__name__=~\"broken.*\"}"));
    }

    [Fact]
    public async Task TheV3WritePathIsRefusedAndEveryPointIsReportedFailed()
    {
        await using var server = await VictoriaMetricsServer.StartNewAsync();
        var failures = new List<WriteFailedEventArgs>();
        using (var client = new InfluxClient(new InfluxClientOptions { Url = server.Url, Api = InfluxApiVersion.V3, Database = "d", Token = "t" }))
        await using (var writer = new MeterWriter(client, VmKit.Options(WritePrecision.Milliseconds, failures)))
        {
            await writer.WriteAsync(Enumerable.Range(0, 10).Select(i => Meter.For(i)));
            await writer.FlushAsync();
        }

        // VictoriaMetrics has no /api/v3/write_lp and answers 400: the writer reports all ten points, none is lost silently.
        Assert.Equal(10, failures.Sum(f => f.Lines.Count));
        Assert.All(failures, f => Assert.Equal(HttpStatusCode.BadRequest, f.StatusCode));
        Assert.Empty(await server.ExportAsync("{__name__=~\"meter_.*\"}"));
    }

    [Fact]
    public async Task HealthChecksAgainstVictoriaMetricsLivenessPassesReadinessTellsWhatItSees()
    {
        await using var server = await VictoriaMetricsServer.StartNewAsync();
        using var v1 = new InfluxClient(new InfluxClientOptions { Url = server.Url, Api = InfluxApiVersion.V1, Database = "d" });
        using var v2 = VmKit.Client(server.Url, InfluxApiVersion.V2);

        // /ping answers 204, so liveness passes; it sends no X-Influxdb-Version (its /write answers carry "1.8.0").
        var live = await RunAsync(new InfluxLivenessHealthCheck(v2));
        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Equal("unknown", live.Data["version"]);

        // /query answers every InfluxQL statement with a fixed list of databases (for Grafana and Telegraf), so the v1
        // readiness check (SHOW RETENTION POLICIES) sees no error: healthy, although VictoriaMetrics runs no InfluxQL.
        Assert.Equal(HealthStatus.Healthy, (await RunAsync(new InfluxReadinessHealthCheck(v1))).Status);
        // /api/v2/query (Flux) answers 400: the v2 readiness check is unhealthy and quotes the server.
        var ready = await RunAsync(new InfluxReadinessHealthCheck(v2));
        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Equal(400, ready.Data["statusCode"]);
    }

    private static async Task<HealthCheckResult> RunAsync(IHealthCheck check) =>
        await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("vm", check, HealthStatus.Unhealthy, null) });

    private static async Task<IReadOnlyList<VictoriaMetricsSeries>> ReadAsync(VictoriaMetricsServer server, string namePattern, int expectedSeries)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var series = await server.ExportAsync($"{{__name__=~\"{namePattern}\"}}");
            if (series.Count >= expectedSeries || DateTime.UtcNow > deadline) return series;
            await Task.Delay(200);
        }
    }
}
