using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Sink;

namespace HomeIQ.Influx.Benchmarks.Durable;

/// <summary>
/// Replay throughput: a writer starts on a folder holding <see cref="Points"/> points an earlier writer left (an
/// outage's backlog, in calls of 1,000), reads them back segment by segment through a memory window of
/// <see cref="Window"/> points and sends them to the loopback sink, until FlushAsync completes. The baseline writes
/// the same points from memory. Per point. Each invocation starts from a fresh copy of the folder (made in
/// <see cref="IterationSetup"/>, not measured).
/// </summary>
[MemoryDiagnoser]
public class DurableReplayBenchmarks
{
    /// <summary>Points in the folder.</summary>
    public const int Points = 100_000;

    /// <summary>The replaying writer's memory window.</summary>
    public const int Window = 10_000;

    private SensorPoint[] _points = null!;
    private string _template = null!;
    private string _work = null!;
    private InfluxClient _client = null!;
    private long _submitted;
    private SinkStats _sinkAtStart;

    /// <summary>Writes the backlog once (the server is unreachable, so everything stays on disk) as the template.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _points = DurableSampleData.Create(Points);
        _template = DurableBench.CreateFolder("replay-template");
        using (var dead = new InfluxClient(new InfluxClientOptions { Url = DurableBench.DeadUrl(), Api = InfluxApiVersion.V1, Database = "bench" }))
        {
            var options = DurableBench.Options(_template, DurableFlushMode.Interval, Window);
            options.DisposeTimeout = TimeSpan.Zero;
            using var writer = new MeasurementWriter<SensorPoint>(dead, options);
            for (int start = 0; start < Points; start += 1_000) writer.WriteAsync(_points.AsMemory(start, 1_000)).AsTask().GetAwaiter().GetResult();
        }
        _client = DurableBench.SinkClient(SinkEndpoint.Url);
        _sinkAtStart = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult();
    }

    /// <summary>A fresh copy of the template folder for the next replay.</summary>
    [IterationSetup]
    public void IterationSetup()
    {
        DurableBench.DeleteFolder(_work);
        _work = DurableBench.CreateFolder("replay");
        foreach (var file in Directory.GetFiles(_template)) File.Copy(file, Path.Combine(_work, Path.GetFileName(file)));
    }

    /// <summary>Checks the sink received exactly the points sent, then deletes the folders.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var received = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult() - _sinkAtStart;
        _client.Dispose();
        DurableBench.DeleteFolder(_work);
        DurableBench.DeleteFolder(_template);
        if (received.Lines != _submitted)
            throw new InvalidOperationException($"The sink received {received.Lines} lines but the benchmark sent {_submitted}: a variant lost or duplicated points.");
    }

    /// <summary>The same points written from memory by a writer without a durable buffer.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public async Task FromMemory()
    {
        await using var writer = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(null, DurableFlushMode.EachWrite, Window));
        for (int start = 0; start < Points; start += 1_000) await writer.WriteAsync(_points.AsMemory(start, 1_000)).ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
        _submitted += Points;
    }

    /// <summary>A writer opens the folder, replays its backlog from disk to the sink, and flushes.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public async Task ReplayFromDisk()
    {
        await using var writer = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(_work, DurableFlushMode.Interval, Window));
        if (writer.RecoveredPoints != Points) throw new InvalidOperationException($"The folder held {writer.RecoveredPoints} points, not {Points}.");
        await writer.FlushAsync().ConfigureAwait(false);
        _submitted += Points;
    }
}
