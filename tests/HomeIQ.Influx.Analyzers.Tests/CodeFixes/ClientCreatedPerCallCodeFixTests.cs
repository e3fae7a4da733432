using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ002's fixes: inject through the constructor, or keep in a static readonly field; each with Fix All.</summary>
public sealed class ClientCreatedPerCallCodeFixTests
{
    // Creations in public methods of a library are judged by their callers at the compilation end; such diagnostics are
    // non-local, which the IDE fixes when it shows them (on build, or with full solution analysis).
    private const CodeFixTestBehaviors NonLocal = CodeFixTestBehaviors.SkipLocalDiagnosticCheck;

    private static Task InjectAsync(string before, string after, string? batchAfter = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
        => Verify.CodeFixAsync<ClientCreatedPerCallAnalyzer, ClientCreatedPerCallCodeFix>(before, after, ClientCreatedPerCallCodeFix.InjectKey, batchAfter, outputKind, NonLocal);

    private static Task StaticAsync(string before, string after, string? batchAfter = null)
        => Verify.CodeFixAsync<ClientCreatedPerCallAnalyzer, ClientCreatedPerCallCodeFix>(before, after, ClientCreatedPerCallCodeFix.StaticFieldKey, batchAfter, behaviors: NonLocal);

    private static Task KeyedAsync(string before, string after, string? batchAfter = null)
        => Verify.CodeFixAsync<ClientCreatedPerCallAnalyzer, ClientCreatedPerCallCodeFix>(before, after, ClientCreatedPerCallCodeFix.KeyedKey, batchAfter, behaviors: NonLocal);

    [Fact]
    public Task InjectAddsFieldAndConstructor() => InjectAsync(Sources.Class("""
            public async Task<string> HandleAsync(CancellationToken cancellationToken)
            {
                await using var client = {|HIQ002:new InfluxClient(Options)|};
                return await client.PingAsync(cancellationToken);
            }
        """), Sources.Class("""
            private readonly InfluxClient _client;

            public Handler(InfluxClient client)
            {
                _client = client;
            }

            public async Task<string> HandleAsync(CancellationToken cancellationToken)
            {
                return await _client.PingAsync(cancellationToken);
            }
        """));

    [Fact]
    public Task InjectExtendsTheExistingConstructorAndRemovesPerCallDispose() => InjectAsync(Sources.Class("""
            private readonly string _bucket;

            public Handler(string bucket)
            {
                _bucket = bucket;
            }

            public QueryApi Handle()
            {
                var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                try { return client.GetQueryApi(); }
                finally { client.Dispose(); }
            }
        """), Sources.Class("""
            private readonly string _bucket;
            private readonly InfluxDBClient _client;

            public Handler(string bucket, InfluxDBClient client)
            {
                _client = client;
                _bucket = bucket;
            }

            public QueryApi Handle()
            {
                return _client.GetQueryApi();
            }
        """));

    [Fact]
    public Task InjectReusesAnExistingReadonlyField() => InjectAsync(Sources.Class("""
            private readonly InfluxDBClient _influx;

            public Handler(InfluxDBClient influx) => _influx = influx;

            public QueryApi Handle()
            {
                using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                return client.GetQueryApi();
            }
        """), Sources.Class("""
            private readonly InfluxDBClient _influx;

            public Handler(InfluxDBClient influx) => _influx = influx;

            public QueryApi Handle()
            {
                return _influx.GetQueryApi();
            }
        """));

    [Fact]
    public Task StaticFieldForACreationThatUsesOnlyConstants() => StaticAsync(Sources.Class("""
            public QueryApi Handle()
            {
                using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                return client.GetQueryApi();
            }
        """), Sources.Class("""
            private static readonly InfluxDBClient s_client = new InfluxDBClient(Url, Token);

            public QueryApi Handle()
            {
                return s_client.GetQueryApi();
            }
        """));

    [Fact]
    public Task FixAllInjectSharesOneFieldAcrossMethods() => InjectAsync(Sources.Class("""
            public QueryApi Query()
            {
                using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                return client.GetQueryApi();
            }

            public DeleteApi Delete()
            {
                using var influx = {|HIQ002:new InfluxDBClient(Url, Token)|};
                return influx.GetDeleteApi();
            }
        """), Sources.Class("""
            private readonly InfluxDBClient _client;

            public Handler(InfluxDBClient client)
            {
                _client = client;
            }

            public QueryApi Query()
            {
                return _client.GetQueryApi();
            }

            public DeleteApi Delete()
            {
                return _client.GetDeleteApi();
            }
        """));

    [Fact]
    public Task FixAllStaticFields() => StaticAsync(Sources.Class("""
            public QueryApi Query()
            {
                using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                return client.GetQueryApi();
            }

            public async Task<string> PingAsync()
            {
                await using var influx = {|HIQ002:new InfluxClient(Options)|};
                return await influx.PingAsync();
            }
        """), Sources.Class("""
            private static readonly InfluxDBClient s_client = new InfluxDBClient(Url, Token);
            private static readonly InfluxClient s_influx = new InfluxClient(Options);

            public QueryApi Query()
            {
                return s_client.GetQueryApi();
            }

            public async Task<string> PingAsync()
            {
                return await s_influx.PingAsync();
            }
        """));

    [Fact]
    public Task InjectIntoAPrimaryConstructor() => InjectAsync(Sources.Usings + """
        public class Reader(string bucket)
        {
            public string Bucket => bucket;

            public QueryApi Handle()
            {
                using var client = {|HIQ002:new InfluxDBClient("http://localhost:8086", "token")|};
                return client.GetQueryApi();
            }
        }
        """ + Sources.Support, Sources.Usings + """
        public class Reader(string bucket, InfluxDBClient client)
        {
            private readonly InfluxDBClient _client = client;

            public string Bucket => bucket;

            public QueryApi Handle()
            {
                return _client.GetQueryApi();
            }
        }
        """ + Sources.Support);

    [Fact]
    public Task InjectTurnsAnExpressionBodiedConstructorIntoABlock() => InjectAsync(Sources.Class("""
            private readonly string _bucket;

            public Handler(string bucket) => _bucket = bucket;

            public async Task<string> HandleAsync()
            {
                await using var influx = {|HIQ002:new InfluxClient(Options)|};
                return await influx.PingAsync();
            }
        """), Sources.Class("""
            private readonly string _bucket;
            private readonly InfluxClient _influx;

            public Handler(string bucket, InfluxClient influx)
            {
                _influx = influx;
                _bucket = bucket;
            }

            public async Task<string> HandleAsync()
            {
                return await _influx.PingAsync();
            }
        """));

    [Fact]
    public Task StaticFieldForAnInlineCreation() => StaticAsync(Sources.Class("""
            public QueryApi Handle() => {|HIQ002:new InfluxDBClient(Url, Token)|}.GetQueryApi();
        """), Sources.Class("""
            private static readonly InfluxDBClient s_influxDBClient = new InfluxDBClient(Url, Token);

            public QueryApi Handle() => s_influxDBClient.GetQueryApi();
        """));

    [Fact]
    public Task InjectIntoAConstructorWhoseTimerLambdaCreatesTheClient() => InjectAsync(Sources.Class("""
            private readonly Timer _timer;

            public Handler()
            {
                _timer = new Timer(_ =>
                {
                    using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                    client.GetQueryApi();
                }, null, 0, 1000);
            }
        """), Sources.Class("""
            private readonly Timer _timer;
            private readonly InfluxDBClient _client;

            public Handler(InfluxDBClient client)
            {
                _client = client;
                _timer = new Timer(_ =>
                {
                    _client.GetQueryApi();
                }, null, 0, 1000);
            }
        """));

    [Fact]
    public Task InjectIsNotOfferedWhenTheClientDependsOnAParameter() => InjectAsync(Sources.Class("""
            public QueryApi Handle(string url)
            {
                using var client = {|HIQ002:new InfluxDBClient(url, Token)|};
                return client.GetQueryApi();
            }
        """), Sources.Class("""
            public QueryApi Handle(string url)
            {
                using var client = {|HIQ002:new InfluxDBClient(url, Token)|};
                return client.GetQueryApi();
            }
        """));

    [Fact]
    public Task InjectIsNotOfferedWhenSourceCodeConstructsTheClass() => InjectAsync(Sources.Class("""
            public static Handler Create() => new Handler();

            public QueryApi Handle()
            {
                using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                return client.GetQueryApi();
            }
        """), Sources.Class("""
            public static Handler Create() => new Handler();

            public QueryApi Handle()
            {
                using var client = {|HIQ002:new InfluxDBClient(Url, Token)|};
                return client.GetQueryApi();
            }
        """));

    [Fact]
    public Task KeyedCacheForAClientPerUrl() => KeyedAsync(Sources.Class("""
            public QueryApi Handle(string url)
            {
                using var client = {|HIQ002:new InfluxDBClient(url, Token)|};
                return client.GetQueryApi();
            }
        """), Sources.Class("""
            private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, InfluxDBClient> s_influxDBClients = new();

            public QueryApi Handle(string url)
            {
                var client = s_influxDBClients.GetOrAdd(url, key => new InfluxDBClient(key, Token));
                return client.GetQueryApi();
            }
        """));

    [Fact]
    public Task FixAllKeyedCachesWithTwoKeysInALoop() => KeyedAsync(Sources.Class("""
            public void Handle(string[] urls, string token)
            {
                foreach (var url in urls)
                {
                    using var client = {|HIQ002:new InfluxDBClient(url, token)|};
                    client.GetQueryApi();
                }
            }

            public QueryApi Other(string url)
            {
                using var influx = {|HIQ002:new InfluxDBClient(url, Token)|};
                return influx.GetQueryApi();
            }
        """), Sources.Class("""
            private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string url, string token), InfluxDBClient> s_influxDBClients = new();
            private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, InfluxDBClient> s_influxDBClients2 = new();

            public void Handle(string[] urls, string token)
            {
                foreach (var url in urls)
                {
                    var client = s_influxDBClients.GetOrAdd((url, token), key => new InfluxDBClient(key.url, key.token));
                    client.GetQueryApi();
                }
            }

            public QueryApi Other(string url)
            {
                var influx = s_influxDBClients2.GetOrAdd(url, key => new InfluxDBClient(key, Token));
                return influx.GetQueryApi();
            }
        """));
}
