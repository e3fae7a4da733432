using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>
/// HIQ004 on this project's raw query methods, <c>InfluxClient.QueryInfluxQLAsync</c> and <c>QueryFluxAsync</c> and
/// their generic overloads, compiled against the real HomeIQ.Influx assembly.
/// </summary>
public sealed class RawQueryMethodsTests
{
    private const string Members = """
            private readonly InfluxClient _client = new(Options);
            private const string Measurement = "temperature";
            private static readonly string Bucket = "home";

            public sealed class Row : HomeIQ.Influx.Querying.IQueryableMeasurement<Row>
            {
                public static HomeIQ.Influx.Querying.MeasurementSchema QuerySchema { get; } =
                    new("Row", "temperature", new[] { "room" }, new[] { new HomeIQ.Influx.Querying.MeasurementField("value", HomeIQ.Influx.Querying.FieldKind.Float) });
                public static Row ReadRow(in HomeIQ.Influx.Querying.QueryRow row) => new();
            }

        """;

    public static TheoryData<string, string> Flagged => new()
    {
        { "QueryInfluxQLAsync, interpolation", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
                => _client.QueryInfluxQLAsync({|HIQ004:$"SELECT * FROM temperature WHERE room = '{room}'"|});
        """ },
        { "QueryInfluxQLAsync, concatenation", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
                => _client.QueryInfluxQLAsync({|HIQ004:"SELECT * FROM temperature WHERE room = '" + room + "'"|});
        """ },
        { "QueryInfluxQLAsync, string.Format", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
                => _client.QueryInfluxQLAsync({|HIQ004:string.Format("SELECT * FROM temperature WHERE room = '{0}'", room)|});
        """ },
        { "QueryInfluxQLAsync with options and a cancellation token", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room, CancellationToken ct)
                => _client.QueryInfluxQLAsync({|HIQ004:$"SELECT * FROM temperature WHERE room = '{room}'"|}, new HomeIQ.Influx.Querying.InfluxQLQueryOptions { Database = "home" }, ct);
        """ },
        { "QueryInfluxQLAsync<T>, interpolation", Members + """
            public IAsyncEnumerable<Row> Run(string room)
                => _client.QueryInfluxQLAsync<Row>({|HIQ004:$"SELECT * FROM temperature WHERE room = '{room}'"|});
        """ },
        { "QueryInfluxQLAsync<T>, named argument after the options", Members + """
            public IAsyncEnumerable<Row> Run(string room)
                => _client.QueryInfluxQLAsync<Row>(options: null, query: {|HIQ004:"SELECT * FROM temperature WHERE room = '" + room + "'"|});
        """ },
        { "QueryInfluxQLAsync<T> in await foreach, string.Concat", Members + """
            public async Task<int> Run(string room)
            {
                int n = 0;
                await foreach (var row in _client.QueryInfluxQLAsync<Row>({|HIQ004:string.Concat("SELECT * FROM temperature WHERE room = '", room, "'")|})) n++;
                return n;
            }
        """ },
        { "QueryFluxAsync, interpolation", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
                => _client.QueryFluxAsync({|HIQ004:$"from(bucket: \"home\") |> filter(fn: (r) => r.room == \"{room}\")"|});
        """ },
        { "QueryFluxAsync, concatenation", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string bucket, CancellationToken ct)
                => _client.QueryFluxAsync({|HIQ004:"from(bucket: \"" + bucket + "\") |> range(start: -1h)"|}, ct);
        """ },
        { "QueryFluxAsync, string.Format", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(int hours)
                => _client.QueryFluxAsync({|HIQ004:string.Format("from(bucket: \"home\") |> range(start: -{0}h)", hours)|});
        """ },
        { "QueryFluxAsync<T>, interpolation of a static readonly (not const)", Members + """
            public IAsyncEnumerable<Row> Run()
                => _client.QueryFluxAsync<Row>({|HIQ004:$"from(bucket: \"{Bucket}\") |> range(start: -1h)"|});
        """ },
        { "QueryFluxAsync<T>, a local built from values", Members + """
            public IAsyncEnumerable<Row> Run(string room)
            {
                var flux = $"from(bucket: \"home\") |> filter(fn: (r) => r.room == \"{room}\")";
                return _client.QueryFluxAsync<Row>({|HIQ004:flux|});
            }
        """ },
        { "QueryInfluxQLAsync, a local extended with +=", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
            {
                var q = "SELECT * FROM temperature";
                q += " WHERE room = '" + room + "'";
                return _client.QueryInfluxQLAsync({|HIQ004:q|});
            }
        """ },
        { "one value escaped with InfluxQLText, another not", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room, string limit)
                => _client.QueryInfluxQLAsync({|HIQ004:$"SELECT * FROM temperature WHERE room = {HomeIQ.Influx.Querying.InfluxQLText.QuoteString(room)} LIMIT {limit}"|});
        """ },
        { "a value through a helper of another type", Members + """
            private static string Quote(string s) => "'" + s + "'";
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
                => _client.QueryInfluxQLAsync({|HIQ004:"SELECT * FROM temperature WHERE room = " + Quote(room)|});
        """ },
        { "a client passed in as a parameter, in a lambda", Members + """
            public Func<string, Task<HomeIQ.Influx.Querying.QueryResultReader>> Run(InfluxClient client)
                => room => client.QueryInfluxQLAsync({|HIQ004:$"SELECT * FROM temperature WHERE room = '{room}'"|});
        """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { "numbers and booleans cannot carry a quote: a limit from an int", Members + """
            public IAsyncEnumerable<Row> Run(int limit, double min, bool ok)
                => _client.QueryInfluxQLAsync<Row>($"SELECT * FROM temperature WHERE value > {min} AND ok = {ok} LIMIT {limit}");
        """ },
        { "QueryInfluxQLAsync, literal", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run() => _client.QueryInfluxQLAsync("SELECT * FROM temperature");
        """ },
        { "QueryInfluxQLAsync, const interpolation", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run() => _client.QueryInfluxQLAsync($"SELECT * FROM \"{Measurement}\"");
        """ },
        { "QueryInfluxQLAsync<T>, nameof", Members + """
            public IAsyncEnumerable<Row> Run() => _client.QueryInfluxQLAsync<Row>($"SELECT * FROM \"{nameof(Row)}\"");
        """ },
        { "QueryInfluxQLAsync<T>, constant concatenation", Members + """
            public IAsyncEnumerable<Row> Run() => _client.QueryInfluxQLAsync<Row>("SELECT * FROM \"" + Measurement + "\"" + " LIMIT 10");
        """ },
        { "QueryFluxAsync, const field", Members + """
            private const string LastHour = "from(bucket: \"home\") |> range(start: -1h)";
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(CancellationToken ct) => _client.QueryFluxAsync(LastHour, ct);
        """ },
        { "QueryFluxAsync<T>, a local holding a constant", Members + """
            public IAsyncEnumerable<Row> Run()
            {
                var flux = "from(bucket: \"home\") |> range(start: -1h)";
                return _client.QueryFluxAsync<Row>(flux);
            }
        """ },
        { "the query builder (the generated-query path)", Members + """
            public IAsyncEnumerable<Row> Run(string room) => _client.Query<Row>().WhereTag("room", room).Last(TimeSpan.FromHours(1)).ExecuteAsync();
        """ },
        { "the builder's text passed to the raw method", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string room)
                => _client.QueryInfluxQLAsync(_client.Query<Row>().WhereTag("room", room).ToInfluxQL());
        """ },
        { "the builder's Flux in a local", Members + """
            public IAsyncEnumerable<Row> Run(string room)
            {
                var flux = _client.Query<Row>().WhereTag("room", room).ToFlux();
                return _client.QueryFluxAsync<Row>(flux);
            }
        """ },
        { "query passed through from a parameter", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string influxql) => _client.QueryInfluxQLAsync(influxql);
        """ },
        { "only the options are built from values", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string tenant)
                => _client.QueryInfluxQLAsync("SELECT * FROM temperature", new HomeIQ.Influx.Querying.InfluxQLQueryOptions { Database = "db-" + tenant, RetentionPolicy = $"rp-{tenant}" });
        """ },
        { "values escaped with InfluxQLText in an interpolation", Members + """
            public Task<HomeIQ.Influx.Querying.QueryResultReader> Run(string measurement, string room, TimeSpan window)
                => _client.QueryInfluxQLAsync($"SELECT * FROM {HomeIQ.Influx.Querying.InfluxQLText.QuoteIdentifier(measurement)} WHERE room = {HomeIQ.Influx.Querying.InfluxQLText.QuoteString(room)} AND time > now() - {HomeIQ.Influx.Querying.InfluxQLText.FormatDuration(window)}");
        """ },
        { "values escaped with FluxText in a concatenation", Members + """
            public IAsyncEnumerable<Row> Run(string room, DateTimeOffset start)
                => _client.QueryFluxAsync<Row>("from(bucket: \"home\") |> range(start: " + HomeIQ.Influx.Querying.FluxText.FormatTime(start) + ") |> filter(fn: (r) => r.room == " + HomeIQ.Influx.Querying.FluxText.QuoteString(room) + ")");
        """ },
        { "a QueryInfluxQLAsync of another type", """
            private sealed class Other { public void QueryInfluxQLAsync(string query) { } }
            public void Run(string room) => new Other().QueryInfluxQLAsync($"SELECT * FROM t WHERE room = '{room}'");
        """ },
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Reports(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<QueryTextBuiltFromValuesAnalyzer>(Sources.Class(members));
    }

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task DoesNotReport(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<QueryTextBuiltFromValuesAnalyzer>(Sources.Class(members));
    }
}
