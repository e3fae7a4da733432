using System.Net;

namespace HomeIQ.Influx.Schema.Tests.Shapes;

/// <summary>
/// client.Schema on the v3 API, by request shape: no InfluxDB 3 installs here, so a stub answers as the InfluxDB 3 Core
/// documentation says (<c>POST/GET /api/v3/configure/database</c>).
/// </summary>
public class V3SchemaShapeTests
{
    [Fact]
    public async Task EnsuringCreatesTheDatabaseWithItsRetentionPeriod()
    {
        var stub = new StubServer().On("POST", "/api/v3/configure/database", HttpStatusCode.OK);
        using var client = stub.Client(InfluxApiVersion.V3);

        var result = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(30)));

        Assert.Equal(InfluxSchemaOutcome.Created, result.Outcome);
        var request = Assert.Single(stub.Requests);
        Assert.Equal(("POST", "/api/v3/configure/database", "application/json"), (request.Method, request.PathAndQuery, request.ContentType));
        Assert.Equal("""{"db":"sensors","retention_period":"30d"}""", request.Body);
        Assert.Equal("Token s3cret-token", request.Authorization);
    }

    [Fact]
    public async Task WithoutARetentionTheDatabaseKeepsDataForever()
    {
        var stub = new StubServer().On("POST", "/api/v3/configure/database", HttpStatusCode.OK);
        using var client = stub.Client(InfluxApiVersion.V3);

        await client.Schema.EnsureDatabaseAsync("prod-metrics/app");

        Assert.Equal("""{"db":"prod-metrics/app"}""", Assert.Single(stub.Requests).Body);
    }

    [Fact]
    public async Task A409MeansTheDatabaseExists()
    {
        var stub = new StubServer().On("POST", "/api/v3/configure/database", HttpStatusCode.Conflict, """{"error":"attempted to create a resource that already exists"}""");
        using var client = stub.Client(InfluxApiVersion.V3);

        var result = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(7)));

        Assert.Equal(InfluxSchemaOutcome.Existed, result.Outcome);
        Assert.Contains("does not report its retention here, so it was not compared", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherRefusalIsAnInfluxSchemaExceptionWithTheServersMessage()
    {
        var stub = new StubServer().On("POST", "/api/v3/configure/database", HttpStatusCode.BadRequest, """{"error":"invalid retention period"}""");
        using var client = stub.Client(InfluxApiVersion.V3);

        var error = await Assert.ThrowsAsync<InfluxSchemaException>(() => client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(7))));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid retention period", error.ServerMessage);
    }

    [Fact]
    public async Task ListingReadsTheDatabaseNamesFromTheJSONRows()
    {
        var stub = new StubServer().On("GET", "/api/v3/configure/database", HttpStatusCode.OK,
            """[{"iox::database":"_internal"},{"iox::database":"sensors","deleted":false}]""");
        using var client = stub.Client(InfluxApiVersion.V3);

        Assert.Equal(["_internal", "sensors"], await client.Schema.ListDatabasesAsync());
        Assert.Equal("/api/v3/configure/database?format=json", Assert.Single(stub.Requests).PathAndQuery);
    }

    [Fact]
    public async Task DeletingPointsIsNotSupportedAndSaysWhatToDoInstead()
    {
        var stub = new StubServer();
        using var client = stub.Client(InfluxApiVersion.V3);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => client.Schema.DeletePointsAsync(new InfluxDeleteRequest { Measurement = "m" }));

        Assert.Contains("InfluxDB 3 has no API to delete points", error.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Theory]
    [InlineData("sensor.data", "not '.'")]
    [InlineData("my database", "not ' '")]
    [InlineData("_internal2", "starts with a letter or a digit")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123456789", "at most 64 characters")]
    public async Task DatabaseNamesInfluxDB3RefusesFailBeforeSending(string name, string why)
    {
        var stub = new StubServer();
        using var client = stub.Client(InfluxApiVersion.V3);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Schema.EnsureDatabaseAsync(name));

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }
}
