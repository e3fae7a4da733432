using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Sink;
using ClientOptions = InfluxDB.Client.InfluxDBClientOptions;
using ClientPrecision = InfluxDB.Client.Api.Domain.WritePrecision;
using ClientWriteApi = InfluxDB.Client.WriteApi;
using ClientWriteErrorEvent = InfluxDB.Client.Writes.WriteErrorEvent;
using ClientWriteOptions = InfluxDB.Client.WriteOptions;
using ClientWriteSuccessEvent = InfluxDB.Client.Writes.WriteSuccessEvent;
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
    private InfluxClient _client = null!;
    private MeasurementWriter<SensorPoint> _off = null!, _eachWrite = null!, _interval = null!;
    private string _eachWriteFolder = null!, _intervalFolder = null!;
    private InfluxDBClient _influxDbClient = null!;
    private ClientWriteApi _writeApi = null!;
    private readonly ManualResetEventSlim _writeApiDone = new();
    private long _writeApiLines, _writeApiTarget;
    private Exception? _writeApiError;
    private long _submitted;
    private SinkStats _sinkAtStart;

    /// <summary>How many tasks write at once.</summary>
    [Params(1, 8)]
    public int Producers { get; set; }

    /// <summary>Builds the points, the writers (one per mode, each on its own folder) and the reference client.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _points = DurableSampleData.Create(Points);
        _pocos = _points.Select(SensorReadingPoco.From).ToArray();
        _client = DurableBench.SinkClient(SinkEndpoint.Url);
        _eachWriteFolder = DurableBench.CreateFolder("eachwrite");
        _intervalFolder = DurableBench.CreateFolder("interval");
        _off = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(null, DurableFlushMode.EachWrite, Points));
        _eachWrite = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(_eachWriteFolder, DurableFlushMode.EachWrite, Points));
        _interval = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(_intervalFolder, DurableFlushMode.Interval, Points));
        _influxDbClient = new InfluxDBClient(new ClientOptions(SinkEndpoint.Url.ToString()) { Token = "bench-token", Org = "bench", Bucket = "bench" });
        _writeApi = _influxDbClient.GetWriteApi(new ClientWriteOptions { BatchSize = 5_000, FlushInterval = 60_000 });
        _writeApi.EventHandler += OnWriteApiEvent;
        _sinkAtStart = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult();
    }

    /// <summary>Checks the sink received exactly the lines sent, then disposes everything and deletes the folders.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var received = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult() - _sinkAtStart;
        _off.Dispose();
        _eachWrite.Dispose();
        _interval.Dispose();
        _writeApi.Dispose();
        _influxDbClient.Dispose();
        _client.Dispose();
        DurableBench.DeleteFolder(_eachWriteFolder);
        DurableBench.DeleteFolder(_intervalFolder);
        if (received.Lines != _submitted)
            throw new InvalidOperationException($"The sink received {received.Lines} lines but the benchmark sent {_submitted}: a variant lost or duplicated points.");
    }

    /// <summary>HomeIQ <c>MeasurementWriter&lt;T&gt;</c> without a durable buffer (memory only).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public Task BufferOff() => RunAsync(_off);

    /// <summary>With the durable buffer, <see cref="DurableFlushMode.EachWrite"/>: every call waits until its record is flushed to disk.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task EachWrite() => RunAsync(_eachWrite);

    /// <summary>With the durable buffer, <see cref="DurableFlushMode.Interval"/>: a call waits until its record is written to the file; a flush every 100 ms.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public Task Interval() => RunAsync(_interval);

    /// <summary>InfluxDB.Client's batching <c>WriteApi</c> (memory only): <c>WriteMeasurements</c> of 100 POCOs per call from each producer, <c>Flush()</c>, then every batch's success event.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public void InfluxDBClient_WriteApi()
    {
        _writeApiDone.Reset();
        _writeApiError = null;
        Interlocked.Exchange(ref _writeApiLines, 0);
        Interlocked.Exchange(ref _writeApiTarget, Points);
        Parallel.For(0, Producers, new ParallelOptions { MaxDegreeOfParallelism = Producers }, p =>
        {
            for (int start = p * PerCall; start < Points; start += Producers * PerCall)
                _writeApi.WriteMeasurements(_pocos[start..Math.Min(Points, start + PerCall)], ClientPrecision.Ns, "bench", "bench");
        });
        _writeApi.Flush();
        if (!_writeApiDone.Wait(TimeSpan.FromMinutes(2))) throw new TimeoutException("WriteApi did not report all batches written within 2 minutes.");
        if (_writeApiError is not null) throw new InvalidOperationException("WriteApi reported a failed batch.", _writeApiError);
        _submitted += Points;
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
        _submitted += Points;
    }

    private void OnWriteApiEvent(object? sender, EventArgs e)
    {
        switch (e)
        {
            case ClientWriteSuccessEvent success:
                var text = success.LineProtocol.AsSpan();
                long lines = text.Count('\n') + (text.Length > 0 && text[^1] != '\n' ? 1 : 0);
                if (Interlocked.Add(ref _writeApiLines, lines) >= Interlocked.Read(ref _writeApiTarget)) _writeApiDone.Set();
                break;
            case ClientWriteErrorEvent error:
                _writeApiError = error.Exception;
                _writeApiDone.Set();
                break;
        }
    }
}
