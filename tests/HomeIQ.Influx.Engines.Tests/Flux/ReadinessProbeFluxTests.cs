using System.Text.Json;
using HomeIQ.Influx.Engines.Tests.Support;
using HomeIQ.Influx.Hosting;
using HomeIQ.Influx.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Engines.Tests.Flux;

/// <summary>
/// The Flux query the readiness check sends for the v2 API, taken from the wire: the public
/// <see cref="InfluxReadinessHealthCheck"/> runs against the testing kit's <see cref="FaultInjectingProxy"/> answering
/// 200 (no server behind it), and the query in the recorded request body is checked by libflux, with ordinary and
/// hostile bucket names: the bucket must come back as the one string literal of <c>from(bucket:)</c>.
/// </summary>
public sealed class ReadinessProbeFluxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TheV2ReadinessQueryIsAcceptedByLibfluxForEveryBucketName()
    {
        await using var server = new FaultInjectingProxy(upstream: null, _ => FaultAction.Respond(200, "#datatype,string\r\n\r\n"));
        var buckets = HostileValues.All.Where(b => b.Length > 0).Take(300).Prepend("sensors").Prepend("home/sensors").ToList();
        var queries = new List<string>();
        foreach (var bucket in buckets) queries.Add(await SentQueryAsync(server, bucket));

        var results = FluxExpectations.AssertAccepted(queries, withAst: true);
        for (int i = 0; i < buckets.Count; i++)
        {
            var ast = results[i].Ast!.Value;
            Assert.Equal(["from", "range", "limit"], FluxAst.PipeCalls(ast));
            var from = FluxAst.PipeCallNodes(ast)[0];
            Assert.True(FluxAst.Argument(from, "bucket")!.Value.GetProperty("value").GetString() == buckets[i], $"bucket {LibFlux.Show(buckets[i])}:\n{queries[i]}");
            Assert.Equal(buckets[i], Assert.Single(FluxAst.StringAndRegexValues(ast)));
        }
        output.WriteLine($"The readiness query for {buckets.Count} bucket names, taken from the wire, accepted by libflux {LibFlux.Shared.Version}. Example:\n{queries[0]}");
    }

    // One application's readiness check: its own client (one per bucket here), the query it sent taken from the wire.
    private static async Task<string> SentQueryAsync(FaultInjectingProxy server, string bucket)
    {
        using var client = FluxExpectations.V2Client(bucket, server.Url);
        var check = new InfluxReadinessHealthCheck(client);
        var result = await check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("ready", check, HealthStatus.Unhealthy, null) });
        Assert.Equal(HealthStatus.Healthy, result.Status);
        var request = server.Requests.OrderBy(r => r.Number).Last();
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("/api/v2/query?org=home", request.PathAndQuery, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("flux", body.RootElement.GetProperty("type").GetString());
        return body.RootElement.GetProperty("query").GetString()!;
    }
}
