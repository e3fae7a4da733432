using HomeIQ.Influx.Testing;
using System.Collections.Concurrent;
using HomeIQ.Influx.Writer.Tests.Infrastructure;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests;

/// <summary>
/// Each backpressure mode, with the proxy holding the first request until the test releases it so that the buffer's
/// content is known exactly: the held batch (points 0-9) is in flight, the rest waits in the buffer (one batch at a
/// time: MaxConcurrentBatches = 1).
/// </summary>
public sealed class BackpressureTests
{
    private const int Capacity = 100;

    private sealed class Rig : IAsyncDisposable
    {
        public readonly TaskCompletionSource Release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource FirstRequestArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly ConcurrentQueue<WriteFailedEventArgs> Failures = new();
        public FaultInjectingProxy Proxy = null!;
        public InfluxClient Client = null!;
        public MeasurementWriter<SensorReading> Writer = null!;
        public MetricsRecorder Metrics = null!;
        public Testing.InfluxServer Server = null!;
        public string Database = "";

        public static async Task<Rig> StartAsync(BackpressureMode mode, Action<WriteOptions>? configure = null)
        {
            var rig = new Rig();
            (rig.Server, rig.Database) = await WriterKit.NewDatabaseAsync("bp");
            rig.Proxy = new FaultInjectingProxy(rig.Server.Url, _ =>
            {
                rig.FirstRequestArrived.TrySetResult();
                return FaultAction.ForwardAfter(rig.Release.Task);
            });
            rig.Client = WriterKit.Client(rig.Proxy.Url, rig.Database, timeout: TimeSpan.FromSeconds(30));
            var options = WriterKit.FastOptions("bp-" + mode, rig.Failures.Enqueue);
            options.BackpressureMode = mode;
            options.MaxBufferedPoints = Capacity;
            options.BatchSize = 10;
            options.MaxConcurrentBatches = 1; // exactly one batch in flight (held), the rest in the buffer
            options.FlushInterval = TimeSpan.FromHours(1);
            options.Resilience.RequestTimeout = TimeSpan.FromSeconds(30);
            configure?.Invoke(options);
            rig.Metrics = new MetricsRecorder(options.Name!);
            rig.Writer = new MeasurementWriter<SensorReading>(rig.Client, options);
            // Points 0-9 make a full batch; wait until the sender has it on the wire (held by the proxy).
            for (long s = 0; s < 10; s++) await rig.Writer.WriteAsync(SensorReading.For(s));
            await rig.FirstRequestArrived.Task;
            return rig;
        }

        public async ValueTask DisposeAsync()
        {
            Release.TrySetResult();
            await Writer.DisposeAsync();
            await Client.DisposeAsync();
            await Proxy.DisposeAsync();
            Metrics.Dispose();
        }
    }

    [Fact]
    public async Task WaitHoldsTheProducerUntilThereIsRoomAndLosesNothing()
    {
        await using var rig = await Rig.StartAsync(BackpressureMode.Wait);
        for (long s = 10; s < Capacity; s++) await rig.Writer.WriteAsync(SensorReading.For(s));
        Assert.Equal(Capacity, rig.Writer.BufferedPoints);
        var waiting = rig.Writer.WriteAsync(SensorReading.For(Capacity)).AsTask();
        Assert.False(waiting.IsCompleted); // no room until the held batch completes
        rig.Release.SetResult();
        await waiting;
        await rig.Writer.FlushAsync();
        Assert.Empty(rig.Failures);
        await WriterKit.AssertReadingsExactlyAsync(rig.Server, rig.Database, Capacity + 1);
    }

    [Fact]
    public async Task DropNewestReportsExactlyTheRefusedPoints()
    {
        await using var rig = await Rig.StartAsync(BackpressureMode.DropNewest);
        for (long s = 10; s < 150; s++) await rig.Writer.WriteAsync(SensorReading.For(s));
        Assert.Equal(Capacity, rig.Writer.BufferedPoints);
        rig.Release.SetResult();
        await rig.Writer.FlushAsync();
        var dropped = rig.Failures.Where(f => f.Reason == WriteFailureReason.Dropped).SelectMany(f => f.Lines).ToArray();
        Assert.Equal(WriterKit.LongRange(100, 50).Select(s => LineProtocol.ToLine(SensorReading.For(s))), dropped);
        Assert.Equal(50, rig.Metrics.Sum(InfluxTelemetry.DroppedPointsInstrument));
        await WriterKit.AssertReadingsExactlyAsync(rig.Server, rig.Database, Capacity);
    }

    [Fact]
    public async Task DropOldestDropsTheOldestPointsNotInFlightAndReportsThem()
    {
        await using var rig = await Rig.StartAsync(BackpressureMode.DropOldest);
        for (long s = 10; s < 150; s++) await rig.Writer.WriteAsync(SensorReading.For(s));
        Assert.Equal(Capacity, rig.Writer.BufferedPoints);
        rig.Release.SetResult();
        await rig.Writer.FlushAsync();
        var dropped = rig.Failures.Where(f => f.Reason == WriteFailureReason.Dropped).SelectMany(f => f.Lines).ToArray();
        // 0-9 were in flight and kept; the 50 oldest behind them (10-59) made room for 100-149.
        Assert.Equal(WriterKit.LongRange(10, 50).Select(s => LineProtocol.ToLine(SensorReading.For(s))), dropped);
        Assert.Equal(50, rig.Metrics.Sum(InfluxTelemetry.DroppedPointsInstrument));
        await WriterKit.AssertReadingsExactlyAsync(rig.Server, rig.Database, Capacity,
            expectedSeqs: WriterKit.LongRange(0, 10).Concat(WriterKit.LongRange(60, 90)));
    }

    [Fact]
    public async Task ThrowRefusesThePointWithAClearError()
    {
        await using var rig = await Rig.StartAsync(BackpressureMode.Throw);
        for (long s = 10; s < Capacity; s++) await rig.Writer.WriteAsync(SensorReading.For(s));
        var error = await Assert.ThrowsAsync<WriteBufferFullException>(() => rig.Writer.WriteAsync(SensorReading.For(Capacity)).AsTask());
        Assert.Equal(Capacity, error.Capacity);
        Assert.Contains("full", error.Message, StringComparison.Ordinal);
        rig.Release.SetResult();
        await rig.Writer.FlushAsync();
        Assert.Equal(1, rig.Metrics.Sum(InfluxTelemetry.DroppedPointsInstrument));
        await WriterKit.AssertReadingsExactlyAsync(rig.Server, rig.Database, Capacity);
    }

    [Fact]
    public async Task DisposeReportsWhatCouldNotBeWrittenWithinTheTimeout()
    {
        // The held request does not complete in time: a short dispose timeout gives up and reports all 35 points.
        await using var rig = await Rig.StartAsync(BackpressureMode.Wait, o => o.DisposeTimeout = TimeSpan.FromMilliseconds(300));
        for (long s = 10; s < 35; s++) await rig.Writer.WriteAsync(SensorReading.For(s));
        await rig.Writer.DisposeAsync();
        var reported = rig.Failures.Where(f => f.Reason == WriteFailureReason.Disposed).SelectMany(f => f.Lines).ToArray();
        Assert.Equal(WriterKit.LongRange(0, 35).Select(s => LineProtocol.ToLine(SensorReading.For(s))), reported);
        Assert.Equal(0, rig.Writer.BufferedPoints);
        Assert.Equal(35, rig.Metrics.Sum(InfluxTelemetry.FailedPointsInstrument));
    }
}
