using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Serialize;
using HomeIQ.Influx.Benchmarks.Server;

namespace HomeIQ.Influx.Benchmarks.Query;

/// <summary>
/// Queries from a real server: <see cref="Rows"/> readings written once into a private influxd 1.6 that this process
/// starts (<see cref="BenchServer"/>), then read back whole per invocation, as InfluxQL with a chunked JSON answer:
/// through the generated <c>SensorPointQuery</c>, and through <see cref="HandWrittenChunkedQuery"/> (a plain
/// <see cref="HttpClient"/> and <c>Utf8JsonReader</c>, the same request and so the same response). Reported per row:
/// Mean is the wall time, Allocated the client's bytes, <c>Client CPU ns/op</c> and <c>Server CPU ns/op</c> each
/// process's CPU time; <c>Row bytes</c> is what the rows themselves take (a <see cref="SensorPoint"/> and its four
/// strings), the least any reader that returns them must allocate.
/// </summary>
/// <remarks>
/// Each row is counted and folded into a checksum of its values (<see cref="Checksum"/>); after every iteration both
/// must equal those of the points written, so a reader that skips or garbles rows fails the run. Rows are consumed one
/// by one, not collected, so the allocation is the reader's own. The readings are <see cref="DataSet.Mixed"/>.
/// </remarks>
[MemoryDiagnoser]
[WarmupCount(1)]
[IterationCount(5)]
public class ServerQueryBenchmarks
{
    /// <summary>Rows read per invocation.</summary>
    public const int Rows = 1_000_000;

    private const string Database = "bench";

    private BenchServer _server = null!;
    private InfluxClient _homeIq = null!;
    private SensorPointQuery _query = null!;
    private string _influxQl = null!;
    private HandWrittenChunkedQuery _handWritten = null!;
    private long _expectedChecksum;
    private double _rowBytes;

    private long _rows;
    private long _checksum;
    private string? _ran;
    private IterationCpu _cpu;

    /// <summary>Starts the server, writes the rows once, and prepares both readers.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _server = BenchServer.Start();
        _server.RecreateDatabase(Database);
        var points = SampleData.Create(Rows, DataSet.Mixed);
        var body = new ByteBuffer(1 << 20);
        foreach (var chunk in points.Chunk(SampleData.BatchSize))
        {
            body.Reset();
            foreach (var point in chunk) HandWrittenSensorSerializer.Write(point, body);
            _server.LoadAsync(Database, body.WrittenMemory).GetAwaiter().GetResult();
        }
        var stored = _server.Totals(Database);
        if (stored != SensorTotals.Of(points)) throw new InvalidOperationException($"The server holds {stored} after loading {Rows} rows.");
        _expectedChecksum = points.Aggregate(0L, (sum, p) => sum + Checksum(p));
        _rowBytes = MeasureRowBytes(points);

        _homeIq = new InfluxClient(new InfluxClientOptions { Url = _server.Url, Api = InfluxApiVersion.V1, Database = Database, Timeout = TimeSpan.FromMinutes(5) });
        _query = _homeIq.QuerySensorPoint().Range(points[0].Time, points[^1].Time.AddSeconds(1));
        _influxQl = _query.ToInfluxQL();
        _handWritten = new HandWrittenChunkedQuery(_server.Http);
        Console.WriteLine($"// query: {_influxQl}; the rows themselves take {_rowBytes:F1} B each");
    }

    /// <summary>Stops the server (and deletes its data) and disposes the client.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _homeIq.Dispose();
        _server.Dispose();
    }

    /// <summary>Resets the row count and checksum, then notes both processes' CPU time.</summary>
    [IterationSetup]
    public void BeforeIteration()
    {
        _rows = 0;
        _checksum = 0;
        _ran = null;
        _cpu = IterationCpu.Start(_server);
    }

    /// <summary>Records the CPU time per row of both processes, then checks that every row was read, with its values.</summary>
    [IterationCleanup]
    public void AfterIteration()
    {
        if (_ran is null) return;
        var key = RunMetrics.Key(typeof(ServerQueryBenchmarks), _ran); // not GetType(): BenchmarkDotNet runs a derived class
        _cpu.Record(key, Rows);
        RunMetrics.Record(key, RunMetrics.RowBytes, _rowBytes);
        if (_rows != Rows || _checksum != _expectedChecksum)
            throw new InvalidOperationException($"{_ran} read {_rows:N0} rows with checksum {_checksum}; the server holds {Rows:N0} with checksum {_expectedChecksum}.");
    }

    /// <summary>The practical limit: <see cref="HttpClient"/>, the chunked answer parsed document by document with <c>Utf8JsonReader</c>.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public async Task HandWritten_HttpClient_Utf8JsonReader()
    {
        await _handWritten.ReadAsync(Database, _influxQl, Consume).ConfigureAwait(false);
        _ran = nameof(HandWritten_HttpClient_Utf8JsonReader);
    }

    /// <summary>HomeIQ: the generated <c>SensorPointQuery</c> (InfluxQL, chunked JSON), rows streamed with <c>await foreach</c>.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task HomeIQ_GeneratedQuery()
    {
        await foreach (var row in _query.ExecuteAsync().ConfigureAwait(false)) Consume(row);
        _ran = nameof(HomeIQ_GeneratedQuery);
    }

    private void Consume(SensorPoint row)
    {
        _rows++;
        _checksum += Checksum(row);
    }

    /// <summary>
    /// Folds every value of a row into a number: the numbers and time exactly, each string by its length and its first
    /// and last characters (cheap enough not to blur the readers' costs, enough to catch a row read wrong).
    /// </summary>
    public static long Checksum(SensorPoint p) =>
        p.Battery + BitConverter.DoubleToInt64Bits(p.Humidity) * 3 + BitConverter.DoubleToInt64Bits(p.Temperature) * 5 + p.Time.Ticks * 7 +
        Text(p.Home) * 11 + Text(p.Room) * 13 + Text(p.SensorId) * 17 + Text(p.Status) * 19;

    private static long Text(string s) => s.Length == 0 ? 0 : s.Length * 65_537L + s[0] * 257L + s[^1];

    // What a reader cannot avoid allocating per row: the row object and a fresh string per text value.
    private static double MeasureRowBytes(SensorPoint[] points)
    {
        const int Sample = 10_000;
        var rows = new SensorPoint[Sample];
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Sample; i++)
        {
            var p = points[i];
            rows[i] = new SensorPoint
            {
                Home = new string(p.Home.AsSpan()),
                Room = new string(p.Room.AsSpan()),
                SensorId = new string(p.SensorId.AsSpan()),
                Status = new string(p.Status.AsSpan()),
            };
        }
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(rows);
        return (double)bytes / Sample;
    }
}
