using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>HIQ002: a client created and dropped within one call (even with using) instead of created once and shared.</summary>
public sealed class ClientCreatedPerCallTests
{
    public static TheoryData<string, string> Flagged => new()
    {
        { "instance method with using", """
            public void Handle()
            {
                using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                client.GetQueryApi();
            }
        """ },
        { "async request handler with await using", """
            public async Task<string> HandleAsync(CancellationToken cancellationToken)
            {
                await using var client = {|HIQ002:new InfluxClient(Options)|};
                return await client.PingAsync(cancellationToken);
            }
        """ },
        { "static request handler", """
            public static async Task<string> Run(CancellationToken cancellationToken)
            {
                await using var client = {|HIQ002:new InfluxClient(Options)|};
                return await client.PingAsync(cancellationToken);
            }
        """ },
        { "factory call per request", """
            #pragma warning disable CS0618
            public void Handle()
            {
                using var client = {|HIQ002:InfluxDBClientFactory.Create(Url, Token)|};
                client.GetQueryApi();
            }
        """ },
        { "InfluxDB3 client per request", """
            public async Task<string> HandleAsync()
            {
                using var client = {|HIQ002:new V3.InfluxDBClient("http://localhost:8181", "token")|};
                return await client.GetServerVersion();
            }
        """ },
        { "generated writer per request", """
            private readonly InfluxClient _client = new InfluxClient(Options);
            public async Task HandleAsync(Reading reading)
            {
                await using var writer = {|HIQ002:new ReadingWriter(_client)|};
                await writer.WriteAsync(reading);
            }
        """ },
        { "dropped, no using", """
            public QueryApi Handle() => {|HIQ002:new InfluxDBClient(Url, Token)|}.GetQueryApi();
        """ },
        { "disposed in finally, still per call", """
            public void Handle()
            {
                var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                try { client.GetQueryApi(); }
                finally { client.Dispose(); }
            }
        """ },
        { "local function of an instance method", """
            public void Handle()
            {
                Query();
                void Query()
                {
                    using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                    client.GetQueryApi();
                }
            }
        """ },
        { "event handler lambda registered in a constructor", """
            public event EventHandler Tick;
            public Handler()
            {
                Tick += (_, _) =>
                {
                    using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                    client.GetQueryApi();
                };
            }
        """ },
        { "loop in a constructor", """
            public Handler(string[] urls)
            {
                foreach (var url in urls)
                {
                    using var client = {|HIQ002:new InfluxDBClient(url, Token)|};
                    client.GetQueryApi();
                }
            }
        """ },
        { "loop in Main", """
            public static void Main()
            {
                for (var i = 0; i < 10; i++)
                {
                    using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                    client.GetQueryApi();
                }
            }
        """ },
        { "property getter", """
            public string Version
            {
                get
                {
                    using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                    return client.VersionAsync().Result;
                }
            }
        """ },
        { "timer callback lambda created in a constructor", """
            private readonly Timer _timer;
            public Handler()
            {
                _timer = new Timer(_ =>
                {
                    using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                    client.GetQueryApi();
                }, null, 0, 1000);
            }
        """ },
        { "lambda that runs per item (LINQ)", """
            public List<string> Versions(string[] urls)
                => System.Linq.Enumerable.ToList(System.Linq.Enumerable.Select(urls, url =>
                {
                    using var client = {|HIQ002:new InfluxDBClient(url, Token)|};
                    return client.VersionAsync().GetAwaiter().GetResult();
                }));
        """ },
        { "writer from CreateWriter<T>() per request", """
            private readonly InfluxClient _client = new InfluxClient(Options);
            public async Task HandleAsync(Reading reading)
            {
                await using var writer = {|HIQ002:_client.CreateWriter<Reading>()|};
                await writer.WriteAsync(reading);
            }
        """ },
        { "private helper reached from a public request method", """
            public Task<string> HandleAsync() => PingAsync();
            private static async Task<string> PingAsync()
            {
                await using var client = {|HIQ002:new InfluxClient(Options)|};
                return await client.PingAsync();
            }
        """ },
        { "background loop", """
            public async Task ExecuteAsync(CancellationToken stopping)
            {
                while (!stopping.IsCancellationRequested)
                {
                    await using var client = {|HIQ002:new InfluxClient(Options)|};
                    await client.PingAsync(stopping);
                }
            }
        """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { "constructor stores it", """
            private readonly InfluxDBClient _client;
            public Handler() { _client = new InfluxDBClient(Url, Token); }
        """ },
        { "constructor local stored", """
            private readonly InfluxDBClient _client;
            public Handler()
            {
                var client = new InfluxDBClient(Url, Token);
                client.EnableGzip();
                _client = client;
            }
        """ },
        { "constructor with using (runs once per object, not per call)", """
            public Handler()
            {
                using var client = new InfluxDBClient(Url, Token);
                client.GetQueryApi();
            }
        """ },
        { "static field initializer", """
            private static readonly InfluxDBClient Shared = new InfluxDBClient(Url, Token);
        """ },
        { "instance field and property initializers", """
            private readonly InfluxClient _client = new InfluxClient(Options);
            public V3.InfluxDBClient Client { get; } = new V3.InfluxDBClient("http://localhost:8181", "token");
        """ },
        { "static constructor", """
            static Handler()
            {
                using var client = new InfluxDBClient(Url, Token);
                client.GetQueryApi();
            }
        """ },
        { "Main", """
            public static async Task Main()
            {
                await using var client = new InfluxClient(Options);
                await client.PingAsync();
            }
        """ },
        { "DI registration factory", """
            public void Configure(IServiceCollection services)
            {
                services.AddSingleton(sp => new InfluxDBClient(Url, Token));
                services.AddSingleton(sp => new InfluxClient(Options));
            }
        """ },
        { "DI registration factory that probes with a short-lived client", """
            public void Configure(IServiceCollection services)
            {
                services.AddSingleton<Owner>(sp =>
                {
                    using var probe = new InfluxDBClient(Url, Token);
                    probe.GetQueryApi();
                    return new Owner(new InfluxClient(Options));
                });
            }
        """ },
        { "factory method that returns it", """
            public InfluxDBClient Create() => new InfluxDBClient(Url, Token);
        """ },
        { "lazy initialisation into a field", """
            private InfluxDBClient _client;
            public InfluxDBClient Client => _client ??= new InfluxDBClient(Url, Token);
        """ },
        { "handed to an owner that is returned", """
            public Owner Create() => new Owner(new InfluxDBClient(Url, Token));
        """ },
        { "lambda that returns it (Lazy)", """
            private static readonly Lazy<InfluxDBClient> Shared = new(() => new InfluxDBClient(Url, Token));
        """ },
        { "Lazy<T> factory (runs once)", """
            private static readonly Lazy<string> Version = new(() =>
            {
                using var client = new InfluxDBClient(Url, Token);
                return client.VersionAsync().GetAwaiter().GetResult();
            });
        """ },
        { "Task.Run in Main (runs as often as Main)", """
            public static void Main()
            {
                Task.Run(() =>
                {
                    using var client = new InfluxDBClient(Url, Token);
                    client.GetQueryApi();
                }).Wait();
            }
        """ },
        { "hosted service ExecuteAsync without a loop (runs once)", """
            public sealed class Probe : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await using var client = new InfluxClient(Options);
                    await client.PingAsync(stoppingToken);
                }
            }

            public abstract class BackgroundService
            {
                protected abstract Task ExecuteAsync(CancellationToken stoppingToken);
            }
        """ },
        { "private helper nobody in the library calls (callers unknown)", """
            private static async Task<string> PingAsync()
            {
                await using var client = new InfluxClient(Options);
                return await client.PingAsync();
            }
        """ },
        { "stored into a field per call (someone else owns it)", """
            private InfluxClient _client;
            public void Reconnect() { _client = new InfluxClient(Options); }
        """ },
        { "injected client used per call", """
            private readonly InfluxDBClient _client;
            public Handler(InfluxDBClient client) => _client = client;
            public QueryApi Handle() => _client.GetQueryApi();
        """ },
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Reports(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Class(members));
    }

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task DoesNotReport(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Class(members));
    }

