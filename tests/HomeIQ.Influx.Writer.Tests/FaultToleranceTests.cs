using HomeIQ.Influx.Testing;
using System.Collections.Concurrent;
using System.Globalization;
using HomeIQ.Influx.Writer.Tests.Infrastructure;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests;

/// <summary>
/// The real server behind the fault-injecting proxy: a share of requests fail in every way the issue lists, plus an
/// outage in the middle, and still every point arrives exactly once.
/// </summary>
public sealed class FaultToleranceTests
{
    [Fact]
    public async Task WithThirtyPercentFailuresAndAFiveSecondOutageEveryPointArrivesExactlyOnce()
    {
        int n = WriterKit.SoakPoints(100_000);
        var (server, database) = await WriterKit.NewDatabaseAsync("faults");
        var random = new Random(1234);
        var injected = new ConcurrentDictionary<string, int>();
        int outageStarted = 0;
        int outageAt = Math.Max(2, n / 2_500 / 2);
        await using var proxy = new FaultInjectingProxy(server.Url);
        proxy.Decide = request =>
        {
            // The outage starts mid-run (at the 20th request for 100,000 points) and lasts 5 s; connections are reset meanwhile.
            if (request.Number == outageAt && Interlocked.Exchange(ref outageStarted, 1) == 0)
            {
                proxy.Outage = true;
                _ = Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => proxy.Outage = false, TaskScheduler.Default);
            }
            double roll;
            int kind;
            lock (random) { roll = random.NextDouble(); kind = random.Next(7); }
            if (roll >= 0.30) return FaultAction.Forward;
            var (name, action) = kind switch
            {
                0 => ("503", FaultAction.Respond(503, "{\"error\":\"overloaded\"}", ("Retry-After", "1"))),
                1 => ("429", FaultAction.Respond(429, "{\"error\":\"slow down\"}")),
                2 => ("500", FaultAction.Respond(500, "{\"error\":\"engine failure\"}")),
                3 => ("drop", FaultAction.Drop),
                4 => ("forward-then-drop", FaultAction.ForwardThenDrop), // written, but the client never hears: resent
                5 => ("502", FaultAction.Respond(502, "bad gateway")),
                _ => ("stall", FaultAction.StallFor(TimeSpan.FromSeconds(2.5))), // past the 2 s request timeout
            };
            injected.AddOrUpdate(name, 1, (_, c) => c + 1);
            return action;
        };

        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        var logs = new CapturingLoggerFactory();
        await using var client = WriterKit.Client(proxy.Url, database, logs);
        var options = WriterKit.FastOptions("faults", failures.Enqueue);
        options.BatchSize = 2_500;
        options.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(1);
        options.Resilience.RequestTimeout = TimeSpan.FromSeconds(2);
        using var metrics = new MetricsRecorder(options.Name!);
        await using (var writer = new MeasurementWriter<SensorReading>(client, options))
        {
            await WriterKit.ProduceAsync(writer, n);
            await writer.FlushAsync();
        }

        Assert.True(failures.IsEmpty, ContextOfFirstError(logs));
        Assert.True(proxy.RefusedConnections > 0, "the outage never refused a connection");
        Assert.True(injected.Values.Sum() > 0, "no fault was injected");
        Assert.True(metrics.Sum(InfluxTelemetry.RetriedBatchesInstrument) > 0);
        Assert.Equal(n, metrics.Sum(InfluxTelemetry.WrittenPointsInstrument));
        await WriterKit.AssertReadingsExactlyAsync(server, database, n);
    }

    private static string ContextOfFirstError(CapturingLoggerFactory logs)
    {
        var all = logs.Entries.ToList();
        int first = all.FindIndex(e => e.Id.Id == 1103);
        return first < 0 ? "no error logged" : string.Join("\n", all.Skip(Math.Max(0, first - 25)).Take(27).Select(e => e.Text[..Math.Min(e.Text.Length, 260)]));
    }

    [Fact]
    public async Task AsTheBufferFillsDuringAnOutageTheBufferedGaugeNeverPassesTheLimit()
    {
        const int limit = 10_000;
        const int n = 30_000;
        var (server, database) = await WriterKit.NewDatabaseAsync("bounded");
        await using var proxy = new FaultInjectingProxy(server.Url) { Outage = true };
        await using var client = WriterKit.Client(proxy.Url, database);
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        var options = WriterKit.FastOptions("bounded", failures.Enqueue);
        options.MaxBufferedPoints = limit;
        options.BatchSize = 1_000;
        using var metrics = new MetricsRecorder(options.Name!);
        await using var writer = new MeasurementWriter<SensorReading>(client, options);

        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            while (await timer.WaitForNextTickAsync(sampling.Token).ConfigureAwait(false)) metrics.Sample();
        });
        var producing = WriterKit.ProduceAsync(writer, n, producers: 4);
        // Writes continue against a full buffer: wait until it is full, then keep the outage a while longer.
        while (writer.BufferedPoints < limit) await Task.Delay(20);
        await Task.Delay(1500);
        Assert.False(producing.IsCompleted, "producers should be held back while the buffer is full");
        proxy.Outage = false;
        await producing;
        await writer.FlushAsync();
        metrics.Sample();
        await sampling.CancelAsync();
        try { await sampler; } catch (OperationCanceledException) { }

        Assert.True(metrics.BufferedObservations > 100, $"only {metrics.BufferedObservations} gauge readings");
        Assert.Equal(limit, metrics.MaxBuffered); // it reached the limit, and never went past it
        Assert.Empty(failures);
        await WriterKit.AssertReadingsExactlyAsync(server, database, n, producers: 4);
    }
}
