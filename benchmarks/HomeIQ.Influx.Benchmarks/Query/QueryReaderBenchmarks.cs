using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Sink;
using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Benchmarks.Query;

/// <summary>
/// The parsing half of <see cref="QueryParsingBenchmarks"/> without HTTP or the sink: the same 100,000-row payloads read
/// from memory, by HomeIQ's <see cref="QueryResultReader"/> with the generated <see cref="SensorPoint"/> mapper and by
/// the hand-written parsers. Reported per row. Made for callgrind (its instruction counts need no InfluxDB.Client setup,
/// which times out under valgrind) and for <c>--compare</c> runs that the network does not disturb.
/// </summary>
[MemoryDiagnoser]
public class QueryReaderBenchmarks
{
    private const int Rows = QueryPayloads.Rows;

    private byte[] _json = [];
    private byte[] _csv = [];

    /// <summary>Builds the payloads and checks that every variant reads them back into the sample points.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var expected = SampleData.Create(Rows);
        _json = QueryPayloads.InfluxQlJson(expected);
        _csv = QueryPayloads.FluxCsv(expected);
        Check("HomeIQ reader (InfluxQL JSON)", ReadAsync(QueryResultReader.CreateInfluxQL(new MemoryStream(_json))).GetAwaiter().GetResult(), expected);
        Check("HomeIQ reader (Flux CSV)", ReadAsync(QueryResultReader.CreateFluxCsv(new MemoryStream(_csv))).GetAwaiter().GetResult(), expected);
        Check("hand-written InfluxQL JSON parser", HandWrittenQueryParsers.ParseInfluxQlJson(_json), expected);
        Check("hand-written Flux CSV parser", HandWrittenQueryParsers.ParseFluxCsv(_csv), expected);
    }

    /// <summary>HomeIQ's reader and generated mapper over the InfluxQL JSON payload.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> HomeIQ_Reader_InfluxQlJson() => (await ReadAsync(QueryResultReader.CreateInfluxQL(new MemoryStream(_json))).ConfigureAwait(false)).Count;

    /// <summary>HomeIQ's reader and generated mapper over the Flux CSV payload.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> HomeIQ_Reader_FluxCsv() => (await ReadAsync(QueryResultReader.CreateFluxCsv(new MemoryStream(_csv))).ConfigureAwait(false)).Count;

    /// <summary>The hand-written Utf8JsonReader parser over the same bytes.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int HandWritten_InfluxQlJson() => HandWrittenQueryParsers.ParseInfluxQlJson(_json).Count;

    /// <summary>The hand-written CSV parser over the same bytes.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public int HandWritten_FluxCsv() => HandWrittenQueryParsers.ParseFluxCsv(_csv).Count;

    // Into a list, as the other rows of the comparison do.
    private static async Task<List<SensorPoint>> ReadAsync(QueryResultReader reader)
    {
        var rows = new List<SensorPoint>(Rows);
        await using (reader.ConfigureAwait(false))
        {
            await foreach (var row in reader.ReadAllAsync<SensorPoint>().ConfigureAwait(false)) rows.Add(row);
        }
        return rows;
    }

    private static void Check(string variant, List<SensorPoint> rows, SensorPoint[] expected) =>
        QueryParsingBenchmarks.CheckRows(variant, rows.Count, i => HandWrittenQueryParsers.Same(rows[i], expected[i]), expected.Length);
}
