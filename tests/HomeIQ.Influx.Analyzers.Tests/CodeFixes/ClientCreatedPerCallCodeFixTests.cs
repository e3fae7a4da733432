using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ002's fixes: inject through the constructor, or keep in a static readonly field; each with Fix All.</summary>
public sealed class ClientCreatedPerCallCodeFixTests
{
    private static Task InjectAsync(string before, string after, string? batchAfter = null)
        => Verify.CodeFixAsync<ClientCreatedPerCallAnalyzer, ClientCreatedPerCallCodeFix>(before, after, ClientCreatedPerCallCodeFix.InjectKey, batchAfter);

    private static Task StaticAsync(string before, string after, string? batchAfter = null)
        => Verify.CodeFixAsync<ClientCreatedPerCallAnalyzer, ClientCreatedPerCallCodeFix>(before, after, ClientCreatedPerCallCodeFix.StaticFieldKey, batchAfter);

    [Fact]
    public Task Inject_adds_field_and_constructor() => InjectAsync(Sources.Class("""
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
    public Task Inject_extends_the_existing_constructor_and_removes_per_call_dispose() => InjectAsync(Sources.Class("""
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
                _bucket = bucket;
                _client = client;
            }

            public QueryApi Handle()
            {
                return _client.GetQueryApi();
            }
        """));

    [Fact]
    public Task Inject_reuses_an_existing_readonly_field() => InjectAsync(Sources.Class("""
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
    public Task Static_field_for_a_creation_that_uses_only_constants() => StaticAsync(Sources.Class("""
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
    public Task Fix_all_inject_shares_one_field_across_methods() => InjectAsync(Sources.Class("""
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
    public Task Fix_all_static_fields() => StaticAsync(Sources.Class("""
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
    public Task Inject_into_a_primary_constructor() => InjectAsync(Sources.Usings + """
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
    public Task Inject_turns_an_expression_bodied_constructor_into_a_block() => InjectAsync(Sources.Class("""
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
                _bucket = bucket;
                _influx = influx;
            }

            public async Task<string> HandleAsync()
            {
                return await _influx.PingAsync();
            }
        """));

    [Fact]
    public Task Static_field_for_an_inline_creation() => StaticAsync(Sources.Class("""
            public QueryApi Handle() => {|HIQ002:new InfluxDBClient(Url, Token)|}.GetQueryApi();
        """), Sources.Class("""
            private static readonly InfluxDBClient s_influxDBClient = new InfluxDBClient(Url, Token);

            public QueryApi Handle() => s_influxDBClient.GetQueryApi();
        """));
}
