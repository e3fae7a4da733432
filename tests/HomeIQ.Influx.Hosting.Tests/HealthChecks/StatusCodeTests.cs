using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Hosting.Tests;

/// <summary>
/// Status codes the test server (InfluxDB 1.6 with auth off) cannot produce: 401, 403, v2's 404 and 5xx, answered by a
/// fake handler. These test how answers are explained and what the requests look like, not a real v2 or v3 server.
/// </summary>
public class StatusCodeTests
{
    private const string Secret = "tok-77aa-very-secret";

    private static (InfluxClient Client, FakeHttpHandler Handler) Client(HttpStatusCode status, InfluxApiVersion api, string body = "", string contentType = "application/json")
    {
        var handler = new FakeHttpHandler(status, body, contentType);
        var options = new InfluxClientOptions
        {
            Url = new Uri("http://influx.example:8086"), Api = api, Token = Secret, Org = "home", Bucket = "sensors", Database = "sensors",
        };
        return (new InfluxClient(options, new HttpClient(handler)), handler);
    }

    private static void AssertNoSecret(HealthCheckResult result)
    {
        Assert.DoesNotContain(Secret, result.Description ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Exception?.ToString() ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(result.Data.Values, v => v.ToString()!.Contains(Secret, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(InfluxApiVersion.V1)]
    [InlineData(InfluxApiVersion.V2)]
    [InlineData(InfluxApiVersion.V3)]
    public async Task UnauthorizedSaysCheckTheTokenWithoutShowingIt(InfluxApiVersion api)
    {
        var (client, _) = Client(HttpStatusCode.Unauthorized, api, """{"code":"unauthorized","message":"unauthorized access"}""");
        using var _c = client;

        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.StartsWith("InfluxDB answered 401 Unauthorized: check the token (Token / INFLUXDB_TOKEN)", ready.Description, StringComparison.Ordinal);
        Assert.Contains("unauthorized access", ready.Description, StringComparison.Ordinal);
        Assert.Equal(401, ready.Data["statusCode"]);
        AssertNoSecret(ready);
    }

    [Fact]
    public async Task AServerEchoingTheTokenIsScrubbed()
    {
        var (client, _) = Client(HttpStatusCode.Unauthorized, InfluxApiVersion.V2, $$"""{"message":"bad token {{Secret}}"}""");
        using var _c = client;

        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Contains("bad token ***", ready.Description, StringComparison.Ordinal);
        AssertNoSecret(ready);
    }

    [Fact]
    public async Task ForbiddenNamesTheTarget()
    {
        var (client, _) = Client(HttpStatusCode.Forbidden, InfluxApiVersion.V2);
        using var _c = client;

        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.StartsWith("InfluxDB answered 403 Forbidden: the credentials are valid but may not read the bucket 'sensors'", ready.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V2NotFoundSaysTheBucketOrOrgIsMissing()
    {
        var (client, _) = Client(HttpStatusCode.NotFound, InfluxApiVersion.V2, """{"code":"not found","message":"failed to initialize execute state: could not find bucket \"sensors\""}""");
        using var _c = client;

        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.StartsWith("InfluxDB answered 404 Not Found: the bucket 'sensors' (Bucket / INFLUXDB_BUCKET) or the organization 'home' (Org / INFLUXDB_ORG) does not exist", ready.Description, StringComparison.Ordinal);
        Assert.Contains("could not find bucket", ready.Description, StringComparison.Ordinal);
        Assert.Equal(404, ready.Data["statusCode"]);
    }

    [Fact]
    public async Task V3NotFoundSaysTheDatabaseIsMissing()
    {
        var (client, _) = Client(HttpStatusCode.NotFound, InfluxApiVersion.V3, """{"error":"database not found: sensors"}""");
        using var _c = client;

        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.StartsWith("InfluxDB answered 404 Not Found: the database 'sensors' (Database / INFLUXDB_DATABASE) does not exist", ready.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PingNotFoundSaysTheUrlIsNotInfluxdb()
    {
        var (client, _) = Client(HttpStatusCode.NotFound, InfluxApiVersion.V1, "<html>nginx</html>");
        using var _c = client;

        var live = await HealthCheckTests.RunAsync(new InfluxLivenessHealthCheck(client));

        Assert.Equal(HealthStatus.Unhealthy, live.Status);
        Assert.Contains("InfluxDB answered 404 Not Found for /ping: check Url (http://influx.example:8086/)", live.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerErrorsAreReportedAsServerTrouble()
    {
        var (client, _) = Client(HttpStatusCode.ServiceUnavailable, InfluxApiVersion.V1);
        using var _c = client;

        var live = await HealthCheckTests.RunAsync(new InfluxLivenessHealthCheck(client));

        Assert.StartsWith("InfluxDB answered 503 ServiceUnavailable: the server is in trouble", live.Description, StringComparison.Ordinal);
        Assert.Equal(503, live.Data["statusCode"]);
    }

    [Fact]
    public async Task V2ReadinessRunsAOneRowFluxQueryOnTheBucket()
    {
        var (client, handler) = Client(HttpStatusCode.OK, InfluxApiVersion.V2, "", "text/csv");
        using var _c = client;

        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Equal(HealthStatus.Healthy, ready.Status);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("http://influx.example:8086/api/v2/query?org=home", request.Uri.ToString());
        Assert.Equal($"Token {Secret}", request.Authorization);
        // The client's one Flux request body (the same as QueryFluxAsync sends), with the CSV dialect.
        Assert.Equal("""{"query":"from(bucket: \u0022sensors\u0022) |\u003E range(start: -1m) |\u003E limit(n: 1)","type":"flux","dialect":{"header":true,"delimiter":",","annotations":["datatype","group","default"]}}""", request.Body);
    }

    [Theory]
    [InlineData(InfluxApiVersion.V1)]
    [InlineData(InfluxApiVersion.V3)]
    public async Task V1AndV3ReadinessRunShowRetentionPoliciesOnTheDatabase(InfluxApiVersion api)
    {
        var (client, handler) = Client(HttpStatusCode.OK, api, """{"results":[{"statement_id":0}]}""");
        using var _c = client;

        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Equal(HealthStatus.Healthy, ready.Status);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://influx.example:8086/query?db=sensors&q=SHOW%20RETENTION%20POLICIES", request.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task FluxBucketNamesAreEscaped()
    {
        // Through the public API (the probe is the client's now): the bucket name reaches the Flux text as one literal.
        var handler = new FakeHttpHandler(HttpStatusCode.OK, "", "text/csv");
        var options = new InfluxClientOptions { Url = new Uri("http://influx.example:8086"), Api = InfluxApiVersion.V2, Token = Secret, Org = "home", Bucket = "a\"b\\c${d}" };
        using var client = new InfluxClient(options, new HttpClient(handler));

        await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        using var json = System.Text.Json.JsonDocument.Parse(Assert.Single(handler.Requests).Body!);
        Assert.Equal("from(bucket: \"a\\\"b\\\\c\\x24{d}\") |> range(start: -1m) |> limit(n: 1)", json.RootElement.GetProperty("query").GetString());
    }

    [Fact]
    public async Task AServerThatDoesNotAnswerInTimeIsReportedWithTheTimeoutSetting()
    {
        var options = new InfluxClientOptions { Url = new Uri("http://influx.example:8086"), Api = InfluxApiVersion.V1, Database = "db", Timeout = TimeSpan.FromMilliseconds(200) };
        using var client = new InfluxClient(options, new HttpClient(new HangingHttpHandler()));

        var live = await HealthCheckTests.RunAsync(new InfluxLivenessHealthCheck(client));
        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Equal("InfluxDB at http://influx.example:8086/ did not answer within 0.2 s (Timeout / INFLUXDB_TIMEOUT).", live.Description);
        Assert.Equal(live.Description, ready.Description);
        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
    }

    [Fact]
    public async Task CancellationByTheCallerIsNotReportedAsUnhealthy()
    {
        var options = new InfluxClientOptions { Url = new Uri("http://influx.example:8086"), Api = InfluxApiVersion.V1, Database = "db" };
        using var client = new InfluxClient(options, new HttpClient(new HangingHttpHandler()));
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var check = new InfluxReadinessHealthCheck(client);

        // The health-check service owns caller cancellation (its own timeout); the check must not swallow it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.CheckHealthAsync(HealthCheckTests.Context(check), cancelled.Token));
    }
}
