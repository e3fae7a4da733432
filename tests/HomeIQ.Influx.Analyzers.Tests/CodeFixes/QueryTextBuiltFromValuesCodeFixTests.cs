using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ004's fixes: parameters (InfluxQL, InfluxDB3, Flux params) and quoting (InfluxQLText, FluxText); each with Fix All.</summary>
public sealed class QueryTextBuiltFromValuesCodeFixTests
{
    private const string Client = """
            private readonly InfluxClient _client = new(Options);

        """;

    private static Task ParametersAsync(string before, string after)
        => Verify.CodeFixAsync<QueryTextBuiltFromValuesAnalyzer, QueryTextBuiltFromValuesCodeFix>(Sources.Class(before), Sources.Class(after), QueryTextBuiltFromValuesCodeFix.ParametersKey);

    private static Task QuoteAsync(string before, string after, bool nullable = false)
        => Verify.CodeFixAsync<QueryTextBuiltFromValuesAnalyzer, QueryTextBuiltFromValuesCodeFix>(
            (nullable ? "#nullable enable\n" : "") + Sources.Class(before), (nullable ? "#nullable enable\n" : "") + Sources.Class(after), QueryTextBuiltFromValuesCodeFix.QuoteKey);

    [Fact]
    public Task InfluxQLInterpolationBecomesBoundParameters() => ParametersAsync(Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room, DateTimeOffset since, int limit)
                => _client.QueryInfluxQLAsync({|HIQ004:$"SELECT * FROM temperature WHERE room = '{room}' AND time > '{since}' LIMIT {limit}"|});
        """, Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room, DateTimeOffset since, int limit)
                => _client.QueryInfluxQLAsync($"SELECT * FROM temperature WHERE room = $room AND time > $since LIMIT {limit}", new HomeIQ.Influx.Querying.InfluxQLParameters { { "room", room }, { "since", since } });
        """);

    [Fact]
    public Task InfluxQLIdentifierIsQuotedAndTheValueBoundWithOptionsAndToken() => ParametersAsync(Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string measurement, string room, CancellationToken ct)
                => _client.QueryInfluxQLAsync({|HIQ004:"SELECT * FROM \"" + measurement + "\" WHERE room = '" + room + "'"|}, cancellationToken: ct);
        """, Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string measurement, string room, CancellationToken ct)
                => _client.QueryInfluxQLAsync("SELECT * FROM " + HomeIQ.Influx.Querying.InfluxQLText.QuoteIdentifier(measurement) + " WHERE room = $room", parameters: new HomeIQ.Influx.Querying.InfluxQLParameters { { "room", room } }, cancellationToken: ct);
        """);

    [Fact]
    public Task InfluxQLNamedArgumentsGetANamedParametersArgument() => ParametersAsync(Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room, CancellationToken ct)
                => _client.QueryInfluxQLAsync(query: {|HIQ004:$@"SELECT * FROM temperature
                    WHERE room = '{room}'"|}, cancellationToken: ct);
        """, Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room, CancellationToken ct)
                => _client.QueryInfluxQLAsync(query: @"SELECT * FROM temperature
                    WHERE room = $room", parameters: new HomeIQ.Influx.Querying.InfluxQLParameters { { "room", room } }, cancellationToken: ct);
        """);

    [Fact]
    public Task InfluxQLQuotingWithInfluxQLText() => QuoteAsync(Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room, TimeSpan window)
                => _client.QueryInfluxQLAsync({|HIQ004:$"SELECT mean(v) FROM t WHERE room = '{room}' GROUP BY time({window})"|});
        """, Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room, TimeSpan window)
                => _client.QueryInfluxQLAsync($"SELECT mean(v) FROM t WHERE room = {HomeIQ.Influx.Querying.InfluxQLText.QuoteString(room)} GROUP BY time({HomeIQ.Influx.Querying.InfluxQLText.FormatDuration(window)})");
        """);

    [Fact]
    public Task FluxQuotingWithFluxTextOnOurClient() => QuoteAsync(Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string bucket, string? room)
                => _client.QueryFluxAsync({|HIQ004:$"from(bucket: \"{bucket}\") |> range(start: -1h) |> filter(fn: (r) => r.room == \"{room}\")"|});
        """, Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string bucket, string? room)
                => _client.QueryFluxAsync($"from(bucket: {HomeIQ.Influx.Querying.FluxText.QuoteString(bucket)}) |> range(start: -1h) |> filter(fn: (r) => r.room == {HomeIQ.Influx.Querying.FluxText.QuoteString(room ?? "")})");
        """, nullable: true);

    [Fact]
    public Task InfluxDB3ValuesInWHEREBecomeNamedParameters() => ParametersAsync("""
            public IAsyncEnumerable<object[]> Run(V3.IInfluxDBClient client, string meter, int limit)
                => client.Query({|HIQ004:$"SELECT * FROM energy WHERE meter = '{meter}' ORDER BY time DESC LIMIT {limit}"|});
        """, """
            public IAsyncEnumerable<object[]> Run(V3.IInfluxDBClient client, string meter, int limit)
                => client.Query($"SELECT * FROM energy WHERE meter = $meter ORDER BY time DESC LIMIT {limit}", namedParameters: new Dictionary<string, object> { ["meter"] = meter });
        """);

    [Fact]
    public Task InfluxDB3ValueOutsideWHEREGetsNoFix() => ParametersAsync("""
            public IAsyncEnumerable<object[]> Run(V3.IInfluxDBClient client, string table)
                => client.Query({|HIQ004:$"SELECT * FROM '{table}'"|});
        """, """
            public IAsyncEnumerable<object[]> Run(V3.IInfluxDBClient client, string table)
                => client.Query({|HIQ004:$"SELECT * FROM '{table}'"|});
        """);

    [Fact]
    public Task InfluxDBClientFluxBecomesAQueryObjectWithParams() => ParametersAsync("""
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(IQueryApi queries, string room)
                => queries.QueryAsync({|HIQ004:$"from(bucket: \"home\") |> filter(fn: (r) => r.room == \"{room}\")"|}, "org");
        """, """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(IQueryApi queries, string room)
                => queries.QueryAsync(new Query(query: "from(bucket: \"home\") |> filter(fn: (r) => r.room == params.room)", _params: new Dictionary<string, object> { ["room"] = room }), "org");
        """);

    [Fact]
    public Task FixAllParametersInADocument() => ParametersAsync(Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> One(string room) => _client.QueryInfluxQLAsync({|HIQ004:$"SELECT * FROM t WHERE room = '{room}'"|});
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Two(string sensor) => _client.QueryInfluxQLAsync({|HIQ004:"SELECT * FROM t WHERE sensor = '" + sensor + "'"|});
        """, Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> One(string room) => _client.QueryInfluxQLAsync("SELECT * FROM t WHERE room = $room", new HomeIQ.Influx.Querying.InfluxQLParameters { { "room", room } });
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Two(string sensor) => _client.QueryInfluxQLAsync("SELECT * FROM t WHERE sensor = $sensor", new HomeIQ.Influx.Querying.InfluxQLParameters { { "sensor", sensor } });
        """);

    [Fact]
    public Task NoFixForTextBuiltInALocal() => ParametersAsync(Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
            {
                var q = $"SELECT * FROM t WHERE room = '{room}'";
                return _client.QueryInfluxQLAsync({|HIQ004:q|});
            }
        """, Client + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
            {
                var q = $"SELECT * FROM t WHERE room = '{room}'";
                return _client.QueryInfluxQLAsync({|HIQ004:q|});
            }
        """);
}
