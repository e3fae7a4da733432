using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Sink;

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
    private InfluxClient _client = null!;
    private MeasurementWriter<SensorPoint> _off = null!, _eachWrite = null!, _interval = null!;
    private string _eachWriteFolder = null!, _intervalFolder = null!;
    private long _submitted;
    private SinkStats _sinkAtStart;

    /// <summary>How many tasks write at once.</summary>
    [Params(1, 8)]
    public int Producers { get; set; }

    /// <summary>Builds the points and one writer per mode, each durable one on its own folder.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _points = DurableSampleData.Create(Points);
        _client = DurableBench.SinkClient(SinkEndpoint.Url);
        _eachWriteFolder = DurableBench.CreateFolder("single-each");
        _intervalFolder = DurableBench.CreateFolder("single-interval");
        _off = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(null, DurableFlushMode.EachWrite, 10 * Points));
        _eachWrite = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(_eachWriteFolder, DurableFlushMode.EachWrite, 10 * Points));
        _interval = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(_intervalFolder, DurableFlushMode.Interval, 10 * Points));
        _sinkAtStart = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult();
    }

    /// <summary>Checks the sink received exactly the lines sent, then disposes the writers and deletes the folders.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var received = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult() - _sinkAtStart;
        _off.Dispose();
        _eachWrite.Dispose();
        _interval.Dispose();
        _client.Dispose();
        DurableBench.DeleteFolder(_eachWriteFolder);
        DurableBench.DeleteFolder(_intervalFolder);
        if (received.Lines != _submitted)
            throw new InvalidOperationException($"The sink received {received.Lines} lines but the benchmark sent {_submitted}: a variant lost or duplicated points.");
    }

    /// <summary>Without a durable buffer.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public Task BufferOff() => RunAsync(_off);

    /// <summary>Durable, <see cref="DurableFlushMode.EachWrite"/>: each call completes once its point is flushed to disk (group commit).</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task EachWrite() => RunAsync(_eachWrite);

    /// <summary>Durable, <see cref="DurableFlushMode.Interval"/>: each call completes once its point is in the file; a flush every 100 ms.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task Interval() => RunAsync(_interval);

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
        _submitted += Points;
    }
}
