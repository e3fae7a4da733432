using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Query;
using HomeIQ.Influx.Benchmarks.Serialize;
using HomeIQ.Influx.Benchmarks.Sink;
using HomeIQ.Influx.Querying;
using FluxCsvParser = InfluxDB.Client.Core.Flux.Internal.FluxCsvParser;
using FluxRecord = InfluxDB.Client.Core.Flux.Domain.FluxRecord;
using FluxTable = InfluxDB.Client.Core.Flux.Domain.FluxTable;

namespace HomeIQ.Influx.Benchmarks.Migration;

/// <summary>
/// The one-keyword migration (#21), before and after, on ONE class: <see cref="SensorReadingPoco"/> carries
/// InfluxDB.Client's <c>[Measurement]</c>/<c>[Column]</c> and is <c>partial</c> (the class the other suites' InfluxDB.Client
/// POCO rows use). "Before" is what InfluxDB.Client does with it by reflection, "after" is the code the generator emits
/// for it; both run on the same instances and the same bytes, in memory (no network), so the difference is the mapping.
/// <list type="bullet">
/// <item><b>Write</b>, per point: InfluxDB.Client's domain-object mapper (<c>IDomainObjectMapper.ConvertToPointData</c>, what
/// <c>WriteMeasurement(s)(Async)</c> call per POCO) then <c>PointData.ToLineProtocol()</c>, UTF-8 into a buffer; against the
/// generated serializer through <see cref="LineProtocol.Write{T}"/> (what the generated <c>Write{Type}Async</c> extensions
/// call). Baseline: before.</item>
/// <item><b>Query</b>, per row, <see cref="Rows"/> rows of a pivoted Flux answer (annotated CSV): InfluxDB.Client's
/// <c>QueryAsync&lt;T&gt;</c> pipeline, its <c>FluxCsvParser</c> into <c>FluxRecord</c>s and
/// <c>IFluxResultMapper.ConvertToEntity&lt;T&gt;</c> per record into a list; against the generated row mapper on
/// <see cref="QueryResultReader.CreateFluxCsv"/> into a list (what the generated <c>Query{Type}Async</c> extension does with
/// the body). Baseline: before.</item>
/// </list>
/// The setup refuses to run unless both sides produce the same lines (<see cref="SameBytesCheck"/>: byte for byte on
/// <see cref="DataSet.Today"/>, after rewriting G17 doubles on the others) and read back every row with the same values.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MigrationBenchmarks
{
    /// <summary>The points the write calls go round.</summary>
    public const int Points = 100;

    /// <summary>Rows in the query answer.</summary>
    public const int Rows = 5_000;

    private const string WriteCategory = "Write, per point";
    private const string QueryCategory = "Query, per row";

    private readonly ByteBuffer _output = new(4096);
    private SensorReadingPoco[] _readings = null!;
    private byte[] _csv = null!;
    private int _next;

    /// <summary>The kind of readings.</summary>
    [Params(DataSet.Today, DataSet.FullPrecision, DataSet.Mixed)]
    public DataSet Data { get; set; }

    /// <summary>Checks that before and after write the same lines and read the same rows, then builds the data.</summary>
    [GlobalSetup]
    public void Setup()
    {
        SameBytesCheck.EnsureSameBytes();
        _readings = Array.ConvertAll(SampleData.Create(Points, Data), SensorReadingPoco.From);
        var expected = SampleData.Create(Rows, Data);
        _csv = QueryPayloads.FluxCsv(expected);
        var before = ReadWithInfluxDBClient(_csv);
        var after = ReadWithGeneratedMapper(_csv).GetAwaiter().GetResult();
        // Every row, not a sample: the two sides must read the same values (doubles bit for bit) on every data set.
        QueryParsingBenchmarks.CheckRows("InfluxDB.Client FluxCsvParser + ConvertToEntity<T>", before.Count, _ => true, Rows);
        QueryParsingBenchmarks.CheckRows("generated row mapper", after.Count, _ => true, Rows);
        for (int i = 0; i < Rows; i++)
        {
            if (!before[i].SameAs(expected[i]))
                throw new InvalidOperationException($"InfluxDB.Client read row {i} differently from the sample data.");
            if (!after[i].SameAs(expected[i]))
                throw new InvalidOperationException($"The generated row mapper read row {i} differently from the sample data.");
        }
    }

    private int Next()
    {
        int i = _next;
        _next = i + 1 == Points ? 0 : i + 1;
        return i;
    }

    /// <summary>Before: InfluxDB.Client's reflection mapper (<c>ConvertToPointData</c>) + <c>ToLineProtocol()</c>.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(WriteCategory)]
    public int Write_Before_InfluxDBClientReflection()
    {
        _output.Reset();
        ClientSerializers.ClientPocoMapper(_readings[Next()], _output);
        return _output.Length;
    }

    /// <summary>After: the serializer generated for the partial class from InfluxDB.Client's attributes.</summary>
    [Benchmark, BenchmarkCategory(WriteCategory)]
    public int Write_After_Generated()
    {
        _output.Reset();
        var reading = _readings[Next()];
        LineProtocol.Write(_output, in reading);
        return _output.Length;
    }

    /// <summary>Before: <c>QueryAsync&lt;T&gt;</c>'s work on the body: <c>FluxCsvParser</c> + <c>ConvertToEntity&lt;T&gt;</c> per record.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows), BenchmarkCategory(QueryCategory)]
    public int Query_Before_InfluxDBClientReflection() => ReadWithInfluxDBClient(_csv).Count;

    /// <summary>After: the row mapper generated for the partial class, on the same annotated CSV.</summary>
    [Benchmark(OperationsPerInvoke = Rows), BenchmarkCategory(QueryCategory)]
    public async Task<int> Query_After_Generated() => (await ReadWithGeneratedMapper(_csv).ConfigureAwait(false)).Count;

    /// <summary>
    /// InfluxDB.Client's annotated-CSV parser as its <c>QueryApi</c> creates it: the constructor takes the internal
    /// <c>ResponseMode</c> (InfluxDB.Client 5.1.0), so it is created once by reflection with <c>ResponseMode.Full</c>
    /// (every column, as <c>QueryAsync&lt;T&gt;</c> parses); every call after that is an ordinary public call.
    /// </summary>
    private static readonly FluxCsvParser Parser = CreateParser();

    private static FluxCsvParser CreateParser()
    {
        var constructor = typeof(FluxCsvParser).GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .SingleOrDefault(c => c.GetParameters() is [{ ParameterType.IsEnum: true }])
            ?? throw new InvalidOperationException("FluxCsvParser(ResponseMode) was not found; the migration query benchmark needs InfluxDB.Client 5.1.0.");
        var mode = Enum.Parse(constructor.GetParameters()[0].ParameterType, "Full");
        return (FluxCsvParser)constructor.Invoke([mode]);
    }

    // As QueryApi.QueryAsync<T> does it (InfluxDB.Client 5.1.0): the CSV parser hands each FluxRecord to a consumer that
    // converts it with the client's mapper (by default the reflection-based DefaultDomainObjectMapper) and collects it.
    private static List<SensorReadingPoco> ReadWithInfluxDBClient(byte[] csv)
    {
        var consumer = new PocoConsumer(new List<SensorReadingPoco>(Rows));
        Parser.ParseFluxResponse(new MemoryStream(csv, writable: false), CancellationToken.None, consumer);
        return consumer.Rows;
    }

    // As the generated Query{Type}Async extension does it with the body it got from QueryRawAsync.
    private static async Task<List<SensorReadingPoco>> ReadWithGeneratedMapper(byte[] csv)
    {
        var rows = new List<SensorReadingPoco>(Rows);
        await using var reader = QueryResultReader.CreateFluxCsv(new MemoryStream(csv, writable: false));
        while (await reader.ReadAsync().ConfigureAwait(false)) rows.Add(reader.ReadCurrent<SensorReadingPoco>());
        return rows;
    }

    private sealed class PocoConsumer(List<SensorReadingPoco> rows) : FluxCsvParser.IFluxResponseConsumer
    {
        public List<SensorReadingPoco> Rows { get; } = rows;

        public void Accept(int index, FluxTable table)
        {
        }

        public void Accept(int index, FluxRecord record) => Rows.Add(ClientSerializers.PocoMapper.ConvertToEntity<SensorReadingPoco>(record));
    }
}
