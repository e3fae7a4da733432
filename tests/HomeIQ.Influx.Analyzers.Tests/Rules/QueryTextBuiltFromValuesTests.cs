using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>
/// HIQ004: query text built from values, on InfluxDB.Client and InfluxDB3.Client. This project's raw query methods
/// (InfluxClient.QueryInfluxQLAsync / QueryFluxAsync) are covered in <see cref="RawQueryMethodsTests"/>.
/// </summary>
public sealed class QueryTextBuiltFromValuesTests
{
    private const string Apis = """
            private readonly QueryApi _queries = new InfluxDBClient(Url, Token).GetQueryApi();
            private readonly V3.InfluxDBClient _v3 = new V3.InfluxDBClient("http://localhost:8181", "token", database: "db");
            private const string Bucket = "home";
            private static readonly string Measurement = "temperature";

        """;

    public static TheoryData<string, string> Flagged => new()
    {
        { "interpolation into QueryAsync", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(string room)
                => _queries.QueryAsync({|HIQ004:$"from(bucket: \"{Bucket}\") |> filter(fn: (r) => r.room == \"{room}\")"|}, "org");
        """ },
        { "concatenation", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(string room)
                => _queries.QueryAsync({|HIQ004:"from(bucket: \"home\") |> filter(fn: (r) => r.room == \"" + room + "\")"|}, "org");
        """ },
        { "string.Format", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(string room)
                => _queries.QueryAsync({|HIQ004:string.Format("from(bucket: \"{0}\")", room)|}, "org");
        """ },
        { "QueryAsync<T>", Apis + """
            public Task<List<Reading>> Run(string bucket)
                => _queries.QueryAsync<Reading>({|HIQ004:$"from(bucket: \"{bucket}\") |> range(start: -1h)"|}, "org");
        """ },
        { "QueryRawAsync", Apis + """
            public Task<string> Run(string bucket)
                => _queries.QueryRawAsync({|HIQ004:"from(bucket: \"" + bucket + "\")"|}, org: "org");
        """ },
        { "QueryAsyncEnumerable<T>", Apis + """
            public IAsyncEnumerable<Reading> Run(string bucket)
                => _queries.QueryAsyncEnumerable<Reading>({|HIQ004:$"from(bucket: \"{bucket}\")"|}, "org");
        """ },
        { "a local built from values", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(string room)
            {
                var flux = $"from(bucket: \"home\") |> filter(fn: (r) => r.room == \"{room}\")";
                return _queries.QueryAsync({|HIQ004:flux|}, "org");
            }
        """ },
        { "a local extended with +=", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(string room)
            {
                var flux = "from(bucket: \"home\")";
                flux += " |> filter(fn: (r) => r.room == \"" + room + "\")";
                return _queries.QueryAsync({|HIQ004:flux|}, "org");
            }
        """ },
        { "named argument", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(string bucket)
                => _queries.QueryAsync(org: "org", query: {|HIQ004:"from(bucket: \"" + bucket + "\")"|});
        """ },
        { "a static readonly (not const) hole", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run()
                => _queries.QueryAsync({|HIQ004:$"from(bucket: \"home\") |> filter(fn: (r) => r._measurement == \"{Measurement}\")"|}, "org");
        """ },
        { "QueryApiSync", """
            public List<InfluxDB.Client.Core.Flux.Domain.FluxTable> Run(InfluxDBClient client, string bucket)
                => client.GetQueryApiSync().QuerySync({|HIQ004:$"from(bucket: \"{bucket}\")"|}, "org");
        """ },
        { "InfluxDB3 Query", Apis + """
            public IAsyncEnumerable<object[]> Run(string room)
                => _v3.Query({|HIQ004:$"SELECT * FROM temperature WHERE room = '{room}'"|});
        """ },
        { "InfluxDB3 QueryPoints", Apis + """
            public IAsyncEnumerable<InfluxDB3.Client.Write.PointDataValues> Run(string room)
                => _v3.QueryPoints({|HIQ004:"SELECT * FROM temperature WHERE room = '" + room + "'"|});
        """ },
        { "InfluxDB3 QueryBatches with string.Concat", Apis + """
            public IAsyncEnumerable<Apache.Arrow.RecordBatch> Run(string room)
                => _v3.QueryBatches({|HIQ004:string.Concat("SELECT * FROM temperature WHERE room = '", room, "'")|});
        """ },
        { "through IQueryApi (what DI users hold)", """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(IQueryApi queries, string room)
                => queries.QueryAsync({|HIQ004:$"from(bucket: \"home\") |> filter(fn: (r) => r.room == \"{room}\")"|}, "org");
        """ },
        { "through IQueryApiSync", """
            public List<InfluxDB.Client.Core.Flux.Domain.FluxTable> Run(IQueryApiSync queries, string bucket)
                => queries.QuerySync({|HIQ004:"from(bucket: \"" + bucket + "\")"|}, "org");
        """ },
        { "through IInfluxDBClient.GetQueryApi()", """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(IInfluxDBClient client, string bucket)
                => client.GetQueryApi().QueryAsync({|HIQ004:$"from(bucket: \"{bucket}\")"|}, "org");
        """ },
        { "the text of a Query object", """
            public Query Run(string room)
                => new Query(query: {|HIQ004:$"from(bucket: \"home\") |> filter(fn: (r) => r.room == \"{room}\")"|});
        """ },
        { "InfluxDB3 through IInfluxDBClient", """
            public IAsyncEnumerable<object[]> Run(V3.IInfluxDBClient client, string room)
                => client.Query({|HIQ004:$"SELECT * FROM temperature WHERE room = '{room}'"|});
        """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { "literal", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run()
                => _queries.QueryAsync("from(bucket: \"home\") |> range(start: -1h)", "org");
        """ },
        { "const interpolation", Apis + """
            private const string Flux = $"from(bucket: \"{Bucket}\") |> range(start: -1h)";
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run()
                => _queries.QueryAsync($"from(bucket: \"{Bucket}\") |> range(start: -1h)", "org");
        """ },
        { "nameof in an interpolation", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run()
                => _queries.QueryAsync($"from(bucket: \"{nameof(Bucket)}\")", "org");
        """ },
        { "constant concatenation", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run()
                => _queries.QueryAsync("from(bucket: \"" + Bucket + "\")" + " |> range(start: -1h)", "org");
        """ },
        { "local holding a constant", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run()
            {
                var flux = "from(bucket: \"home\") |> range(start: -1h)";
                return _queries.QueryAsync(flux, "org");
            }
        """ },
        { "query passed through from a parameter", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(string flux) => _queries.QueryAsync(flux, "org");
        """ },
        { "InfluxDB3 named parameters", Apis + """
            public IAsyncEnumerable<object[]> Run(string room)
                => _v3.Query("SELECT * FROM temperature WHERE room = $room", namedParameters: new Dictionary<string, object> { ["room"] = room });
        """ },
        { "only the org is built", Apis + """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(string tenant)
                => _queries.QueryAsync("from(bucket: \"home\")", $"org-{tenant}");
        """ },
        { "InfluxDB3 database built, query constant", Apis + """
            public IAsyncEnumerable<object[]> Run(string tenant)
                => _v3.Query("SELECT * FROM temperature", database: "db-" + tenant);
        """ },
        { "string.Format into a method that is not a query", """
            public void Run(string room) => Console.WriteLine(string.Format("room {0}", room));
        """ },
        { "a Query method of another type", """
            private sealed class Other { public void Query(string query) { } }
            public void Run(string room) => new Other().Query($"SELECT * FROM t WHERE room = '{room}'");
        """ },
        { "a Query object with params (InfluxDB Cloud binds them)", """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(IQueryApi queries, string room)
                => queries.QueryAsync(new Query(query: "from(bucket: \"home\") |> filter(fn: (r) => r.room == params.room)",
                    _params: new Dictionary<string, object> { ["room"] = room }), "org");
        """ },
        { "through IQueryApi, values quoted with FluxText", """
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run(IQueryApi queries, string room)
                => queries.QueryAsync("from(bucket: \"home\") |> filter(fn: (r) => r.room == " + HomeIQ.Influx.Querying.FluxText.QuoteString(room) + ")", "org");
        """ },
        { "a number in the text (it cannot carry a quote)", Apis + """
            public Task<List<Reading>> Run(int hours)
                => _queries.QueryAsync<Reading>($"from(bucket: \"home\") |> range(start: -{hours}h)", "org");
        """ },
        { "a const field", Apis + """
            private const string LastHour = "from(bucket: \"home\") |> range(start: -1h)";
            public Task<List<InfluxDB.Client.Core.Flux.Domain.FluxTable>> Run() => _queries.QueryAsync(LastHour, "org");
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
