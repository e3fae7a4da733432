using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>HIQ007: a batching writer neither flushed nor disposed before the method, object or program that created it ends.</summary>
public sealed class BatchingWriterNotFlushedTests
{
    public static TheoryData<string, string> Flagged => new()
    {
        { "WriteApi of an injected client, written and dropped", """
            public void Run(IInfluxDBClient client, string line)
            {
                var writeApi = {|HIQ007:client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "writer from CreateWriter<T>(), written and dropped", """
            public async Task RunAsync(InfluxClient client)
            {
                var writer = {|HIQ007:client.CreateWriter<Reading>()|};
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "generated writer, written and dropped", """
            public async Task RunAsync(InfluxClient client)
            {
                var writer = {|HIQ007:new ReadingWriter(client)|};
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "WriteApi used inline", """
            public void Run(InfluxDBClient client, string line)
                => {|HIQ007:client.GetWriteApi()|}.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """ },
        { "field: WriteApi of a client the class created and never disposes", """
            private readonly InfluxDBClient _client = new InfluxDBClient(Url, Token);
            private readonly WriteApi _writeApi;
            public Handler() { _writeApi = {|HIQ007:_client.GetWriteApi()|}; }
            public void Write(string line) => _writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """ },
        { "field: IWriteApi of a client created inline", """
            private readonly IWriteApi _writeApi = {|HIQ007:new InfluxDBClient(Url, Token).GetWriteApi()|};
            public void Write(string line) => _writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """ },
        { "auto-property initialised with CreateWriter<T>()", """
            public MeasurementWriter<Reading> Writer { get; } = {|HIQ007:new InfluxClient(Options).CreateWriter<Reading>()|};
        """ },
        { "field typed IMeasurementWriter<T>", """
            private readonly IMeasurementWriter<Reading> _writer;
            public Handler(InfluxClient client) { _writer = {|HIQ007:client.CreateWriter<Reading>()|}; }
            public ValueTask WriteAsync(Reading reading) => _writer.WriteAsync(reading);
        """ },
        { "a worker's generated writer, never disposed", """
            private readonly ReadingWriter _writer;
            public Handler(InfluxClient client) { _writer = {|HIQ007:new ReadingWriter(client)|}; }
            public async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                while (!stoppingToken.IsCancellationRequested) await _writer.WriteAsync(new Reading(1), stoppingToken);
            }
        """ },
        { "created lazily with ??=", """
            private readonly InfluxClient _client = new InfluxClient(Options);
            private MeasurementWriter<Reading> _writer;
            public ValueTask WriteAsync(Reading reading) => (_writer ??= {|HIQ007:_client.CreateWriter<Reading>()|}).WriteAsync(reading);
        """ },
        { "static fields of a program", """
            private static readonly InfluxDBClient Shared = new InfluxDBClient(Url, Token);
            private static readonly WriteApi Writes = {|HIQ007:Shared.GetWriteApi()|};
            public static void Main(string[] lines)
            {
                foreach (var line in lines) Writes.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "a local in a lambda", """
            public Action<string> Run(IInfluxDBClient client) => line =>
            {
                var writeApi = {|HIQ007:client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            };
        """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { "using declaration", """
            public void Run(IInfluxDBClient client, string line)
            {
                using var writeApi = client.GetWriteApi();
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "await using", """
            public async Task RunAsync(InfluxClient client)
            {
                await using var writer = client.CreateWriter<Reading>();
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "flushed (not disposed: HIQ001's)", """
            public async Task RunAsync(InfluxClient client)
            {
                var writer = client.CreateWriter<Reading>();
                await writer.WriteAsync(new Reading(1));
                await writer.FlushAsync();
            }
        """ },
        { "WriteApi of a disposed local client (the client flushes it)", """
            public void Run(string line)
            {
                using var client = new InfluxDBClient(Url, Token);
                var writeApi = client.GetWriteApi();
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "field disposed in Dispose", """
            public sealed class Sink : IDisposable
            {
                private readonly ReadingWriter _writer;
                public Sink(InfluxClient client) => _writer = new ReadingWriter(client);
                public void Dispose() => _writer.Dispose();
            }
        """ },
        { "field flushed in StopAsync", """
            public sealed class Worker
            {
                private readonly MeasurementWriter<Reading> _writer;
                public Worker(InfluxClient client) => _writer = client.CreateWriter<Reading>();
                public Task StopAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);
            }
        """ },
        { "field WriteApi of an injected client (its owner's Dispose flushes it)", """
            private readonly WriteApi _writeApi;
            public Handler(InfluxDBClient client) => _writeApi = client.GetWriteApi();
            public void Write(string line) => _writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """ },
        { "field WriteApi of a created client the class disposes", """
            public sealed class Sink : IDisposable
            {
                private readonly InfluxDBClient _client;
                private readonly IWriteApi _writeApi;
                public Sink() { _client = new InfluxDBClient("http://localhost:8086", "token"); _writeApi = _client.GetWriteApi(); }
                public void Dispose() => _client.Dispose();
            }
        """ },
        { "field exposed by a property (its reader owns the flushing)", """
            private readonly MeasurementWriter<Reading> _writer = new InfluxClient(Options).CreateWriter<Reading>();
            public IMeasurementWriter<Reading> Writer => _writer;
        """ },
        { "field handed to an owner", """
            private readonly WriteApi _writeApi = new InfluxDBClient(Url, Token).GetWriteApi();
            public Owner Own() => new Owner(_writeApi);
        """ },
        { "field disposed with ?.", """
            public sealed class Sink : IDisposable
            {
                private MeasurementWriter<Reading> _writer;
                public void Start(InfluxClient client) => _writer = client.CreateWriter<Reading>();
                public void Dispose() => _writer?.Dispose();
            }
        """ },
        { "injected writer field", """
            private readonly IMeasurementWriter<Reading> _writer;
            public Handler(IMeasurementWriter<Reading> writer) => _writer = writer;
            public ValueTask WriteAsync(Reading reading) => _writer.WriteAsync(reading);
        """ },
        { "writer returned from a factory", """
            public MeasurementWriter<Reading> Create(InfluxClient client) => client.CreateWriter<Reading>();
        """ },
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Reports(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<BatchingWriterNotFlushedAnalyzer>(Sources.Class(members));
    }

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task DoesNotReport(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<BatchingWriterNotFlushedAnalyzer>(Sources.Class(members));
    }

    [Fact]
    public Task ReportsAProgramThatEndsWithoutFlushing() => Verify.AnalyzerAsync<BatchingWriterNotFlushedAnalyzer>(Sources.Program("""
        var client = new InfluxDBClient("http://localhost:8086", "token");
        var writeApi = {|HIQ007:client.GetWriteApi()|};
        foreach (var line in args) writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """), OutputKind.ConsoleApplication);

    [Fact]
    public Task ReportsAWriterCreatedInOnePartOfAPartialClassAndNeverDisposed() => Verify.AnalyzerAsync<BatchingWriterNotFlushedAnalyzer>(Sources.Usings + """
        public partial class Worker
        {
            private readonly MeasurementWriter<Reading> _writer;
            public Worker(InfluxClient client) => _writer = {|HIQ007:client.CreateWriter<Reading>()|};
        }

        public partial class Worker
        {
            public ValueTask WriteAsync(Reading reading) => _writer.WriteAsync(reading);
        }
        """ + Sources.Support);

    // Found when this repository's own tests were compiled: an assembly named like the toolkit (HomeIQ.Influx.*) is still
    // user code, so a helper of it that disposes the writer it is given takes ownership like any other.
    [Fact]
    public Task DoesNotReportAWriterHandedToAHelperOfAnAssemblyNamedLikeTheToolkit() => Verify.AnalyzerAsync<BatchingWriterNotFlushedAnalyzer>(Sources.Usings + """
        public class RoundTrip
        {
            public Task RunAsync(InfluxClient client) => WriteAsync(new ReadingWriter(client), [new Reading(1)]);

            private static async Task WriteAsync<T>(MeasurementWriter<T> writer, IEnumerable<T> points) where T : ILineProtocolPoint<T>
            {
                await using (writer)
                {
                    await writer.WriteAsync(points);
                }
            }
        }
        """ + Sources.Support, assemblyName: "HomeIQ.Influx.Consumer.Tests");
}
