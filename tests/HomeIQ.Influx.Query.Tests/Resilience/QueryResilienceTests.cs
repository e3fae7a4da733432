using HomeIQ.Influx.Testing;
using System.Collections.Concurrent;
using HomeIQ.Influx.Querying;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace HomeIQ.Influx.Query.Tests.Resilience;

/// <summary>
/// Queries against the real influxd behind a fault-injecting proxy: what is retried (429, 5xx, timeouts, dropped
/// connections), what is not (400, 401, 403, 404, a response whose rows had started to stream), the per-client circuit
/// breaker, and cancellation while waiting to retry. Requests are counted at the proxy.
/// </summary>
public class QueryResilienceTests(ResilienceFixture data) : IClassFixture<ResilienceFixture>
{
    private static InfluxResilienceOptions FastRetries(int attempts = 4) => new()
    {
        MaxRetryAttempts = attempts,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };

    private InfluxClient ClientFor(FaultInjectingProxy proxy, InfluxResilienceOptions? resilience, ILoggerFactory? logging = null, TimeSpan? timeout = null) =>
        new(new InfluxClientOptions
        {
            Url = proxy.Url,
            Api = InfluxApiVersion.V1,
            Database = data.Database,
            QueryResilience = resilience,
            Timeout = timeout ?? InfluxClientOptions.DefaultTimeout,
        }, logging);

    /// <summary>A proxy that applies <paramref name="script"/> to the first requests in order, then forwards.</summary>
    private FaultInjectingProxy ScriptedProxy(params FaultAction[] script) =>
        new(data.Server.Url, r => r.Number <= script.Length ? script[r.Number - 1] : FaultAction.Forward);

