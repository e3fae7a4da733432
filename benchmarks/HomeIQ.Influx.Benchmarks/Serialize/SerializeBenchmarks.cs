using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Serialize;

/// <summary>
/// One smart-home point (3 tags, 4 fields, timestamp) to line protocol, per variant, on each <see cref="DataSet"/>. The
/// baseline is the hand-written writer: the Ratio column reads "times the practical limit". Each call writes the next of
/// <see cref="Points"/> points, so a data set's mix of values (one double in ten with full precision in
/// <see cref="DataSet.Mixed"/>) is what a call costs on average.
/// </summary>
[MemoryDiagnoser]
public class SerializeSinglePointBenchmarks
{
    /// <summary>The points the calls go round.</summary>
    public const int Points = 100;

    private readonly ByteBuffer _output = new(4096);
    private SensorPoint[] _points = null!;
    private SensorReadingPoco[] _pocos = null!;
    private int _next;

    /// <summary>The kind of readings.</summary>
    [Params(DataSet.Today, DataSet.FullPrecision, DataSet.Mixed)]
    public DataSet Data { get; set; }

    /// <summary>Checks that all variants write the same bytes, then builds the points.</summary>
    [GlobalSetup]
    public void Setup()
    {
        SameBytesCheck.EnsureSameBytes();
        _points = SampleData.Create(Points, Data);
        _pocos = Array.ConvertAll(_points, SensorReadingPoco.From);
    }

    private int Next()
    {
        int i = _next;
        _next = i + 1 == Points ? 0 : i + 1;
        return i;
    }

    /// <summary>Hand-written UTF-8 writer for this type (the practical limit).</summary>
    [Benchmark(Baseline = true)]
    public int HandWritten()
    {
        _output.Reset();
        HandWrittenSensorSerializer.Write(_points[Next()], _output);
        return _output.Length;
    }

    /// <summary>HomeIQ <c>ILineProtocolPoint&lt;T&gt;</c> through <see cref="LineProtocol.Write{T}"/>: the serializer the HomeIQ.Influx generator emits for <see cref="SensorPoint"/>.</summary>
    [Benchmark]
    public int HomeIQ()
    {
        _output.Reset();
        ClientSerializers.HomeIQ(_points[Next()], _output);
        return _output.Length;
    }

    /// <summary>InfluxDB.Client PointData builder + ToLineProtocol.</summary>
    [Benchmark]
    public int InfluxDBClient_PointData()
    {
        _output.Reset();
        ClientSerializers.ClientPointData(_points[Next()], _output);
        return _output.Length;
    }

    /// <summary>InfluxDB.Client POCO mapper ([Measurement]/[Column]) + ToLineProtocol.</summary>
    [Benchmark]
    public int InfluxDBClient_PocoMapper()
    {
        _output.Reset();
        ClientSerializers.ClientPocoMapper(_pocos[Next()], _output);
        return _output.Length;
    }

    /// <summary>InfluxDB3.Client PointData + ToLineProtocol.</summary>
    [Benchmark]
    public int InfluxDB3Client_PointData()
    {
        _output.Reset();
        ClientSerializers.V3PointData(_points[Next()], _output);
        return _output.Length;
    }
}

/// <summary>
/// A batch of 5,000 points into one reused buffer, reported per point (<c>OperationsPerInvoke</c>), so the numbers
/// compare with the single-point ones while amortising call overhead as a batching writer does; on each <see cref="DataSet"/>.
/// </summary>
[MemoryDiagnoser]
public class SerializeBatchBenchmarks
{
    private const int Points = SampleData.BatchSize;
    private readonly ByteBuffer _output = new(1 << 20);
    private SensorPoint[] _points = null!;
    private SensorReadingPoco[] _pocos = null!;

    /// <summary>The kind of readings.</summary>
    [Params(DataSet.Today, DataSet.FullPrecision, DataSet.Mixed)]
    public DataSet Data { get; set; }

    /// <summary>Checks that all variants write the same bytes, then builds the batch.</summary>
    [GlobalSetup]
    public void Setup()
    {
        SameBytesCheck.EnsureSameBytes();
        _points = SampleData.Create(Points, Data);
        _pocos = Array.ConvertAll(_points, SensorReadingPoco.From);
    }

    /// <summary>Hand-written UTF-8 writer for this type (the practical limit).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public int HandWritten()
    {
        _output.Reset();
        foreach (var point in _points) HandWrittenSensorSerializer.Write(point, _output);
        return _output.Length;
    }

    /// <summary>HomeIQ <c>ILineProtocolPoint&lt;T&gt;</c> through <see cref="LineProtocol.Write{T}"/>: the serializer the HomeIQ.Influx generator emits for <see cref="SensorPoint"/>.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public int HomeIQ()
    {
        _output.Reset();
        foreach (var point in _points) LineProtocol.Write(_output, in point);
        return _output.Length;
    }

    /// <summary>InfluxDB.Client PointData builder + ToLineProtocol.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public int InfluxDBClient_PointData()
    {
        _output.Reset();
        foreach (var point in _points) ClientSerializers.ClientPointData(point, _output);
        return _output.Length;
    }

    /// <summary>InfluxDB.Client POCO mapper ([Measurement]/[Column]) + ToLineProtocol.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public int InfluxDBClient_PocoMapper()
    {
        _output.Reset();
        foreach (var poco in _pocos) ClientSerializers.ClientPocoMapper(poco, _output);
        return _output.Length;
    }

    /// <summary>InfluxDB3.Client PointData + ToLineProtocol.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public int InfluxDB3Client_PointData()
    {
        _output.Reset();
        foreach (var point in _points) ClientSerializers.V3PointData(point, _output);
        return _output.Length;
    }
}
