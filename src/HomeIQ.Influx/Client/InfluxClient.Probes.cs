using System.Net;
using System.Net.Http.Headers;
using HomeIQ.Influx.Client;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace HomeIQ.Influx;

public sealed partial class InfluxClient
{
    // Not SHOW MEASUREMENTS: InfluxDB 1.6 answers it for a database that does not exist with an empty, error-free
    // result, while SHOW RETENTION POLICIES says "database not found" (checked against the test server).
    private const string ReadinessInfluxQL = "SHOW RETENTION POLICIES";
    private const string DatabaseNotFound = "database not found"; // a v1 server's error inside a 200 answer
    private static readonly MediaTypeWithQualityHeaderValue s_acceptJsonProbe = new("application/json");

    private ResiliencePipeline<HttpResponseMessage>? _probePipeline;
    private object? _probePipelineLock;

    /// <summary>Checks that the server answers <c>GET /ping</c> and returns the version it reports.</summary>
    /// <exception cref="HttpRequestException">The server could not be reached or did not answer 204.</exception>
    /// <exception cref="TimeoutException">The server did not answer within <see cref="InfluxClientOptions.Timeout"/>.</exception>
    public async Task<string?> PingAsync(CancellationToken cancellationToken = default)
    {
        HttpResponseMessage response;
        try
        {
            response = await SendProbeAsync(static client => client.CreateRequest(HttpMethod.Get, "ping"), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException(ProbeExplanation.ForException(e, Options), e);
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.NoContent && !response.IsSuccessStatusCode)
                throw new HttpRequestException($"InfluxDB /ping answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
            return ServerVersion(response);
        }
    }

    /// <summary>
    /// Liveness: whether the server answers <c>GET /ping</c>, with its version. Never throws for the server's sake: a
    /// refused connection, a timeout or an unexpected status is a result that says what to check.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>One attempt, limited by <see cref="InfluxClientOptions.Timeout"/>, through the same send path as writes and queries (tracing included), without retries or circuit breaker: a probe reports the state now, and its caller polls.</remarks>
    public async Task<InfluxServerCheck> CheckLivenessAsync(CancellationToken cancellationToken = default)
    {
        HttpResponseMessage response;
        try
        {
            response = await SendProbeAsync(static client => client.CreateRequest(HttpMethod.Get, "ping"), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsNoAnswer(e, cancellationToken))
        {
            return NoAnswer(e);
        }
        using (response)
        {
            var version = ServerVersion(response);
            if (response.StatusCode == HttpStatusCode.NoContent || response.IsSuccessStatusCode)
                return new InfluxServerCheck(true, $"InfluxDB {version ?? "(version not reported)"} answered /ping at {Options.Url}.", version, response.StatusCode, null);
            return new InfluxServerCheck(false, Redaction.Scrub(ProbeExplanation.ForStatus(response.StatusCode, Options, isPing: true), Options), version, response.StatusCode, null);
        }
    }

    /// <summary>
    /// Readiness: the cheapest query that proves the configured database (v1, v3) or bucket (v2) exists and the
    /// credentials may read it. v1 and v3 run <c>SHOW RETENTION POLICIES</c> through <c>GET /query?db=</c> (v1 also checks
    /// that a configured <see cref="InfluxClientOptions.RetentionPolicy"/> is among them); v2 runs
    /// <c>from(bucket: "...") |&gt; range(start: -1m) |&gt; limit(n: 1)</c> through <c>POST /api/v2/query?org=</c>.
    /// A failure says what to fix: 401 the token, 403 its permissions, 404 or "database not found" the database or bucket.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <remarks>One attempt without retries, like <see cref="CheckLivenessAsync"/>.</remarks>
    public async Task<InfluxServerCheck> CheckReadinessAsync(CancellationToken cancellationToken = default)
    {
        HttpResponseMessage response;
        try
        {
            response = await SendProbeAsync(static client => client.CreateReadinessRequest(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsNoAnswer(e, cancellationToken))
        {
            return NoAnswer(e);
        }
        using (response)
        {
            var status = response.StatusCode;
            var version = ServerVersion(response);
            if (!response.IsSuccessStatusCode)
            {
                var explanation = ProbeExplanation.ForStatus(status, Options, isPing: false);
                var detail = (await ServerErrorBody.ReadAsync(response, cancellationToken).ConfigureAwait(false)).Message;
                return Failed(detail is null ? explanation : $"{explanation} The server said: {ServerErrorBody.Quote(detail)}");
            }
            var ready = new InfluxServerCheck(true, $"InfluxDB at {Options.Url} can read {ProbeExplanation.Target(Options)}.", version, status, null);
            if (Options.Api == InfluxApiVersion.V2) return ready;

            // InfluxQL reports statement errors inside a 200 answer.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var statement = InfluxQLStatementResult.Parse(body);
            var error = statement.Error;
            var policies = statement.Column("name").ToList();
            if (error is null)
            {
                if (Options.Api == InfluxApiVersion.V1 && Options.RetentionPolicy is { } rp && !policies.Contains(rp))
                    return Failed($"The retention policy '{rp}' (RetentionPolicy / INFLUXDB_RETENTION_POLICY) does not exist on the database '{Options.Target}'; writes would fail. It has: {string.Join(", ", policies)}.");
                return ready;
            }
            return Failed(error.Contains(DatabaseNotFound, StringComparison.OrdinalIgnoreCase)
                ? $"InfluxDB says '{error}': {ProbeExplanation.Missing(Options)}"
                : $"InfluxDB could not run '{ReadinessInfluxQL}' on {ProbeExplanation.Target(Options)}: {error}");

            InfluxServerCheck Failed(string description) => new(false, Redaction.Scrub(description, Options), version, status, null);
        }
    }

    private HttpRequestMessage CreateReadinessRequest()
    {
        var target = Options.Target ?? "";
        if (Options.Api == InfluxApiVersion.V2) return CreateFluxRequest($"from(bucket: {Querying.FluxText.QuoteString(target)}) |> range(start: -1m) |> limit(n: 1)");
        var request = CreateRequest(HttpMethod.Get, "query?db=" + Uri.EscapeDataString(target) + "&q=" + Uri.EscapeDataString(ReadinessInfluxQL));
        request.Headers.Accept.Add(s_acceptJsonProbe);
        return request;
    }

    // Probes go through the same send path as writes and queries (a fresh request per attempt, a span per attempt), with
    // a pipeline of their own: one attempt with the client's timeout, no retries and no circuit breaker.
    private Task<HttpResponseMessage> SendProbeAsync(Func<InfluxClient, HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        var pipeline = LazyInitializer.EnsureInitialized(ref _probePipeline, ref _probePipelineLock, () => InfluxResiliencePipeline.CreateCore(
            new InfluxResilienceOptions { MaxRetryAttempts = 0, EnableCircuitBreaker = false }, Options.Timeout, LoggerFactory.CreateLogger<InfluxClient>(), retryWhileCircuitOpen: false));
        return InfluxResiliencePipeline.SendAsync(pipeline, Http, static s => s.createRequest(s.client), (client: this, createRequest), "probe", writer: null,
            HttpCompletionOption.ResponseContentRead, cancellationToken).AsTask();
    }

    private static bool IsNoAnswer(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private InfluxServerCheck NoAnswer(Exception e) => new(false, Redaction.Scrub(ProbeExplanation.ForException(e, Options), Options), null, null, e);

    private static string? ServerVersion(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Influxdb-Version", out var values) ? values.FirstOrDefault() : null;
}