    [Fact]
    public Task DoesNotReportTestMethodsOrFixtureSetup() => Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Usings + """
        namespace Xunit
        {
            // Stand-ins with xunit's names (test compilations do not reference xunit); the rule matches test attributes by name.
            public sealed class FactAttribute : Attribute { }
            public interface IAsyncLifetime { Task InitializeAsync(); Task DisposeAsync(); }
        }

        public sealed class WriterTests : Xunit.IAsyncLifetime
        {
            private InfluxClient _client;

            [Xunit.Fact]
            public async Task Pings()
            {
                await using var client = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://localhost:8086") });
                await client.PingAsync();
            }

            public async Task InitializeAsync()
            {
                await using var probe = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://localhost:8086") });
                await probe.PingAsync();
            }

            public Task DisposeAsync() => Task.CompletedTask;

            public async Task Helper()
            {
                await using var client = {|HIQ002:new InfluxClient(new InfluxClientOptions { Url = new Uri("http://localhost:8086") })|};
                await client.PingAsync();
            }
        }
        """ + Sources.Support);

    [Fact]
    public Task DoesNotReportHelpersOfAOneShotConsoleTool() => Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Usings + """
        public static class Program
        {
            public static async Task<int> Main(string[] args)
            {
                await PingAsync();
                await VersionAsync();
                Check();
                return 0;
            }

            private static async Task PingAsync()
            {
                await using var client = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://localhost:8086") });
                await client.PingAsync();
            }

            public static async Task VersionAsync()
            {
                using var client = new InfluxDBClient("http://localhost:8086", "token");
                await client.VersionAsync();
            }

            private static void Check()
            {
                using var client = new V3.InfluxDBClient("http://localhost:8181", "token");
                client.GetServerVersion().GetAwaiter().GetResult();
            }
        }
        """ + Sources.Support, OutputKind.ConsoleApplication);

    [Fact]
    public Task ReportsAConsoleHelperCalledFromALoop() => Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Program("""
        foreach (var url in args) await Exporter.ExportAsync(url);
        await Exporter.SummaryAsync();

        static class Exporter
        {
            public static async Task ExportAsync(string url)
            {
                await using var client = {|HIQ002:new InfluxClient(new InfluxClientOptions { Url = new Uri(url) })|};
                await client.PingAsync();
            }

            public static async Task SummaryAsync()
            {
                await using var client = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://localhost:8086") });
                await client.PingAsync();
            }
        }
        """), OutputKind.ConsoleApplication);

    [Fact]
    public Task ReportsAHandlerReachedThroughAnInterfaceFromAMessageLoop() => Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Program("""
        IHandler handler = new WriteHandler();
        while (Console.ReadLine() is { } message) await handler.HandleAsync(message);

        interface IHandler { Task HandleAsync(string message); }

        sealed class WriteHandler : IHandler
        {
            public async Task HandleAsync(string message)
            {
                using var client = {|HIQ002:new V3.InfluxDBClient("http://localhost:8181", "token", database: "events")|};
                await client.WriteRecordAsync(message);
            }
        }
        """), OutputKind.ConsoleApplication);

    [Fact]
    public Task ReportsMinimalApiLambdaInTopLevelStatements() => Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Program("""
        object app = new object();
        app.MapGet("/version", async () =>
        {
            using var client = {|HIQ002:new InfluxDBClient("http://localhost:8086", "token")|};
            return await client.VersionAsync();
        });
        """), OutputKind.ConsoleApplication);

    [Fact]
    public Task ReportsLoopInTopLevelStatements() => Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Program("""
        foreach (var url in args)
        {
            using var client = {|HIQ002:new InfluxDBClient(url, "token")|};
            client.GetQueryApi();
        }
        """), OutputKind.ConsoleApplication);

    [Fact]
    public Task DoesNotReportTopLevelStatementsOrTheirLocalFunctions() => Verify.AnalyzerAsync<ClientCreatedPerCallAnalyzer>(Sources.Program("""
        using var client = new InfluxDBClient("http://localhost:8086", "token");
        client.GetQueryApi();
        Probe();
        var services = new ServiceCollection();
        services.AddSingleton(sp => new InfluxClient(new InfluxClientOptions { Url = new Uri("http://localhost:8086") }));

        static void Probe()
        {
            using var probe = new InfluxDBClient("http://localhost:8086", "token");
            probe.GetQueryApi();
        }

        sealed class ServiceCollection : List<ServiceDescriptor>, IServiceCollection { }
        """), OutputKind.ConsoleApplication);
}
