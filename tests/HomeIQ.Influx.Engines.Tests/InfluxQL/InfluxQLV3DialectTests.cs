using System.Net;
using HomeIQ.Influx.Engines.Tests.Models;
using HomeIQ.Influx.Querying;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Engines.Tests.InfluxQL;

/// <summary>
/// InfluxQL for InfluxDB 3 where its dialect differs (docs/compatibility.md lists the differences and their sources;
/// no InfluxDB 3 installs here, so these are text and request shapes, and answers shaped like InfluxDB 3's):
/// no <c>::field</c>/<c>::tag</c> casts in the raw selection, and the parameters of <c>/query</c> in the URL of a GET.
/// Everything else the query classes emit (fill(none), GROUP BY time and tags, ORDER BY time DESC, LIMIT, regexes,
/// now() arithmetic, the duration units) is in InfluxDB 3's InfluxQL, so the text is otherwise the same.
/// </summary>
public sealed class InfluxQLV3DialectTests
{
    private static InfluxClient Client(InfluxApiVersion api, Uri? url = null) => new(api == InfluxApiVersion.V2
        ? new InfluxClientOptions { Url = url ?? new Uri("http://127.0.0.1:9"), Api = api, Org = "home", Bucket = "sensors", Token = "t" }
        : new InfluxClientOptions { Url = url ?? new Uri("http://127.0.0.1:9"), Api = api, Database = "sensors", Token = "t" });

    private const string AllColumns = "\"temperature\",\"setpoint\",\"cycles\",\"energy\",\"on\",\"mode\",\"floor\",\"room\",\"zone\"";

    [Fact]
    public void V3RawQueriesSelectTagsAndFieldsWithoutCasts()
    {
        using var v3 = Client(InfluxApiVersion.V3);
        var q = v3.QueryThermostat().Range(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero))
            .WhereRoomIn("kitchen", "hall").WhereZoneMatches("^z/1$").WhereCyclesGreaterThan(3).OrderByTimeDescending().Limit(10);
        Assert.Equal(
            $"SELECT {AllColumns} FROM \"thermostat\" WHERE time >= '2024-01-01T00:00:00Z' AND time < '2024-01-02T00:00:00Z' " +
            "AND (\"room\" = 'kitchen' OR \"room\" = 'hall') AND \"zone\" =~ /^z\\/1$/ AND \"cycles\" > 3 ORDER BY time DESC LIMIT 10",
            q.ToInfluxQL());
        Assert.Equal("SELECT \"temperature\",\"floor\",\"room\",\"zone\" FROM \"thermostat\" WHERE time >= now() - 90m",
            v3.QueryThermostat().Select(ThermostatQuery.Fields.Temperature).Last(TimeSpan.FromMinutes(90)).ToInfluxQL());
        Assert.DoesNotContain("::", v3.QueryThermostat().WhereRoom("a::tag").ToInfluxQL().Replace("'a::tag'", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InfluxApiVersion.V1)]
    [InlineData(InfluxApiVersion.V2)]
    public void V1AndV2RawQueriesKeepTheCasts(InfluxApiVersion api)
    {
        // InfluxDB 1.x/2.x allow a tag and a field of the same name; the casts keep them apart (tested against 1.6 in
        // HomeIQ.Influx.Query.Tests).
        using var client = Client(api);
        Assert.Equal(
            "SELECT \"temperature\"::field,\"setpoint\"::field,\"cycles\"::field,\"energy\"::field,\"on\"::field,\"mode\"::field," +
            "\"floor\"::tag,\"room\"::tag,\"zone\"::tag FROM \"thermostat\" WHERE \"room\" = 'kitchen'",
            client.QueryThermostat().WhereRoom("kitchen").ToInfluxQL());
    }

    [Theory]
    [InlineData(InfluxApiVersion.V1)]
    [InlineData(InfluxApiVersion.V2)]
    [InlineData(InfluxApiVersion.V3)]
    public void WindowsAreTheSameTextInEveryDialect(InfluxApiVersion api)
    {
        using var client = Client(api);
        Assert.Equal(
            "SELECT mean(\"temperature\") AS \"temperature\",mean(\"setpoint\") AS \"setpoint\" FROM \"thermostat\" " +
            "WHERE time >= now() - 1d GROUP BY time(15m),\"room\" fill(none)",
            client.QueryThermostat().Last(TimeSpan.FromDays(1)).Window(TimeSpan.FromMinutes(15), AggregateFunction.Mean, ThermostatQuery.Tags.Room).ToInfluxQL());
    }

