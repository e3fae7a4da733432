using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>HIQ001: a client created in a method must be disposed on every path or handed on.</summary>
public sealed class ClientNotDisposedTests
{
    public static TheoryData<string, string> Flagged => new()
    {
        { "local never disposed", """
            public void Run()
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                client.GetQueryApi();
            }
        """ },
        { "created and dropped", """
            public void Run() => {|HIQ001:new InfluxDBClient(Url, Token)|};
        """ },
        { "discarded", """
            public void Run() { _ = {|HIQ001:new InfluxDBClient(Url, Token)|}; }
        """ },
        { "only used as a receiver", """
            public QueryApi Run() => {|HIQ001:new InfluxDBClient(Url, Token)|}.GetQueryApi();
        """ },
        { "Dispose not in finally", """
            public void Run()
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                client.GetQueryApi();
                client.Dispose();
            }
        """ },
        { "Dispose in one branch only", """
            public void Run(bool done)
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                if (done) client.Dispose();
            }
        """ },
        { "factory result dropped", """
            #pragma warning disable CS0618
            public void Run()
            {
                var client = {|HIQ001:InfluxDBClientFactory.Create(Url, Token)|};
                client.GetQueryApi();
            }
        """ },
        { "WriteApi never disposed (its buffered points are lost)", """
            public void Run(InfluxDBClient client)
            {
                var writeApi = {|HIQ001:client.GetWriteApi()|};
                writeApi.Flush();
            }
        """ },
        { "InfluxDB3 client", """
            public void Run()
            {
                var client = {|HIQ001:new V3.InfluxDBClient("http://localhost:8181", "token")|};
                client.GetServerVersion();
            }
        """ },
        { "HomeIQ InfluxClient in an async method", """
            public async Task RunAsync()
            {
                var client = {|HIQ001:new InfluxClient(Options)|};
                await client.PingAsync();
            }
        """ },
        { "generated writer, flushed but never disposed (its sender keeps running)", """
            public async Task RunAsync(InfluxClient client)
            {
                var writer = {|HIQ001:new ReadingWriter(client)|};
                await writer.WriteAsync(new Reading(1));
                await writer.FlushAsync();
            }
        """ },
        { "writer from CreateWriter<T>(), flushed but never disposed", """
            public async Task RunAsync(InfluxClient client)
            {
                var writer = {|HIQ001:client.CreateWriter<Reading>()|};
                await writer.WriteAsync(new Reading(1));
                await writer.FlushAsync();
            }
        """ },
        { "ownership: a generated writer does not take the client", """
            public async Task RunAsync()
            {
                var client = {|HIQ001:new InfluxClient(Options)|};
                await using var writer = new ReadingWriter(client);
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "ownership: a generated writer that is returned does not own the client either", """
            public ReadingWriter Create() => new ReadingWriter({|HIQ001:new InfluxClient(Options)|});
        """ },
        { "ownership: the receiver of an extension call is used, not handed on", """
            public async Task<bool> RunAsync()
            {
                var client = {|HIQ001:new InfluxClient(Options)|};
                return await client.IsUpAsync();
            }
        """ },
        { "ownership: CreateWriter<T>() does not take the client", """
            public async Task RunAsync()
            {
                var client = {|HIQ001:new InfluxClient(Options)|};
                await using var writer = client.CreateWriter<Reading>();
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "a query reader never disposed (it holds the HTTP response)", """
            public async Task<bool> RunAsync(InfluxClient client)
            {
                var reader = await {|HIQ001:client.QueryInfluxQLAsync("SELECT * FROM temperature")|};
                return await reader.ReadAsync();
            }
        """ },
        { "interface-typed local", """
            public void Run()
            {
                IInfluxDBClient client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                client.GetQueryApi();
            }
        """ },
        { "IWriteApi from IInfluxDBClient, flushed but never disposed", """
            public void Run(IInfluxDBClient client)
            {
                var writeApi = {|HIQ001:client.GetWriteApi()|};
                writeApi.WriteRecord("m v=1", WritePrecision.Ns, "bucket", "org");
                writeApi.Flush();
            }
        """ },
        { "in a lambda", """
            public Func<int> Run() => () =>
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                client.GetQueryApi();
                return 1;
            };
        """ },
        { "in a local function", """
            public void Run()
            {
                Local();
                void Local()
                {
                    var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                    client.GetQueryApi();
                }
            }
        """ },
        { "in a loop", """
            public void Run(string[] urls)
            {
                foreach (var url in urls)
                {
                    var client = {|HIQ001:new InfluxDBClient(url, Token)|};
                    client.GetQueryApi();
                }
            }
        """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { "using declaration", """
            public void Run()
            {
                using var client = new InfluxDBClient(Url, Token);
                client.GetQueryApi();
            }
        """ },
        { "await using declaration", """
            public async Task RunAsync()
            {
                await using var client = new InfluxClient(Options);
                await client.PingAsync();
            }
        """ },
        { "using statement", """
            public void Run()
            {
                using (var client = new InfluxDBClient(Url, Token)) { client.GetQueryApi(); }
            }
        """ },
        { "using on an existing local", """
            public void Run()
            {
                var client = new InfluxDBClient(Url, Token);
                using (client) { client.GetQueryApi(); }
            }
        """ },
        { "Dispose in finally", """
            public void Run()
            {
                var client = new InfluxDBClient(Url, Token);
                try { client.GetQueryApi(); }
                finally { client.Dispose(); }
            }
        """ },
        { "assigned in try, ?.Dispose in finally", """
            public void Run()
            {
                InfluxDBClient client = null;
                try { client = new InfluxDBClient(Url, Token); client.GetQueryApi(); }
                finally { client?.Dispose(); }
            }
        """ },
        { "DisposeAsync in finally", """
            public async Task RunAsync()
            {
                var client = new InfluxClient(Options);
                try { await client.PingAsync(); }
                finally { await client.DisposeAsync(); }
            }
        """ },
        { "returned", """
            public InfluxDBClient Create() => new InfluxDBClient(Url, Token);
        """ },
        { "local returned", """
            public InfluxDBClient Create()
            {
                var client = new InfluxDBClient(Url, Token);
                client.EnableGzip();
                return client;
            }
        """ },
        { "stored in a field", """
            private InfluxDBClient _client;
            public Handler() { _client = new InfluxDBClient(Url, Token); }
        """ },
        { "field and property initializers", """
            private readonly InfluxDBClient _client = new InfluxDBClient(Url, Token);
            public InfluxClient Client { get; } = new InfluxClient(Options);
        """ },
        { "DI registration factory", """
            public void Configure(IServiceCollection services)
            {
                services.AddSingleton(sp => new InfluxDBClient(Url, Token));
            }
        """ },
        { "DI registration instance", """
            public void Configure(IServiceCollection services)
            {
                services.AddSingleton(new InfluxClient(Options));
            }
        """ },
        { "ownership transfer to an owner", """
            public Owner Create()
            {
                var client = new InfluxDBClient(Url, Token);
                return new Owner(client);
            }
        """ },
        { "WriteApi of a client that is disposed (the client disposes the WriteApis it made)", """
            public void Run()
            {
                using var client = new InfluxDBClient(Url, Token);
                var writeApi = client.GetWriteApi();
                writeApi.WriteRecord("m v=1", WritePrecision.Ns, "bucket", "org");
            }
        """ },
        { "IWriteApi of an IInfluxDBClient disposed in finally", """
            public void Run()
            {
                IInfluxDBClient client = new InfluxDBClient(Url, Token);
                try
                {
                    IWriteApi writeApi = client.GetWriteApi();
                    writeApi.WriteRecord("m v=1", WritePrecision.Ns, "bucket", "org");
                }
                finally { client.Dispose(); }
            }
        """ },
        { "query reader with await using", """
            public async Task<bool> RunAsync(InfluxClient client)
            {
                await using var reader = await client.QueryInfluxQLAsync("SELECT * FROM temperature");
                return await reader.ReadAsync();
            }
        """ },
        { "query reader task returned to the caller", """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> RunAsync(InfluxClient client) => client.QueryInfluxQLAsync("SELECT * FROM temperature");
        """ },
        { "generated writer on an injected client, disposed", """
            public async Task RunAsync(InfluxClient client)
            {
                await using var writer = new ReadingWriter(client);
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "a writer neither flushed nor disposed is HIQ007's, not HIQ001's", """
            public async Task RunAsync(InfluxClient client)
            {
                var writer = client.CreateWriter<Reading>();
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "disposed by a shutdown callback", """
            public void Run(CancellationToken stopping)
            {
                var client = new InfluxDBClient(Url, Token);
                stopping.Register(() => client.Dispose());
            }
        """ },
        { "added to a collection", """
            public void Run(List<InfluxDBClient> clients, string[] urls)
            {
                foreach (var url in urls) clients.Add(new InfluxDBClient(url, Token));
            }
        """ },
        { "out parameter", """
            public bool TryCreate(out InfluxDBClient client)
            {
                client = new InfluxDBClient(Url, Token);
                return true;
            }
        """ },
        { "lazy static", """
            private static readonly Lazy<InfluxDBClient> Shared = new(() => new InfluxDBClient(Url, Token));
        """ },
        { "WriteApi with using", """
            public void Run(InfluxDBClient client)
            {
                using var writeApi = client.GetWriteApi();
                writeApi.Flush();
            }
        """ },
        { "not a client", """
            public void Run()
            {
                var options = new InfluxDBClientOptions(Url);
                var http = new System.Net.Http.HttpClient();
            }
        """ },
    };

    // A user's extension method on the client: its receiver is used, not handed on.
    internal const string Extensions = """

        public static class ClientExtensions
        {
            public static async Task<bool> IsUpAsync(this InfluxClient client) => await client.PingAsync() is not null;
        }
        """;

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Reports(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<ClientNotDisposedAnalyzer>(Sources.Class(members) + Extensions);
    }

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task DoesNotReport(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<ClientNotDisposedAnalyzer>(Sources.Class(members) + Extensions);
    }

    [Fact]
    public Task ReportsInTopLevelStatements() => Verify.AnalyzerAsync<ClientNotDisposedAnalyzer>(Sources.Program("""
        var client = {|HIQ001:new InfluxDBClient("http://localhost:8086", "token")|};
        client.GetQueryApi();
        """), OutputKind.ConsoleApplication);

    [Fact]
    public Task DoesNotReportUsingInTopLevelStatements() => Verify.AnalyzerAsync<ClientNotDisposedAnalyzer>(Sources.Program("""
        using var client = new InfluxDBClient("http://localhost:8086", "token");
        client.GetQueryApi();
        """), OutputKind.ConsoleApplication);
}
