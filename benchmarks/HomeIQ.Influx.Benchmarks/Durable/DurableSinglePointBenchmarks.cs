using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Durable;

/// <summary>
/// A gateway's usual call: one point per <c>WriteAsync</c>. With <see cref="DurableFlushMode.EachWrite"/> every call
/// waits for a disk flush, and group commit lets the calls of <see cref="Producers"/> producers that arrive together
/// share one: with 8 producers the time per point must fall well below one flush. <see cref="Points"/> calls per
/// invocation; per point (= per call). <see cref="Cleanup"/> checks that the sink received exactly the lines sent.
/// </summary>
[MemoryDiagnoser]
public class DurableSinglePointBenchmarks
{
    /// <summary>Single-point calls per invocation (few: each EachWrite call may cost a disk flush of milliseconds).</summary>
    public const int Points = 1_000;

    private SensorPoint[] _points = null!;
    private DurableWriterSet _writers = null!;

    /// <summary>How many tasks write at once.</summary>
    [Params(1, 8)]
    public int Producers { get; set; }

    /// <summary>Builds the points and one writer per mode.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _points = DurableSampleData.Create(Points);
        _writers = new DurableWriterSet(window: 10 * Points);
    }

    /// <summary>Checks the sink received exactly the lines sent; disposes the writers and deletes the folders.</summary>
    [GlobalCleanup]
    public void Cleanup() => _writers.Dispose();

    /// <summary>Without a durable buffer.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public Task BufferOff() => RunAsync(_writers.Off);

    /// <summary>Durable, <see cref="DurableFlushMode.EachWrite"/>: each call completes once its point is flushed to disk (group commit).</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task EachWrite() => RunAsync(_writers.EachWrite);

    /// <summary>Durable, <see cref="DurableFlushMode.Interval"/>: each call completes once its point is in the file; a flush every 100 ms.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task Interval() => RunAsync(_writers.Interval);

    private async Task RunAsync(MeasurementWriter<SensorPoint> writer)
    {
        var producers = new Task[Producers];
        for (int p = 0; p < Producers; p++)
        {
            int first = p;
            producers[p] = Task.Run(async () =>
            {
                for (int i = first; i < Points; i += Producers) await writer.WriteAsync(_points[i]).ConfigureAwait(false);
            });
        }
        await Task.WhenAll(producers).ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
        _writers.Sent += Points;
    }
}
