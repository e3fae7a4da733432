using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Sink;
using ClientOptions = InfluxDB.Client.InfluxDBClientOptions;
using ClientPrecision = InfluxDB.Client.Api.Domain.WritePrecision;
using ClientWriteApi = InfluxDB.Client.WriteApi;
using ClientWriteOptions = InfluxDB.Client.WriteOptions;
using InfluxDBClient = InfluxDB.Client.InfluxDBClient;

namespace HomeIQ.Influx.Benchmarks.Durable;

/// <summary>
/// What the durable buffer costs a writer: <see cref="Points"/> readings from <see cref="Producers"/> producers in calls
/// of <see cref="PerCall"/> points, to the loopback sink's 204 answers, with the buffer off, in
/// <see cref="DurableFlushMode.EachWrite"/> (each call waits for its disk flush, shared by the calls that arrive
/// together) and in <see cref="DurableFlushMode.Interval"/> (a flush every 100 ms). InfluxDB.Client's batching
/// <c>WriteApi</c> (memory only; it has no disk buffer) is the reference. Per point: Mean is time per point, Op/s
/// points per second. <see cref="Cleanup"/> checks that the sink received exactly the lines sent.
/// </summary>
[MemoryDiagnoser]
public class DurableWriteBenchmarks
{
    /// <summary>Points written per invocation.</summary>
    public const int Points = 20_000;

    /// <summary>Points per <c>WriteAsync</c> call.</summary>
    public const int PerCall = 100;

    private SensorPoint[] _points = null!;
    private SensorReadingPoco[] _pocos = null!;
    private DurableWriterSet _writers = null!;
    private InfluxDBClient _influxDbClient = null!;
    private ClientWriteApi _writeApi = null!;
    private WriteApiCompletion _writeApiCompletion = null!;

    /// <summary>How many tasks write at once.</summary>
    [Params(1, 8)]
    public int Producers { get; set; }

    /// <summary>Builds the points, the writers (the window holds an invocation: no backlog, the difference is the disk) and the reference client.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _points = DurableSampleData.Create(Points);
        _pocos = _points.Select(SensorReadingPoco.From).ToArray();
        _writers = new DurableWriterSet(window: Points);
        _influxDbClient = new InfluxDBClient(new ClientOptions(SinkEndpoint.Url.ToString()) { Token = "bench-token", Org = "bench", Bucket = "bench" });
        _writeApi = _influxDbClient.GetWriteApi(new ClientWriteOptions { BatchSize = 5_000, FlushInterval = 60_000 });
        _writeApiCompletion = new WriteApiCompletion(_writeApi);
    }

    /// <summary>Disposes the reference client, then checks the sink received exactly the lines sent and disposes the writers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _writeApi.Dispose();
        _influxDbClient.Dispose();
        _writers.Dispose();
    }

    /// <summary>HomeIQ <c>MeasurementWriter&lt;T&gt;</c> without a durable buffer (memory only).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public Task BufferOff() => RunAsync(_writers.Off);

    /// <summary>With the durable buffer, <see cref="DurableFlushMode.EachWrite"/>: every call waits until its record is flushed to disk.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task EachWrite() => RunAsync(_writers.EachWrite);

    /// <summary>With the durable buffer, <see cref="DurableFlushMode.Interval"/>: a call waits until its record is written to the file; a flush every 100 ms.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task Interval() => RunAsync(_writers.Interval);

    /// <summary>InfluxDB.Client's batching <c>WriteApi</c> (memory only): <c>WriteMeasurements</c> of 100 POCOs per call from each producer, <c>Flush()</c>, then every batch's success event.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public void InfluxDBClient_WriteApi()
    {
        _writeApiCompletion.Start(Points);
        Parallel.For(0, Producers, new ParallelOptions { MaxDegreeOfParallelism = Producers }, p =>
        {
            for (int start = p * PerCall; start < Points; start += Producers * PerCall)
                _writeApi.WriteMeasurements(_pocos[start..Math.Min(Points, start + PerCall)], ClientPrecision.Ns, "bench", "bench");
        });
        _writeApi.Flush();
        _writeApiCompletion.Wait();
        _writers.Sent += Points;
    }

    private async Task RunAsync(MeasurementWriter<SensorPoint> writer)
    {
        var producers = new Task[Producers];
        for (int p = 0; p < Producers; p++)
        {
            int first = p * PerCall;
            producers[p] = Task.Run(async () =>
            {
                // Producer p writes calls p, p + Producers, ... so that all of them run all the time.
                for (int start = first; start < Points; start += Producers * PerCall)
                    await writer.WriteAsync(_points.AsMemory(start, Math.Min(PerCall, Points - start))).ConfigureAwait(false);
            });
        }
        await Task.WhenAll(producers).ConfigureAwait(false);
        await writer.FlushAsync().ConfigureAwait(false);
        _writers.Sent += Points;
    }
}
