using HomeIQ.Influx.Reliability.Tests.Infrastructure;
using HomeIQ.Influx.Testing;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Reliability.Tests.Restart;

/// <summary>influxd is stopped for 10 s and started again while 8 producers write; every point arrives exactly once.</summary>
/// <remarks>Size: <c>HOMEIQ_RESTART_POINTS</c> (default 100,000).</remarks>
public sealed class ServerRestartTests(ITestOutputHelper output)
{
    private const int Producers = 8;
    private static readonly int Points = ReliabilityKit.Knob("HOMEIQ_RESTART_POINTS", 100_000);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TheWriterRidesThroughAServerRestartWithoutLossOrDuplicates(bool durable)
    {
        await using var server = await InfluxServer.StartNewAsync();
        var database = await server.CreateDatabaseAsync("restart");
        var run = durable ? "durable" : "memory";
        var logs = new CapturingLoggerFactory();
        var failures = new List<WriteFailedEventArgs>();
        var folder = durable ? ReliabilityKit.TempFolder("restart") : null;
        long produced = 0;
        var stopAt = Points * 3 / 10;
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            using var client = new InfluxClient(new InfluxClientOptions { Url = server.Url, Database = database, Api = InfluxApiVersion.V1, Timeout = TimeSpan.FromSeconds(5) }, logs);
            await using (var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions
            {
                BatchSize = 2_000,
                // A small buffer: without a durable buffer the producers are held back while the server is down instead
                // of finishing early; with one, memory holds this window and the rest of the outage goes to disk.
                MaxBufferedPoints = 10_000,
                FlushInterval = TimeSpan.FromMilliseconds(100),
                DurableBufferPath = folder,
                DurableFlushMode = DurableFlushMode.Interval,
                OnWriteFailed = e => { lock (failures) failures.Add(e); },
                Resilience = new InfluxResilienceOptions
                {
                    MaxRetryAttempts = 1_000,
                    RetryDelay = TimeSpan.FromMilliseconds(50),
                    MaxRetryDelay = TimeSpan.FromMilliseconds(500),
                    MaxTotalRetryTime = TimeSpan.FromSeconds(90),
                    RequestTimeout = TimeSpan.FromSeconds(5),
                    CircuitBreakerBreakDuration = TimeSpan.FromSeconds(1),
                },
            }))
            {
                var restart = Task.Run(async () =>
                {
                    await stopped.Task;
                    await server.StopAsync();
                    output.WriteLine($"server stopped after {Volatile.Read(ref produced)} points were accepted");
                    await Task.Delay(TimeSpan.FromSeconds(10));
                    output.WriteLine($"server starting again; {Volatile.Read(ref produced)} points accepted, {writer.BufferedPoints} buffered");
                    await server.StartAsync();
                });
                var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
                {
                    for (long seq = p; seq < Points; seq += Producers)
                    {
                        await writer.WriteAsync(new CrashPoint(run, seq));
                        if (Interlocked.Increment(ref produced) == stopAt) stopped.TrySetResult();
                    }
                })).ToArray();
                await Task.WhenAll(producers);
                await restart;
                await writer.FlushAsync();
            }
            output.WriteLine($"{logs.Entries.Count(e => e.Id.Id == 1101)} batches written, {logs.Entries.Count(e => e.Id.Id == 1102)} retries");
            Assert.Empty(failures);
            // The breaker opened while the server was down (and closed again): the run really went through an outage.
            Assert.Contains(logs.Entries, e => e.Id.Id == 1201);
            await ReliabilityKit.AssertExactlyAsync(server, database, run, Points, $"restart ({run})");
            if (folder is not null) Assert.Empty(Directory.GetFiles(folder, "*.hiqlog"));
        }
        finally
        {
            if (folder is not null) try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
