using HomeIQ.Influx.Testing;
using System.Collections.Concurrent;
using HomeIQ.Influx.Writer.Tests.Infrastructure;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests;

/// <summary>The circuit opens after repeated failures, rejects calls without touching the server, probes, and closes.</summary>
public sealed class CircuitBreakerTests
{
    private const int Opened = 1201, HalfOpened = 1202, Closed = 1203, Retrying = 1102;

    [Fact]
    public async Task TheCircuitOpensProbesReopensOnAFailedProbeAndClosesOnASuccessfulOne()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("circuit");
        // Requests 1-4 fail (enough to open at a minimum throughput of 4), the first probe (5) fails too, the second succeeds.
        await using var proxy = new FaultInjectingProxy(server.Url, r => r.Number <= 5 ? FaultAction.Respond(503, "{\"error\":\"down\"}") : FaultAction.Forward);
        var logs = new CapturingLoggerFactory();
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        await using var client = WriterKit.Client(proxy.Url, database, logs);
        var options = WriterKit.FastOptions("circuit", failures.Enqueue);
        options.Resilience.CircuitBreakerMinimumThroughput = 4;
        options.Resilience.CircuitBreakerFailureRatio = 0.5;
        options.Resilience.CircuitBreakerSamplingDuration = TimeSpan.FromSeconds(30);
        options.Resilience.CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(500);
        await using (var writer = new MeasurementWriter<SensorReading>(client, options))
        {
            await writer.WriteAsync(WriterKit.LongRange(0, 20).Select(s => SensorReading.For(s)));
            await writer.FlushAsync();
        }

        Assert.Empty(failures);
        var transitions = logs.Entries.Where(e => e.Id.Id is Opened or HalfOpened or Closed).Select(e => e.Id.Id).ToArray();
        Assert.Equal([Opened, HalfOpened, Opened, HalfOpened, Closed], transitions);
        // While open, attempts were refused by the breaker without reaching the server.
        Assert.Contains(logs.Entries, e => e.Id.Id == Retrying && e.Text.Contains("BrokenCircuitException", StringComparison.Ordinal));
        Assert.Equal(6, proxy.Requests.Count);
        await WriterKit.AssertReadingsExactlyAsync(server, database, 20);
    }

    [Fact]
    public async Task WhenTheCircuitStaysOpenPastTheRetryBudgetTheBatchIsReportedAsCircuitOpen()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("circuitfail");
        await using var proxy = new FaultInjectingProxy(server.Url, _ => FaultAction.Respond(500, "{\"error\":\"down\"}"));
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        await using var client = WriterKit.Client(proxy.Url, database);
        var options = WriterKit.FastOptions("circuitfail", failures.Enqueue);
        options.Resilience.CircuitBreakerMinimumThroughput = 2;
        options.Resilience.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
        options.Resilience.MaxRetryAttempts = 3;
        options.Resilience.MaxTotalRetryTime = TimeSpan.FromSeconds(2);
        await using (var writer = new MeasurementWriter<SensorReading>(client, options))
        {
            await writer.WriteAsync(WriterKit.LongRange(0, 5).Select(s => SensorReading.For(s)));
            await writer.FlushAsync();
        }
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.CircuitOpen, failure.Reason);
        Assert.Equal(5, failure.Lines.Count);
        Assert.Equal(2, proxy.Requests.Count); // the breaker kept the later attempts off the server
    }
}