    [Fact]
    public async Task V3SendsTheParametersInTheUrlOfAGETAndReadsInfluxDB3Answers()
    {
        // Two chunks as InfluxDB 3's /query writes them (influxdb3_server http/v1.rs): one JSON document per chunk, each
        // followed by \r\n, times as integers for epoch=ns, no "tags" member without GROUP BY.
        const string answer =
            "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"thermostat\",\"columns\":[\"time\",\"temperature\",\"setpoint\",\"cycles\",\"energy\",\"on\",\"mode\",\"floor\",\"room\",\"zone\"]," +
            "\"values\":[[1704067200000000000,21.5,20.0,3,7,true,\"heat\",\"1\",\"kitchen\",\"z1\"]]}]}]}\r\n" +
            "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"thermostat\",\"columns\":[\"time\",\"temperature\",\"setpoint\",\"cycles\",\"energy\",\"on\",\"mode\",\"floor\",\"room\",\"zone\"]," +
            "\"values\":[[1704067260000000000,22.25,null,4,8,false,\"off\",\"1\",\"hall\",null]]}]}]}\r\n";
        await using var server = new FaultInjectingProxy(upstream: null, _ => FaultAction.Respond(200, answer, ("Content-Type", "application/json")));
        using var client = Client(InfluxApiVersion.V3, server.Url);
        var query = client.QueryThermostat().WhereRoomIn("kitchen", "hall");

        var rows = new List<Thermostat>();
        await foreach (var row in query.ExecuteAsync()) rows.Add(row);

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Empty(request.RawBody);
        var parameters = QueryParameters(request.PathAndQuery);
        Assert.Equal("/query", request.PathAndQuery[..request.PathAndQuery.IndexOf('?', StringComparison.Ordinal)]);
        Assert.Equal(query.ToInfluxQL(), parameters["q"]);
        Assert.Equal("sensors", parameters["db"]);
        Assert.Equal("ns", parameters["epoch"]);
        Assert.Equal("true", parameters["chunked"]);
        Assert.Equal("Token t", request.Headers["Authorization"]);

        Assert.Equal(2, rows.Count);
        Assert.Equal(("kitchen", 21.5, 20f, 3L, 7UL, true, "heat", "z1"), (rows[0].Room, rows[0].Temperature, rows[0].Setpoint, rows[0].Cycles, rows[0].Energy, rows[0].On, rows[0].Mode, rows[0].Zone));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 1, 0, TimeSpan.Zero), rows[1].Time);
        Assert.Null(rows[1].Setpoint);
        Assert.Null(rows[1].Zone);
    }

    [Fact]
    public async Task V3GroupByAnswersWithTagsAreRead()
    {
        const string answer =
            "{\"results\":[{\"statement_id\":0,\"series\":[" +
            "{\"name\":\"thermostat\",\"tags\":{\"room\":\"kitchen\"},\"columns\":[\"time\",\"temperature\",\"setpoint\"],\"values\":[[1704067200000000000,21.5,20.0]]}," +
            "{\"name\":\"thermostat\",\"tags\":{\"room\":null},\"columns\":[\"time\",\"temperature\",\"setpoint\"],\"values\":[[1704067200000000000,19.0,18.5]]}]}]}\r\n";
        await using var server = new FaultInjectingProxy(upstream: null, _ => FaultAction.Respond(200, answer, ("Content-Type", "application/json")));
        using var client = Client(InfluxApiVersion.V3, server.Url);

        var rows = new List<Thermostat>();
        await foreach (var row in client.QueryThermostat().Last(TimeSpan.FromHours(1)).Window(TimeSpan.FromMinutes(5), AggregateFunction.Mean, ThermostatQuery.Tags.Room).ExecuteAsync())
            rows.Add(row);

        Assert.Equal(2, rows.Count);
        Assert.Equal(("kitchen", 21.5), (rows[0].Room, rows[0].Temperature));
        // InfluxDB 3 reports a missing tag of a group as null; it reads as "", what InfluxDB 1.x reports for the same group.
        Assert.Equal(("", 19.0), (rows[1].Room, rows[1].Temperature));
    }

    [Fact]
    public async Task V1StillPostsAForm()
    {
        await using var server = new FaultInjectingProxy(upstream: null, _ => FaultAction.Respond(200, "{\"results\":[{\"statement_id\":0}]}", ("Content-Type", "application/json")));
        using var client = Client(InfluxApiVersion.V1, server.Url);
        await foreach (var _ in client.QueryThermostat().ExecuteAsync()) { }

        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/query"), (request.Method, request.PathAndQuery));
        Assert.Contains("q=SELECT", request.Body, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> QueryParameters(string pathAndQuery) =>
        pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..].Split('&')
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
}
