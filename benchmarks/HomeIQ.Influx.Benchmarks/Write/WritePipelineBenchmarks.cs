using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Serialize;
using HomeIQ.Influx.Benchmarks.Sink;
// Aliases, not `using InfluxDB.Client;`: types of HomeIQ.Influx (WriteOptions...) win name lookup from this namespace.
using ClientOptions = InfluxDB.Client.InfluxDBClientOptions;
using ClientPrecision = InfluxDB.Client.Api.Domain.WritePrecision;
using ClientWriteOptions = InfluxDB.Client.WriteOptions;
using InfluxDBClient = InfluxDB.Client.InfluxDBClient;
using ClientWriteApi = InfluxDB.Client.WriteApi;
using ClientWriteApiAsync = InfluxDB.Client.WriteApiAsync;

namespace HomeIQ.Influx.Benchmarks.Write;

/// <summary>
/// The whole write path: <see cref="Points"/> readings from objects to 204 answers of the loopback sink (in its own
/// process), in batches of 5,000, with and without gzip. Reported per point (<c>OperationsPerInvoke</c>): Mean is the
/// time per point, Op/s is points per second, Allocated is bytes per point amortised. Every invocation ends only when
/// the sink has answered every batch; <see cref="Cleanup"/> then checks the sink counted exactly the lines sent.
/// </summary>
[MemoryDiagnoser]
public class WritePipelineBenchmarks
{
    /// <summary>Points written per invocation.</summary>
    public const int Points = 50_000;

    private const int Batch = SampleData.BatchSize;
    private const string Org = "bench";
    private const string Bucket = "bench";

    private SensorPoint[] _points = null!;
    private SensorReadingPoco[][] _pocoBatches = null!;
    private long _submitted;
    private SinkStats _sinkAtStart;

    // Hand-written baseline.
    private HttpClient _http = null!;
    private readonly ByteBuffer _body = new(1 << 20);
    private readonly MemoryStream _compressed = new(1 << 20);

    // InfluxDB.Client.
    private InfluxDBClient _client = null!;
    private ClientWriteApi _writeApi = null!;
    private ClientWriteApiAsync _writeApiAsync = null!;
    private WriteApiCompletion _writeApiCompletion = null!;

    // HomeIQ.
    private InfluxClient _homeIq = null!;
    private IMeasurementWriter<SensorPoint> _homeIqWriter = null!;

    /// <summary>Whether request bodies are gzip-compressed.</summary>
    [Params(false, true)]
    public bool Gzip { get; set; }

    /// <summary>Builds the points and every client, all pointed at the sink.</summary>
    [GlobalSetup]
    public void Setup()
    {
        SameBytesCheck.EnsureSameBytes();
        _points = SampleData.Create(Points);
        _pocoBatches = _points.Select(SensorReadingPoco.From).Chunk(Batch).ToArray();
        var url = SinkEndpoint.Url;

        _http = new HttpClient(new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = url };

        _client = new InfluxDBClient(new ClientOptions(url.ToString()) { Token = "bench-token", Org = Org, Bucket = Bucket });
        if (Gzip) _client.EnableGzip();
        // Batch size matches the others; the flush interval is long so batches are cut by size and by Flush() only.
        _writeApi = _client.GetWriteApi(new ClientWriteOptions { BatchSize = Batch, FlushInterval = 60_000 });
        _writeApiCompletion = new WriteApiCompletion(_writeApi);
        _writeApiAsync = _client.GetWriteApiAsync();

        _homeIq = new InfluxClient(new InfluxClientOptions
        {
            Url = url,
            Api = InfluxApiVersion.V2,
            Org = Org,
            Bucket = Bucket,
            Token = "bench-token",
            Gzip = Gzip,
        });
        // Batches of 5,000 like the others; the flush interval is long so batches are cut by size and FlushAsync only,
        // and the buffer holds a whole invocation so backpressure never throttles the producer.
        _homeIqWriter = new MeasurementWriter<SensorPoint>(_homeIq, new WriteOptions
        {
            BatchSize = Batch,
            FlushInterval = TimeSpan.FromMinutes(1),
            MaxBufferedPoints = Points,
        });
        _sinkAtStart = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Checks that the sink received exactly the lines the benchmark sent, gzip-compressed exactly when
    /// <see cref="Gzip"/> is on, then disposes the clients.
    /// </summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var received = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult() - _sinkAtStart;
        _homeIqWriter.Dispose();
        _writeApi.Dispose();
        _client.Dispose();
        _homeIq.Dispose();
        _http.Dispose();
        if (received.Lines != _submitted)
            throw new InvalidOperationException($"The sink received {received.Lines} lines but the benchmark sent {_submitted}: the variant lost or duplicated points.");
        long expectedGzip = Gzip ? received.Requests : 0;
        if (received.GzipRequests != expectedGzip)
            throw new InvalidOperationException($"Gzip={Gzip} but {received.GzipRequests} of {received.Requests} write requests had a gzip body.");
    }

