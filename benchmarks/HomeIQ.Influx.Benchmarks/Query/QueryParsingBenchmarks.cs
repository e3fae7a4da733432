using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Sink;
using ClientOptions = InfluxDB.Client.InfluxDBClientOptions;
using InfluxDBClient = InfluxDB.Client.InfluxDBClient;
using ClientQueryApi = InfluxDB.Client.QueryApi;

namespace HomeIQ.Influx.Benchmarks.Query;

/// <summary>
/// Query results into objects: the sink serves a fixed 100,000-row answer (<see cref="QueryPayloads"/>), as Flux
/// annotated CSV on <c>/api/v2/query</c> and as InfluxQL JSON on <c>/query</c>. Reported per row
/// (<c>OperationsPerInvoke</c>): Mean is the time per row, Allocated the bytes per row. The <c>Download_*</c> rows are
/// the transport floor (fetch and discard the body), so parsing cost = variant - floor; the <c>HandWritten_*</c> rows
/// are the practical limit (buffer the body, parse with code written for this one type). Ratio is against
/// InfluxDB.Client's <c>QueryAsync&lt;T&gt;</c>.
/// </summary>
[MemoryDiagnoser]
public class QueryParsingBenchmarks
{
    private const int Rows = QueryPayloads.Rows;
    private const string Org = "bench";
    private const string Flux = "from(bucket: \"bench\") |> range(start: 0) |> filter(fn: (r) => r._measurement == \"sensor\") " +
                                "|> pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")";
    private const string InfluxQl = "query?db=bench&q=SELECT%20*%20FROM%20sensor";
    private const string FluxPath = "api/v2/query?org=bench";

    private HttpClient _http = null!;
    private readonly ByteBuffer _download = new(32 << 20);
    private InfluxDBClient _client = null!;
    private ClientQueryApi _queryApi = null!;
    private InfluxClient _homeIqFlux = null!;
    private InfluxClient _homeIqInfluxQl = null!;

    /// <summary>Creates the clients and checks that InfluxDB.Client reads the payload back into the sample points.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var url = SinkEndpoint.Url;
        _http = new HttpClient(new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = url };
        _client = new InfluxDBClient(new ClientOptions(url.ToString()) { Token = "bench-token", Org = Org, Bucket = "bench" });
        _queryApi = _client.GetQueryApi();

        var expected = SampleData.Create(Rows);
        var rows = _queryApi.QueryAsync<SensorReadingPoco>(Flux, Org).GetAwaiter().GetResult();
        CheckRows("InfluxDB.Client QueryAsync<T>", rows.Count, i => rows[i].SameAs(expected[i]), expected.Length);
        DownloadAsync(HttpMethod.Get, InfluxQl).GetAwaiter().GetResult();
        var fromJson = HandWrittenQueryParsers.ParseInfluxQlJson(_download.WrittenSpan);
        CheckRows("hand-written InfluxQL JSON parser", fromJson.Count, i => HandWrittenQueryParsers.Same(fromJson[i], expected[i]), expected.Length);
        DownloadAsync(HttpMethod.Post, FluxPath).GetAwaiter().GetResult();
        var fromCsv = HandWrittenQueryParsers.ParseFluxCsv(_download.WrittenSpan);
        CheckRows("hand-written Flux CSV parser", fromCsv.Count, i => HandWrittenQueryParsers.Same(fromCsv[i], expected[i]), expected.Length);

        // The generated query class: v2 sends Flux (annotated CSV back), v1 sends InfluxQL (JSON back). The sink answers
        // every query on a path with the same payload, so the query text does not matter here, only the parsing.
        _homeIqFlux = new InfluxClient(new InfluxClientOptions { Url = url, Api = InfluxApiVersion.V2, Org = Org, Bucket = "bench", Token = "bench-token" });
        _homeIqInfluxQl = new InfluxClient(new InfluxClientOptions { Url = url, Api = InfluxApiVersion.V1, Database = "bench" });
        var oursCsv = CollectAsync(_homeIqFlux).GetAwaiter().GetResult();
        CheckRows("HomeIQ SensorPointQuery (Flux CSV)", oursCsv.Count, i => HandWrittenQueryParsers.Same(oursCsv[i], expected[i]), expected.Length);
        var oursJson = CollectAsync(_homeIqInfluxQl).GetAwaiter().GetResult();
        CheckRows("HomeIQ SensorPointQuery (InfluxQL JSON)", oursJson.Count, i => HandWrittenQueryParsers.Same(oursJson[i], expected[i]), expected.Length);
    }

    /// <summary>Disposes the clients.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _homeIqFlux.Dispose();
        _homeIqInfluxQl.Dispose();
        _http.Dispose();
    }

    /// <summary>Transport floor for the Flux payload: POST the query, read the CSV body into a reused buffer, discard it.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public Task<int> Download_FluxCsv() => DownloadAsync(HttpMethod.Post, FluxPath);

    /// <summary>Transport floor for the InfluxQL payload: GET the query, read the JSON body into a reused buffer, discard it.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public Task<int> Download_InfluxQlJson() => DownloadAsync(HttpMethod.Get, InfluxQl);

    /// <summary>InfluxDB.Client 5.1.0 <c>QueryApi.QueryAsync&lt;T&gt;</c>: annotated CSV to <see cref="SensorReadingPoco"/> by reflection.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Rows)]
    public async Task<int> InfluxDBClient_QueryAsyncT_FluxCsv()
    {
        var rows = await _queryApi.QueryAsync<SensorReadingPoco>(Flux, Org).ConfigureAwait(false);
        return rows.Count;
    }

    /// <summary>The practical limit for CSV: download into a reused buffer, then a parser hand-written for this type.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> HandWritten_FluxCsv()
    {
        await DownloadAsync(HttpMethod.Post, FluxPath).ConfigureAwait(false);
        return HandWrittenQueryParsers.ParseFluxCsv(_download.WrittenSpan).Count;
    }

    /// <summary>The practical limit for JSON: download into a reused buffer, then a Utf8JsonReader parser hand-written for this type.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> HandWritten_InfluxQlJson()
    {
        await DownloadAsync(HttpMethod.Get, InfluxQl).ConfigureAwait(false);
        return HandWrittenQueryParsers.ParseInfluxQlJson(_download.WrittenSpan).Count;
    }

    /// <summary>HomeIQ's generated <c>SensorPointQuery</c> (v2: Flux), streaming the annotated CSV into <see cref="SensorPoint"/> rows.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> HomeIQ_Query_FluxCsv() => (await CollectAsync(_homeIqFlux).ConfigureAwait(false)).Count;

    /// <summary>HomeIQ's generated <c>SensorPointQuery</c> (v1: InfluxQL), streaming the JSON into <see cref="SensorPoint"/> rows.</summary>
    [Benchmark(OperationsPerInvoke = Rows)]
    public async Task<int> HomeIQ_Query_InfluxQlJson() => (await CollectAsync(_homeIqInfluxQl).ConfigureAwait(false)).Count;

    // Like QueryAsync<T>, the rows end up in a list, so both sides pay for materialising the result.
    private static async Task<List<SensorPoint>> CollectAsync(InfluxClient client)
    {
        var rows = new List<SensorPoint>(Rows);
        await foreach (var row in client.QuerySensorPoint().Range(DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddYears(1)).ExecuteAsync().ConfigureAwait(false))
            rows.Add(row);
        return rows;
    }

    private async Task<int> DownloadAsync(HttpMethod method, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (method == HttpMethod.Post) request.Content = new StringContent(Flux);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        _download.Reset();
        int read;
        while ((read = await body.ReadAsync(_download.GetMemory(64 * 1024)).ConfigureAwait(false)) > 0) _download.Advance(read);
        return _download.Length;
    }

    /// <summary>Throws unless a variant returned every row and the sampled rows equal the source points.</summary>
    public static void CheckRows(string variant, int count, Func<int, bool> rowMatches, int expected)
    {
        if (count != expected) throw new InvalidOperationException($"{variant} returned {count} rows, expected {expected}.");
        // The first rows cover a tag value with a space; row 35 has the status with quotes; plus the last row.
        foreach (int i in (int[])[0, 3, 35, expected / 2, expected - 1])
            if (!rowMatches(i)) throw new InvalidOperationException($"{variant} read row {i} differently from the sample data.");
    }
}