    private static async Task<(int Rows, long Sum)> ReadAllAsync(InfluxClient client, CancellationToken cancellationToken = default)
    {
        await using var reader = await client.QueryInfluxQLAsync(ResilienceFixture.Query, cancellationToken: cancellationToken);
        int rows = 0;
        long sum = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            rows++;
            sum += (long)reader.Row.GetDouble(reader.GetOrdinal("value"));
        }
        return (rows, sum);
    }

    private static readonly (int Rows, long Sum) Everything = (ResilienceFixture.PointCount, (long)ResilienceFixture.PointCount * (ResilienceFixture.PointCount - 1) / 2);

    [Fact]
    public async Task A503WithRetryAfterIsRetriedAfterTheWaitTheServerAskedFor()
    {
        await using var proxy = ScriptedProxy(FaultAction.Respond(503, "{\"error\":\"busy\"}", ("Retry-After", "1")));
        var logs = new CapturingLoggerFactory();
        using var client = ClientFor(proxy, FastRetries(), logs);

        Assert.Equal(Everything, await ReadAllAsync(client));

        Assert.Equal(2, proxy.Requests.Count);
        // The computed wait is logged: Retry-After (1 s), not the 10 ms backoff.
        var retry = Assert.Single(logs.Entries, e => e.Id.Id == 1102);
        Assert.Contains("query request failed (HTTP 503); retry 1 in 1000 ms", retry.Text);
    }

    [Fact]
    public async Task A429IsRetried()
    {
        await using var proxy = ScriptedProxy(FaultAction.Respond(429, "{\"error\":\"slow down\"}"), FaultAction.Respond(429, ""));
        using var client = ClientFor(proxy, FastRetries());

        Assert.Equal(Everything, await ReadAllAsync(client));
        Assert.Equal(3, proxy.Requests.Count);
    }

    [Fact]
    public async Task Answers500502And504AreRetried()
    {
        await using var proxy = ScriptedProxy(FaultAction.Respond(500, "{\"error\":\"boom\"}"), FaultAction.Respond(502), FaultAction.Respond(504));
        using var client = ClientFor(proxy, FastRetries());

        Assert.Equal(Everything, await ReadAllAsync(client));
        Assert.Equal(4, proxy.Requests.Count);
    }

    [Fact]
    public async Task DroppedConnectionsAreRetriedBeforeAndAfterTheServerRanTheQuery()
    {
        await using var proxy = ScriptedProxy(FaultAction.Drop, FaultAction.ForwardThenDrop);
        using var client = ClientFor(proxy, FastRetries());

        Assert.Equal(Everything, await ReadAllAsync(client));
        Assert.Equal(3, proxy.Requests.Count);
    }

    [Fact]
    public async Task AnAttemptThatTimesOutIsRetried()
    {
        await using var proxy = ScriptedProxy(FaultAction.StallFor(TimeSpan.FromSeconds(30)));
        var resilience = FastRetries();
        resilience.RequestTimeout = TimeSpan.FromSeconds(2);
        using var client = ClientFor(proxy, resilience);

        Assert.Equal(Everything, await ReadAllAsync(client));
        // Normally 2; a machine slow enough to time out a forwarded attempt too only adds attempts.
        Assert.InRange(proxy.Requests.Count, 2, 5);
    }

    [Fact]
    public async Task WhenRetriesRunOutTheLastStatusAndMessageSurface()
    {
        await using var proxy = new FaultInjectingProxy(data.Server.Url, _ => FaultAction.Respond(503, "{\"error\":\"still busy\"}"));
        var resilience = FastRetries(attempts: 2);
        resilience.EnableCircuitBreaker = false;
        using var client = ClientFor(proxy, resilience);

        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => ReadAllAsync(client));

        Assert.Equal(503, e.StatusCode);
        Assert.Equal("still busy", e.ServerMessage);
        Assert.Equal(3, proxy.Requests.Count);
    }

    [Fact]
    public async Task BadInfluxQLIsAnswered400ByInfluxdAndNotRetried()
    {
        await using var proxy = new FaultInjectingProxy(data.Server.Url);
        using var client = ClientFor(proxy, FastRetries());

        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => client.QueryInfluxQLAsync("SELEKT nonsense FROM"));

        Assert.Equal(400, e.StatusCode);
        Assert.Contains("error parsing query", e.ServerMessage);
        Assert.Single(proxy.Requests);
    }

    [Theory]
    [InlineData(401, "authorization failed")]
    [InlineData(403, "forbidden")]
    public async Task AuthenticationAndAuthorizationFailuresAreNotRetried(int status, string message)
    {
        await using var proxy = new FaultInjectingProxy(data.Server.Url, _ => FaultAction.Respond(status, $"{{\"error\":\"{message}\"}}"));
        using var client = ClientFor(proxy, FastRetries());

        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => ReadAllAsync(client));

        Assert.Equal(status, e.StatusCode);
        Assert.Equal(message, e.ServerMessage);
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public async Task A404FromInfluxdIsNotRetried()
    {
        // InfluxDB 1.6 has no /api/v2/query: the real server answers 404.
        await using var proxy = new FaultInjectingProxy(data.Server.Url);
        using var client = new InfluxClient(new InfluxClientOptions { Url = proxy.Url, Org = "o", Bucket = data.Database, QueryResilience = FastRetries() });

        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => client.QueryFluxAsync("from(bucket: \"b\") |> range(start: -1h)"));

        Assert.Equal(404, e.StatusCode);
        Assert.Single(proxy.Requests);
        Assert.Equal("/api/v2/query?org=o", Assert.Single(proxy.Requests).PathAndQuery);
    }

    [Fact]
    public async Task OnceRowsHaveReachedTheCallerABrokenStreamIsNotRetried()
    {
        await using var proxy = ScriptedProxy(FaultAction.ForwardTruncated(20_000));
        using var client = ClientFor(proxy, FastRetries());

        await using var reader = await client.QueryInfluxQLAsync(ResilienceFixture.Query);
        int rows = 0;
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await reader.ReadAsync()) rows++;
        });

        Assert.True(rows > 0, "Rows should have streamed before the connection broke.");
        Assert.True(rows < ResilienceFixture.PointCount, $"Only part of the answer was sent, yet {rows} rows were read.");
        Assert.True(e is IOException or HttpRequestException or InfluxQueryException, $"Unexpected {e.GetType()}: {e.Message}");
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public async Task TheCircuitOpensAfterRepeatedFailuresAndQueriesThenFailFastWithoutARequest()
    {
        await using var proxy = new FaultInjectingProxy(data.Server.Url, _ => FaultAction.Respond(503, "{\"error\":\"down\"}"));
        var resilience = FastRetries(attempts: 6);
        resilience.CircuitBreakerMinimumThroughput = 4;
        resilience.CircuitBreakerFailureRatio = 0.5;
        resilience.CircuitBreakerBreakDuration = TimeSpan.FromMinutes(5);
        var logs = new CapturingLoggerFactory();
        using var client = ClientFor(proxy, resilience, logs);

        // The 4th failed attempt opens the circuit; the 5th is rejected by the breaker and the query fails there, without
        // waiting for the break to end or using its remaining retries.
        var first = await Assert.ThrowsAsync<InfluxQueryException>(() => ReadAllAsync(client));
        Assert.IsType<BrokenCircuitException>(first.InnerException);
        Assert.Equal(4, proxy.Requests.Count);
        Assert.Contains(logs.Entries, e => e.Id.Id == 1201);

        // While open, the server is healthy again but no query reaches it: each one fails at once with a clear message.
        proxy.Decide = _ => FaultAction.Forward;
        for (int i = 0; i < 3; i++)
        {
            var e = await Assert.ThrowsAsync<InfluxQueryException>(() => ReadAllAsync(client));
            Assert.IsType<BrokenCircuitException>(e.InnerException);
            Assert.Null(e.StatusCode);
            Assert.Contains("circuit breaker for queries to " + proxy.Url.GetLeftPart(UriPartial.Authority) + " is open", e.Message);
            Assert.Contains("InfluxClientOptions.QueryResilience", e.Message);
        }
        Assert.Equal(4, proxy.Requests.Count);

        // The breaker belongs to this client: another client's queries are unaffected.
        using var other = ClientFor(proxy, resilience);
        Assert.Equal(Everything, await ReadAllAsync(other));
        Assert.Equal(5, proxy.Requests.Count);
    }

    [Fact]
    public async Task CancellingWhileWaitingToRetryStopsTheQueryAtOnce()
    {
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var proxy = new FaultInjectingProxy(data.Server.Url, _ =>
        {
            firstSeen.TrySetResult();
            return FaultAction.Respond(503, "{\"error\":\"busy\"}", ("Retry-After", "50"));
        });
        var logs = new CapturingLoggerFactory();
        using var client = ClientFor(proxy, FastRetries(), logs);
        using var cts = new CancellationTokenSource();

        var query = ReadAllAsync(client, cts.Token);
        await firstSeen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // The retry is logged just before its 50 s wait (the 503's Retry-After) starts; cancel during that wait.
        await logs.WhenLogged(1102).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(query.IsCompleted);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => query);
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public async Task WithoutQueryResilienceA503IsNotRetried()
    {
        await using var proxy = ScriptedProxy(FaultAction.Respond(503, "{\"error\":\"busy\"}"));
        using var client = ClientFor(proxy, resilience: null);

        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => ReadAllAsync(client));

        Assert.Equal(503, e.StatusCode);
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public void InvalidQueryResilienceIsRejectedWhenTheClientIsCreated()
    {
        var options = new InfluxClientOptions { Url = new Uri("http://localhost:1"), Api = InfluxApiVersion.V1, Database = "d", QueryResilience = new InfluxResilienceOptions { MaxRetryAttempts = -1 } };

        var e = Assert.Throws<InvalidOperationException>(() => new InfluxClient(options));

        Assert.Contains("QueryResilience.MaxRetryAttempts must be 0 or more, not -1.", e.Message);
    }

    [Fact]
    public void OptionsClonesDoNotShareQueryResilience()
    {
        var options = new InfluxClientOptions();
        var copy = options.Clone();
        copy.QueryResilience!.MaxRetryAttempts = 9;

        Assert.Equal(3, options.QueryResilience!.MaxRetryAttempts);
        Assert.NotSame(options.QueryResilience, copy.QueryResilience);
    }
}
