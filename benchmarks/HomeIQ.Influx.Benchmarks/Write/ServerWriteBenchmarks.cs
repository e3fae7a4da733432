using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Serialize;
using HomeIQ.Influx.Benchmarks.Server;
using ClientOptions = InfluxDB.Client.InfluxDBClientOptions;
using ClientPrecision = InfluxDB.Client.Api.Domain.WritePrecision;
using ClientWriteApiAsync = InfluxDB.Client.WriteApiAsync;
using InfluxDBClient = InfluxDB.Client.InfluxDBClient;

namespace HomeIQ.Influx.Benchmarks.Write;

/// <summary>
/// End to end into a real server: <see cref="Points"/> readings per invocation into a private influxd 1.6 that this
/// process starts (<see cref="BenchServer"/>), in batches of 5,000, into a database emptied before each iteration.
/// Reported per point: Mean is the wall time per point, <b>Op/s is points per second</b>, Allocated the client's bytes per
/// point; the columns <c>Client CPU ns/pt</c> and <c>Server CPU ns/pt</c> are the CPU time each process used per point
/// (this process's and influxd's, measured around each iteration; the median of the iterations).
/// </summary>
/// <remarks>
/// <para>
/// After every iteration the server is asked what it holds (count of every field, sum of <c>battery</c>) and the
/// iteration fails unless that is exactly the 1,000,000 points sent: a variant that is fast because it loses points
/// cannot win. The readings are <see cref="DataSet.Mixed"/> (real text, one double in ten with full precision).
/// </para>
/// <para>
/// influxd 1.6 has no <c>/api/v2/write</c>, so InfluxDB.Client gets an <see cref="HttpClient"/> whose handler sends its
/// requests to <c>/write</c> (<see cref="V2WriteToV1Handler"/>). Each invocation takes seconds, so the job is fixed
/// here: one warm-up and five measured iterations of one invocation each.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
public class ServerWriteBenchmarks
{
    /// <summary>Points written per invocation.</summary>
    public const int Points = 1_000_000;

    private const int Batch = SampleData.BatchSize;
    private const string Database = "bench";

    private BenchServer _server = null!;
    private SensorPoint[] _points = null!;
    private SensorTotals _expected;
    private string? _ran;
    private IterationCpu _cpu;

    private ReadOnlyMemory<byte>[] _bodies = null!;

    private InfluxClient _homeIq = null!;
    private SensorPointWriter _writer = null!;

    private SensorReadingPoco[][] _pocoBatches = null!;
    private InfluxDBClient _client = null!;
    private ClientWriteApiAsync _writeApiAsync = null!;

    /// <summary>Starts the server, builds the points, the pre-built bodies and every client.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _server = BenchServer.Start();
        _points = SampleData.Create(Points, DataSet.Mixed);
        _expected = SensorTotals.Of(_points);

        // The server's own limit: the request bodies ready in memory, written by the hand-written serializer.
        var bodies = new List<ReadOnlyMemory<byte>>(Points / Batch);
        var buffer = new ByteBuffer(1 << 20);
        foreach (var chunk in _points.Chunk(Batch))
        {
            buffer.Reset();
            foreach (var point in chunk) HandWrittenSensorSerializer.Write(point, buffer);
            bodies.Add(buffer.WrittenSpan.ToArray());
        }
        _bodies = bodies.ToArray();

        // HomeIQ: the generated writer with its defaults (batches of 5,000, a buffer of 100,000 points).
        _homeIq = new InfluxClient(new InfluxClientOptions { Url = _server.Url, Api = InfluxApiVersion.V1, Database = Database });
        _writer = new SensorPointWriter(_homeIq);

        _pocoBatches = _points.Select(SensorReadingPoco.From).Chunk(Batch).ToArray();
        _client = new InfluxDBClient(new ClientOptions(_server.Url.ToString())
        {
            Org = "bench",
            Bucket = Database,
            HttpClient = new HttpClient(new V2WriteToV1Handler(new SocketsHttpHandler())),
        });
        _writeApiAsync = _client.GetWriteApiAsync();
    }

    /// <summary>Stops the server (and deletes its data) and disposes the clients.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _homeIq.Dispose();
        _client.Dispose();
        _server.Dispose();
    }

    /// <summary>Empties the database, then notes both processes' CPU time.</summary>
    [IterationSetup]
    public void BeforeIteration()
    {
        _server.RecreateDatabase(Database);
        _ran = null;
        _cpu = IterationCpu.Start(_server);
    }

    /// <summary>Records the CPU time per point of both processes, then checks the server holds exactly the points sent.</summary>
    [IterationCleanup]
    public void AfterIteration()
    {
        if (_ran is null) return;
        var key = RunMetrics.Key(typeof(ServerWriteBenchmarks), _ran); // not GetType(): BenchmarkDotNet runs a derived class
        _cpu.Record(key, Points);
        var stored = _server.Totals(Database);
        if (stored != _expected)
            throw new InvalidOperationException($"{_ran}: the server holds {stored}, but {_expected} were sent.");
    }

    /// <summary>The server's limit: the 200 bodies of 5,000 lines built in advance, each posted by a plain <see cref="HttpClient"/>, one after the other.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public async Task PrebuiltBodies_HttpClient()
    {
        foreach (var body in _bodies) await _server.PostAsync(Database, body).ConfigureAwait(false);
        _ran = nameof(PrebuiltBodies_HttpClient);
    }

    /// <summary>HomeIQ: the generated <c>SensorPointWriter</c> with default options, 5,000 points per <c>WriteAsync</c>, then <c>FlushAsync</c>.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public async Task HomeIQ_GeneratedWriter()
    {
        for (int start = 0; start < _points.Length; start += Batch)
            await _writer.WriteAsync(_points.AsMemory(start, Math.Min(Batch, _points.Length - start))).ConfigureAwait(false);
        await _writer.FlushAsync().ConfigureAwait(false);
        _ran = nameof(HomeIQ_GeneratedWriter);
    }

    /// <summary>InfluxDB.Client 5.1.0: <c>WriteApiAsync.WriteMeasurementsAsync</c> of 5,000 POCOs at a time.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public async Task InfluxDBClient_WriteApiAsync()
    {
        foreach (var batch in _pocoBatches)
            await _writeApiAsync.WriteMeasurementsAsync(batch, ClientPrecision.Ns, Database, "bench").ConfigureAwait(false);
        _ran = nameof(InfluxDBClient_WriteApiAsync);
    }
}
