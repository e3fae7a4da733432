using HomeIQ.Influx.Testing;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Writer.Tests;

/// <summary>
/// The testing kit's chaos scenario with the library's default settings: 30 % of the requests fail in every way
/// (503 with Retry-After, 429, 500, 502, resets, applied-then-reset, stalls) and a 5 s outage, into the real server.
/// Every point must arrive exactly once and none may be reported lost. The delivery time is printed, never asserted:
/// <c>HOMEIQ_CHAOS_POINTS=100000</c> gives the full-size figure of docs/benchmarks.md.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task WithTheDefaultsEveryPointOfTheChaosRunArrivesExactlyOnce()
    {
        var scenario = ChaosScenario.FromEnvironment(points: 10_000);
        var logs = new CapturingLoggerFactory();
        scenario.LoggerFactory = logs;
        var result = await scenario.RunAsync(await InfluxServer.SharedAsync());
        output.WriteLine(result.ToString());
        // What the resilience pipeline did: retries, and the circuit's openings, probes and closings.
        output.WriteLine(string.Join(", ", new[] { (1102, "retries"), (1201, "circuit opened"), (1202, "half-open"), (1203, "closed") }
            .Select(e => $"{e.Item2} {logs.Entries.Count(x => x.Id.Id == e.Item1)}")));
        Assert.True(result.ExactlyOnce, result.ToString());
        Assert.Equal(0, result.ReportedLost);
        // Unless the knobs turned them off (HOMEIQ_CHAOS_OUTAGE_SECONDS=0, HOMEIQ_CHAOS_FAILURE_PERCENT=0, for a baseline).
        if (scenario.Outage > TimeSpan.Zero) Assert.True(result.RefusedConnections > 0, "the outage never refused a connection: " + result);
        if (scenario.FailureShare > 0) Assert.True(result.InjectedFaults.Values.Sum() > 0, "no fault was injected: " + result);
    }
}
