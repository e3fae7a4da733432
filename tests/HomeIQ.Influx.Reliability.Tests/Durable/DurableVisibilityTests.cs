using HomeIQ.Influx.Reliability.Tests.Infrastructure;
using HomeIQ.Influx.Testing;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Reliability.Tests.Durable;

/// <summary>What an operator sees of the durable buffer (its gauges and counters through the meter) and what it costs (disk flushes under many producers).</summary>
public sealed class DurableVisibilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = ReliabilityKit.TempFolder("visible");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task TheGaugesShowTheBacklogDuringAnOutageAndTheReplayAfterIt()
    {
        var server = await InfluxServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("visible");
        await using var proxy = new FaultInjectingProxy(server.Url) { Outage = true };
        using var metrics = new DurableMetrics("visible-writer");
        using var client = new InfluxClient(new InfluxClientOptions { Url = proxy.Url, Database = database, Api = InfluxApiVersion.V1 });
        await using var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions
        {
            Name = "visible-writer",
            DurableBufferPath = _folder,
            MaxBufferedPoints = 500,
            BatchSize = 250,
            FlushInterval = TimeSpan.FromMilliseconds(20),
            Resilience = new InfluxResilienceOptions { MaxRetryAttempts = 1, RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) },
        });
        for (int i = 0; i < 5_000; i += 100) await writer.WriteAsync(Enumerable.Range(i, 100).Select(s => new CrashPoint("visible", s)));
        await Task.Delay(1_100);

        // The outage: every point on disk and unconfirmed, most of them only on disk, the bytes those of the files.
        double points = metrics.Read(InfluxTelemetry.DurablePointsInstrument);
        double backlog = metrics.Read(InfluxTelemetry.DurableBacklogInstrument);
        double bytes = metrics.Read(InfluxTelemetry.DurableBytesInstrument);
        double age = metrics.Read(InfluxTelemetry.DurableOldestAgeInstrument);
        output.WriteLine($"outage: points {points}, backlog {backlog}, bytes {bytes}, oldest {age:F2} s");
        Assert.Equal(5_000, points);
        Assert.InRange(backlog, 4_500, 5_000);
        Assert.Equal(Directory.GetFiles(_folder, "*.hiqlog").Sum(f => new FileInfo(f).Length), bytes);
        Assert.InRange(age, 1.0, 60);

        // The server is back: the replay reads the backlog into memory, everything is confirmed, the gauges fall to 0.
        proxy.Outage = false;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60))) await writer.FlushAsync(timeout.Token);
        Assert.Equal(0, metrics.Read(InfluxTelemetry.DurablePointsInstrument));
        Assert.Equal(0, metrics.Read(InfluxTelemetry.DurableBacklogInstrument));
        Assert.Equal(0, metrics.Read(InfluxTelemetry.DurableOldestAgeInstrument));
        Assert.InRange(metrics.Sum(InfluxTelemetry.DurableReplayedInstrument), (long)backlog, 5_000);
        Assert.Equal(5_000, metrics.Sum(InfluxTelemetry.WrittenPointsInstrument));
        await ReliabilityKit.AssertExactlyAsync(server, database, "visible", 5_000, "visible");
    }

    [Fact]
    public async Task ConcurrentWritesShareDiskFlushes()
    {
        // Eight producers write single points with EachWrite: each call completes only once its record is on disk, but
        // calls that arrive during a flush share the next one (group commit).
        const int Producers = 8, PerProducer = 500;
        using var metrics = new DurableMetrics("group-commit");
        using (var client = new InfluxClient(new InfluxClientOptions { Url = ReliabilityKit.DeadUrl(), Database = "d", Api = InfluxApiVersion.V1 }))
        await using (var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions
        {
            Name = "group-commit",
            DurableBufferPath = _folder,
            DurableFlushMode = DurableFlushMode.EachWrite,
            DisposeTimeout = TimeSpan.Zero,
        }))
        {
            await Task.WhenAll(Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
            {
                for (int i = 0; i < PerProducer; i++) await writer.WriteAsync(new CrashPoint($"group-{p}", i));
            })));
        }
        long flushes = metrics.Sum(InfluxTelemetry.DurableDiskFlushesInstrument);
        output.WriteLine($"{Producers * PerProducer} single-point calls, {flushes} disk flushes ({Producers * PerProducer / (double)Math.Max(1, flushes):F1} calls per flush)");
        Assert.InRange(flushes, 1, Producers * PerProducer / 2);
        // Every acknowledged point is on disk for the next writer.
        using var again = new InfluxClient(new InfluxClientOptions { Url = ReliabilityKit.DeadUrl(), Database = "d", Api = InfluxApiVersion.V1 });
        await using var next = new MeasurementWriter<CrashPoint>(again, new WriteOptions { DurableBufferPath = _folder });
        Assert.Equal(Producers * PerProducer, next.RecoveredPoints);
    }
}
