using System.Net;
using System.Text.Json;

namespace HomeIQ.Influx.Schema.Tests.Shapes;

/// <summary>
/// client.Schema on the v2 API, by request shape: no InfluxDB 2.x installs here, so a stub answers as InfluxDB's API
/// documentation says (<c>GET/POST /api/v2/buckets</c>, <c>GET /api/v2/orgs</c>, <c>POST /api/v2/delete</c>).
/// </summary>
public class V2SchemaShapeTests
{
    private const string NoBuckets = """{"links":{},"buckets":[]}""";
    private const string HomeOrg = """{"orgs":[{"id":"0a1b2c3d","name":"home"}]}""";

    [Fact]
    public async Task AMissingBucketIsLookedUpThenCreatedInTheOrganizationByIdWithItsRetentionRule()
    {
        var stub = new StubServer()
            .On("GET", "/api/v2/buckets", HttpStatusCode.OK, NoBuckets)
            .On("GET", "/api/v2/orgs", HttpStatusCode.OK, HomeOrg)
            .On("POST", "/api/v2/buckets", HttpStatusCode.Created, """{"id":"b1","name":"sensors"}""");
        using var client = stub.Client(InfluxApiVersion.V2);

        var result = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(30)) { ShardGroupDuration = TimeSpan.FromDays(1) });

        Assert.Equal(InfluxSchemaOutcome.Created, result.Outcome);
        Assert.Equal("Created the InfluxDB bucket 'sensors' in the organization 'home'; it keeps data for 30d.", result.Description);
        Assert.Collection(stub.Requests,
            find => Assert.Equal(("GET", "/api/v2/buckets?org=home&name=sensors"), (find.Method, find.PathAndQuery)),
            org => Assert.Equal(("GET", "/api/v2/orgs?org=home"), (org.Method, org.PathAndQuery)),
            create =>
            {
                Assert.Equal(("POST", "/api/v2/buckets", "application/json"), (create.Method, create.PathAndQuery, create.ContentType));
                Assert.Equal("""{"orgID":"0a1b2c3d","name":"sensors","retentionRules":[{"type":"expire","everySeconds":2592000,"shardGroupDurationSeconds":86400}]}""", create.Body);
            });
        Assert.All(stub.Requests, r => Assert.Equal("Token s3cret-token", r.Authorization));
    }

    [Fact]
    public async Task ABucketKeptForeverHasNoRetentionRule()
    {
        var stub = new StubServer()
            .On("GET", "/api/v2/buckets", HttpStatusCode.NotFound, """{"code":"not found","message":"bucket not found"}""")
            .On("GET", "/api/v2/orgs", HttpStatusCode.OK, HomeOrg)
            .On("POST", "/api/v2/buckets", HttpStatusCode.Created, "{}");
        using var client = stub.Client(InfluxApiVersion.V2);

        var result = await client.Schema.EnsureDatabaseAsync("archive, 2024 ü&", InfluxRetention.Forever);

        Assert.Equal(InfluxSchemaOutcome.Created, result.Outcome);
        Assert.Equal("/api/v2/buckets?org=home&name=archive%2C%202024%20%C3%BC%26", stub.Requests[0].PathAndQuery);
        Assert.Equal("archive, 2024 ü&", JsonDocument.Parse(stub.Requests[2].Body).RootElement.GetProperty("name").GetString());
        Assert.Equal(0, JsonDocument.Parse(stub.Requests[2].Body).RootElement.GetProperty("retentionRules").GetArrayLength());
    }

    [Theory]
    [InlineData(2592000, 30, InfluxSchemaOutcome.Existed)]
    [InlineData(0, null, InfluxSchemaOutcome.Existed)]
    [InlineData(604800, 30, InfluxSchemaOutcome.RetentionDiffers)]
    public async Task AnExistingBucketIsComparedNeverChanged(long everySeconds, int? askedDays, InfluxSchemaOutcome expected)
    {
        var stub = new StubServer().On("GET", "/api/v2/buckets", HttpStatusCode.OK,
            $$"""{"buckets":[{"id":"b1","name":"sensors","orgID":"0a1b2c3d","retentionRules":[{"type":"expire","everySeconds":{{everySeconds}}}]}]}""");
        using var client = stub.Client(InfluxApiVersion.V2);

        var result = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(askedDays is { } d ? TimeSpan.FromDays(d) : null));

        Assert.Equal(expected, result.Outcome);
        Assert.Single(stub.Requests); // looked up only: nothing created or changed
        if (expected == InfluxSchemaOutcome.RetentionDiffers)
            Assert.Contains("keeps data for 1w, not for 30d as asked. It was left unchanged", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABucketCreatedAtTheSameTimeBySomeoneElseCountsAsExisting()
    {
        var stub = new StubServer()
            .On("GET", "/api/v2/buckets", HttpStatusCode.OK, NoBuckets)
            .On("GET", "/api/v2/orgs", HttpStatusCode.OK, HomeOrg)
            .On("POST", "/api/v2/buckets", HttpStatusCode.UnprocessableEntity, """{"code":"conflict","message":"bucket with name sensors already exists"}""");
        using var client = stub.Client(InfluxApiVersion.V2);

        Assert.Equal(InfluxSchemaOutcome.Existed, (await client.Schema.EnsureDatabaseAsync()).Outcome);
    }

    [Fact]
    public async Task AMissingOrganizationIsNamedWithItsSetting()
    {
        var stub = new StubServer()
            .On("GET", "/api/v2/buckets", HttpStatusCode.OK, NoBuckets)
            .On("GET", "/api/v2/orgs", HttpStatusCode.NotFound, """{"code":"not found","message":"organization name \"home\" not found"}""");
        using var client = stub.Client(InfluxApiVersion.V2);

        var error = await Assert.ThrowsAsync<InfluxSchemaException>(() => client.Schema.EnsureDatabaseAsync());

        Assert.Contains("the organization 'home' (Org / INFLUXDB_ORG) does not exist", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stub.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task ATokenThatMayNotCreateBucketsGetsA403MessageWithoutTheTokenEvenWhenTheServerEchoesIt()
    {
        var stub = new StubServer()
            .On("GET", "/api/v2/buckets", HttpStatusCode.OK, NoBuckets)
            .On("GET", "/api/v2/orgs", HttpStatusCode.OK, HomeOrg)
            .On("POST", "/api/v2/buckets", HttpStatusCode.Forbidden, """{"code":"forbidden","message":"token s3cret-token may not write buckets"}""");
        using var client = stub.Client(InfluxApiVersion.V2);

        var error = await Assert.ThrowsAsync<InfluxSchemaException>(() => client.Schema.EnsureDatabaseAsync());

        Assert.Equal(403, error.StatusCode);
        Assert.StartsWith("Could not create the bucket 'sensors' in the organization 'home' on http://influx.test:8086. InfluxDB answered 403.", error.Message, StringComparison.Ordinal);
        Assert.Contains("a token that may write the organization's buckets on 2.x", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-token", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListingReadsEveryPageOfTheOrganizationsBuckets()
    {
        var stub = new StubServer().On("GET", "/api/v2/buckets", request =>
        {
            int offset = int.Parse(request.PathAndQuery.Split("offset=")[1], System.Globalization.CultureInfo.InvariantCulture);
            int count = offset == 0 ? 100 : 3;
            var buckets = Enumerable.Range(offset, count).Select(i => $$"""{"name":"b{{i}}","retentionRules":[]}""");
            return (HttpStatusCode.OK, $$"""{"buckets":[{{string.Join(',', buckets)}}]}""");
        });
        using var client = stub.Client(InfluxApiVersion.V2);

        var names = await client.Schema.ListDatabasesAsync();

        Assert.Equal(Enumerable.Range(0, 103).Select(i => $"b{i}"), names);
        Assert.Equal(["/api/v2/buckets?org=home&limit=100&offset=0", "/api/v2/buckets?org=home&limit=100&offset=100"], stub.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task DeletingPostsTheRangeWithAnInclusiveStopOneNanosecondEarlierAndAQuotedPredicate()
    {
        var stub = new StubServer().On("POST", "/api/v2/delete", HttpStatusCode.NoContent);
        using var client = stub.Client(InfluxApiVersion.V2);

        await client.Schema.DeletePointsAsync(new InfluxDeleteRequest
        {
            Measurement = "climate",
            Tags = new Dictionary<string, string> { ["room"] = "living \"room\" \\ ü", ["name"] = "and" },
            Start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
            Stop = new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.FromHours(1)),
        });

        var request = Assert.Single(stub.Requests);
        Assert.Equal(("POST", "/api/v2/delete?org=home&bucket=sensors", "application/json"), (request.Method, request.PathAndQuery, request.ContentType));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("2024-01-01T00:00:00.000000000Z", body.GetProperty("start").GetString());
        Assert.Equal("2024-01-01T22:59:59.999999999Z", body.GetProperty("stop").GetString());
        // Keys and values are double-quoted identifiers: the predicate parser takes no single-quoted strings, and "name"
        // and "and" are keywords.
        Assert.Equal("\"_measurement\"=\"climate\" AND \"name\"=\"and\" AND \"room\"=\"living \\\"room\\\" \\\\ ü\"", body.GetProperty("predicate").GetString());
    }

    [Fact]
    public async Task DeletingWithoutARangeCoversAllOfInfluxDBsTime()
    {
        var stub = new StubServer().On("POST", "/api/v2/delete", HttpStatusCode.NoContent);
        using var client = stub.Client(InfluxApiVersion.V2);

        await client.Schema.DeletePointsAsync(new InfluxDeleteRequest { Tags = new Dictionary<string, string> { ["sensor"] = "s-1" }, Database = "other" });

        var body = JsonDocument.Parse(Assert.Single(stub.Requests).Body).RootElement;
        Assert.Equal("/api/v2/delete?org=home&bucket=other", stub.Requests[0].PathAndQuery);
        Assert.Equal("1677-09-21T00:12:43.145224194Z", body.GetProperty("start").GetString());
        Assert.Equal("2262-04-11T23:47:16.854775806Z", body.GetProperty("stop").GetString());
        Assert.Equal("\"sensor\"=\"s-1\"", body.GetProperty("predicate").GetString());
    }

    [Theory]
    [InlineData("_monitoring", "cannot start with '_'")]
    [InlineData("say \"hi\"", "cannot contain a double quote")]
    public async Task BucketNamesInfluxDB2RefusesFailBeforeSending(string name, string why)
    {
        var stub = new StubServer();
        using var client = stub.Client(InfluxApiVersion.V2);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Schema.EnsureDatabaseAsync(name));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }
}