    /// <summary>
    /// The practical limit: the hand-written serializer into one reused buffer per 5,000 points, gzip at
    /// <see cref="CompressionLevel.Fastest"/> into a reused stream, one <see cref="HttpClient"/> POST per batch.
    /// </summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Points)]
    public async Task HandWritten_HttpClient()
    {
        for (int start = 0; start < _points.Length; start += Batch)
        {
            _body.Reset();
            int end = Math.Min(start + Batch, _points.Length);
            for (int i = start; i < end; i++) HandWrittenSensorSerializer.Write(_points[i], _body);

            // ReadOnlyMemoryContent sends the reused buffer without copying it; it is only read while the request is in flight.
            HttpContent content;
            if (Gzip)
            {
                _compressed.SetLength(0);
                using (var gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(_body.WrittenSpan);
                content = new ReadOnlyMemoryContent(_compressed.GetBuffer().AsMemory(0, (int)_compressed.Length));
                content.Headers.ContentEncoding.Add("gzip");
            }
            else
            {
                content = new ReadOnlyMemoryContent(_body.WrittenMemory);
            }
            content.Headers.ContentType = TextPlain;
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/write?org=bench&bucket=bench&precision=ns") { Content = content };
            using var response = await _http.SendAsync(request).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.NoContent) throw new InvalidOperationException($"The sink answered {(int)response.StatusCode}.");
        }
        _submitted += Points;
    }

    /// <summary>InfluxDB.Client's batching <c>WriteApi</c> (Rx, background thread): <c>WriteMeasurements</c> of POCOs, <c>Flush()</c>, then wait for every batch's success event.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public void InfluxDBClient_WriteApi()
    {
        _writeApiCompletion.Start(Points);
        foreach (var batch in _pocoBatches) _writeApi.WriteMeasurements(batch, ClientPrecision.Ns, Bucket, Org);
        _writeApi.Flush();
        _writeApiCompletion.Wait();
        _submitted += Points;
    }

    /// <summary>InfluxDB.Client's <c>WriteApiAsync.WriteMeasurementsAsync</c>, one awaited call per 5,000 POCOs.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public async Task InfluxDBClient_WriteApiAsync()
    {
        foreach (var batch in _pocoBatches)
            await _writeApiAsync.WriteMeasurementsAsync(batch, ClientPrecision.Ns, Bucket, Org).ConfigureAwait(false);
        _submitted += Points;
    }

    /// <summary>HomeIQ <c>MeasurementWriter&lt;T&gt;</c> with the generated serializer: hand it the points, then FlushAsync.</summary>
    [Benchmark(OperationsPerInvoke = Points)]
    public async Task HomeIQ_MeasurementWriter()
    {
        for (int start = 0; start < _points.Length; start += Batch)
            await _homeIqWriter.WriteAsync(_points.AsMemory(start, Math.Min(Batch, _points.Length - start))).ConfigureAwait(false);
        await _homeIqWriter.FlushAsync().ConfigureAwait(false);
        _submitted += Points;
    }

    private static readonly MediaTypeHeaderValue TextPlain = new("text/plain") { CharSet = "utf-8" };
}
