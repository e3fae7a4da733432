using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>HIQ003: InfluxDB.Client's GetWriteApi called per operation (each call starts a new batching pipeline).</summary>
public sealed class WriteApiCreatedPerCallTests
{
    private const string Client = """
            private readonly InfluxDBClient _client = new InfluxDBClient(Url, Token);

        """;

    public static TheoryData<string, string> Flagged => new()
    {
        { "using per request", Client + """
            public void Handle(string line)
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "dropped per request", Client + """
            public void Handle(string line) => {|HIQ003:_client.GetWriteApi()|}.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """ },
        { "with options", Client + """
            public void Handle(string line)
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi(new InfluxDB.Client.WriteOptions { BatchSize = 100 })|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "through IInfluxDBClient", """
            public void Handle(IInfluxDBClient client, string line)
            {
                using var writeApi = {|HIQ003:client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "static request handler", """
            public static void Handle(InfluxDBClient client, string line)
            {
                using var writeApi = {|HIQ003:client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "async handler", Client + """
            public async Task HandleAsync(string line)
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
                await Task.Yield();
            }
        """ },
        { "disposed in finally, still per call", Client + """
            public void Handle(string line)
            {
                var writeApi = {|HIQ003:_client.GetWriteApi()|};
                try { writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org"); }
                finally { writeApi.Dispose(); }
            }
        """ },
        { "local function", Client + """
            public void Handle(string line)
            {
                Write();
                void Write()
                {
                    using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                    writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
                }
            }
        """ },
        { "callback lambda", Client + """
            public Action<string> Callback() => line =>
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            };
        """ },
        { "loop in Main", """
            public static void Main(string[] lines)
            {
                using var client = new InfluxDBClient(Url, Token);
                foreach (var line in lines)
                {
                    using var writeApi = {|HIQ003:client.GetWriteApi()|};
                    writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
                }
            }
        """ },
        { "loop in a constructor", Client + """
            public Handler(string[] lines)
            {
                for (var i = 0; i < lines.Length; i++)
                {
                    using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                    writeApi.WriteRecord(lines[i], WritePrecision.Ns, "bucket", "org");
                }
            }
        """ },
        { "helper reached from a request method", Client + """
            public void Handle(string line) => Write(line);
            private void Write(string line)
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "event handler", Client + """
            public event EventHandler<string> Received;
            public Handler()
            {
                Received += (_, line) =>
                {
                    using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                    writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
                };
            }
        """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { "one-shot helper called once from Main", """
            public static void Main(string[] lines)
            {
                using var client = new InfluxDBClient(Url, Token);
                Import(client, lines);
            }
            private static void Import(IInfluxDBClient client, string[] lines)
            {
                using var writeApi = client.GetWriteApi();
                foreach (var line in lines) writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "constructor stores it", """
            private readonly WriteApi _writeApi;
            public Handler(InfluxDBClient client) { _writeApi = client.GetWriteApi(); }
        """ },
        { "field initializer", """
            private static readonly InfluxDBClient Shared = new InfluxDBClient(Url, Token);
            private readonly WriteApi _writeApi = Shared.GetWriteApi();
        """ },
        { "Main", """
            public static void Main(string[] lines)
            {
                using var client = new InfluxDBClient(Url, Token);
                using var writeApi = client.GetWriteApi();
                foreach (var line in lines) writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "static constructor", """
            private static readonly WriteApi Writer;
            static Handler()
            {
                var client = new InfluxDBClient(Url, Token);
                Writer = client.GetWriteApi();
            }
        """ },
        { "DI registration factory", """
            public void Configure(IServiceCollection services)
            {
                services.AddSingleton(sp => sp.GetRequiredService<InfluxDBClient>().GetWriteApi());
            }
        """ },
        { "factory method that returns it", Client + """
            public WriteApi CreateWriteApi() => _client.GetWriteApi();
        """ },
        { "GetWriteApiAsync per call (no batching pipeline)", Client + """
            public Task HandleAsync(string line) => _client.GetWriteApiAsync().WriteRecordAsync(line, WritePrecision.Ns, "bucket", "org");
        """ },
        { "lazy initialisation", Client + """
            private WriteApi _writeApi;
            public void Handle(string line) => (_writeApi ??= _client.GetWriteApi()).WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """ },
        { "stored in a property", Client + """
            public WriteApi Writer { get; private set; }
            public void Start() { Writer = _client.GetWriteApi(); }
        """ },
        { "handed to an owner", Client + """
            public Owner Start() => new Owner(_client.GetWriteApi());
        """ },
        { "injected WriteApi used per call", """
            private readonly WriteApi _writeApi;
            public Handler(WriteApi writeApi) => _writeApi = writeApi;
            public void Handle(string line) => _writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """ },
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Reports(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<WriteApiCreatedPerCallAnalyzer>(Sources.Class(members));
    }

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task DoesNotReport(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<WriteApiCreatedPerCallAnalyzer>(Sources.Class(members));
    }

    [Fact]
    public Task ReportsMinimalApiLambdaButNotTopLevelStatements() => Verify.AnalyzerAsync<WriteApiCreatedPerCallAnalyzer>(Sources.Program("""
        using var client = new InfluxDBClient("http://localhost:8086", "token");
        using var shared = client.GetWriteApi();
        object app = new object();
        app.MapPost("/write", (string line) =>
        {
            using var writeApi = {|HIQ003:client.GetWriteApi()|};
            writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        });
        """), OutputKind.ConsoleApplication);
}
