using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using HomeIQ.Influx.Client;
using HomeIQ.Influx.Querying;
using HomeIQ.Influx.Querying.Results;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace HomeIQ.Influx;

public sealed partial class InfluxClient
{
    private static readonly MediaTypeWithQualityHeaderValue s_acceptJson = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue s_acceptCsv = new("application/csv");
    private static readonly MediaTypeHeaderValue s_jsonType = new("application/json");

    /// <summary>
    /// Sends an InfluxQL query to <c>/query</c> (v1; v2 and v3 serve the same v1-compatible endpoint) as a POST form
    /// (for v3 a GET with the parameters in the URL, as InfluxDB 3 documents it) with <c>epoch=ns</c>, chunked by
    /// default, and returns a reader that parses the JSON while it streams.
    /// Dispose the reader to release the connection.
    /// </summary>
    /// <param name="query">The InfluxQL text. Build it with a generated query class or quote values with <see cref="InfluxQLText"/>; never concatenate user input.</param>
    /// <param name="options">Database, retention policy and chunking; the client's options when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request and the reading.</param>
    /// <exception cref="InfluxQueryException">The server rejected the query (the message is the server's).</exception>
    /// <exception cref="TimeoutException">The server did not answer within <see cref="InfluxClientOptions.Timeout"/> (on the last attempt).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <remarks>
    /// Sending is retried as <see cref="InfluxClientOptions.QueryResilience"/> says (429, 5xx, timeouts, connection
    /// failures); reading the rows is not. While the client's query circuit breaker is open the call throws
    /// <see cref="InfluxQueryException"/> at once, with the <c>BrokenCircuitException</c> as its inner exception.
    /// </remarks>
    public Task<QueryResultReader> QueryInfluxQLAsync(string query, InfluxQLQueryOptions? options = null, CancellationToken cancellationToken = default)
        => QueryInfluxQLCoreAsync(query, parametersJson: null, options, cancellationToken);

    // Both InfluxQL overloads: the form, and `params` (bound parameters, a JSON object) when there are any.
    private async Task<QueryResultReader> QueryInfluxQLCoreAsync(string query, string? parametersJson, InfluxQLQueryOptions? options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var form = new List<KeyValuePair<string, string>>
        {
            new("q", query),
            new("epoch", "ns"),
        };
        if (parametersJson is not null) form.Add(new("params", parametersJson));
        var database = options?.Database ?? Options.Target;
        if (!string.IsNullOrEmpty(database)) form.Add(new("db", database));
        var rp = options?.RetentionPolicy ?? Options.RetentionPolicy;
        if (!string.IsNullOrEmpty(rp)) form.Add(new("rp", rp));
        if (options?.Chunked ?? true)
        {
            form.Add(new("chunked", "true"));
            if (options?.ChunkSize is { } size) form.Add(new("chunk_size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var response = await SendQueryAsync(() =>
        {
            var request = InfluxQLRequest.Create(this, form);
            Telemetry.InfluxActivity.SetNamespace(request, database);
            request.Headers.Accept.Add(s_acceptJson);
            return request;
        }, cancellationToken).ConfigureAwait(false);
        return await OpenReaderAsync(response, static (stream, owner) => new InfluxQLJsonReader(stream, ownsStream: true, owner), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends an InfluxQL query and streams its rows as <typeparamref name="T"/> (see <see cref="QueryInfluxQLAsync(string, InfluxQLQueryOptions?, CancellationToken)"/>).</summary>
    public async IAsyncEnumerable<T> QueryInfluxQLAsync<T>(string query, InfluxQLQueryOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IQueryableMeasurement<T>
    {
        var reader = await QueryInfluxQLAsync(query, options, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                yield return reader.ReadCurrent<T>();
        }
    }

    /// <summary>
    /// Sends a Flux query to <c>/api/v2/query?org=</c> (v2; also InfluxDB 1.8+ with Flux enabled) and returns a reader
    /// that parses the annotated CSV while it streams. Dispose the reader to release the connection.
    /// </summary>
    /// <param name="query">The Flux text. Build it with a generated query class or quote values with <see cref="FluxText"/>; never concatenate user input.</param>
    /// <param name="cancellationToken">Cancels the request and the reading.</param>
    /// <exception cref="InfluxQueryException">The server rejected the query (the message is the server's).</exception>
    /// <exception cref="TimeoutException">The server did not answer within <see cref="InfluxClientOptions.Timeout"/> (on the last attempt).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <remarks>
    /// Sending is retried as <see cref="InfluxClientOptions.QueryResilience"/> says (429, 5xx, timeouts, connection
    /// failures); reading the rows is not. While the client's query circuit breaker is open the call throws
    /// <see cref="InfluxQueryException"/> at once, with the <c>BrokenCircuitException</c> as its inner exception.
    /// </remarks>
    public async Task<QueryResultReader> QueryFluxAsync(string query, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var response = await SendQueryAsync(() => CreateFluxRequest(query), cancellationToken).ConfigureAwait(false);
        return await OpenReaderAsync(response, static (stream, owner) => new FluxCsvReader(stream, ownsStream: true, owner), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a Flux query and streams its rows as <typeparamref name="T"/> (see <see cref="QueryFluxAsync(string, CancellationToken)"/>).</summary>
    public async IAsyncEnumerable<T> QueryFluxAsync<T>(string query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : IQueryableMeasurement<T>
    {
        var reader = await QueryFluxAsync(query, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                yield return reader.ReadCurrent<T>();
        }
    }

    /// <summary>
    /// The one place every query request goes through: sends it through <see cref="QueryPipeline"/> (retry →
    /// circuit breaker → per-attempt timeout) until the response headers arrive, and turns a non-success status into
    /// <see cref="InfluxQueryException"/> carrying the server's message. <paramref name="createRequest"/> builds a
    /// fresh request per attempt. The body is streamed afterwards, outside the pipeline, so rows that have reached the
    /// caller are never fetched twice.
    /// </summary>
    /// <param name="createRequest">Builds a fresh request per attempt.</param>
    /// <param name="cancellationToken">Cancels the sending.</param>
    /// <param name="operation">The operation's name in spans, metrics and messages: <c>query</c>, or a schema operation (<c>CREATE DATABASE</c>, <c>create bucket</c>, ...).</param>
    internal async Task<HttpResponseMessage> SendQueryAsync(Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken, string operation = "query")
    {
        string what = operation == "query" ? "the query" : $"'{operation}'";
        HttpResponseMessage response;
        try
        {
            // Headers only: the rows are read by the caller, after (and outside) the retries.
            response = await InfluxResiliencePipeline.SendAsync(QueryPipeline, Http, static factory => factory(), createRequest, operation, writer: null,
                HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            throw new TimeoutException(
                $"InfluxDB did not answer {what} within {QueryAttemptTimeout.TotalSeconds:0.###} s (InfluxClientOptions.Timeout, or QueryResilience.RequestTimeout), retries included.", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout of a caller-supplied HttpClient surfaces as a cancellation nobody asked for.
            throw new TimeoutException($"The HTTP request of {what} timed out (HttpClient.Timeout): {e.Message}", e);
        }
        catch (BrokenCircuitException e)
        {
            var wait = e.RetryAfter is { } after ? $" It lets a probe query through in about {Math.Max(0, after.TotalSeconds):0.#} s." : "";
            throw new InfluxQueryException(
                $"{char.ToUpperInvariant(what[0])}{what[1..]} was not sent: the circuit breaker for queries to {Options.Url!.GetLeftPart(UriPartial.Authority)} is open after repeated failures (InfluxClientOptions.QueryResilience).{wait}",
                e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            string message;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(QueryAttemptTimeout);
                message = (await ServerErrorBody.ReadAsync(response, timeout.Token).ConfigureAwait(false)).Message ?? "";
            }
            catch (OperationCanceledException)
            {
                cancellationToken.ThrowIfCancellationRequested();
                message = "";
            }
            int status = (int)response.StatusCode;
            throw new InfluxQueryException(
                $"InfluxDB answered {status} {response.ReasonPhrase} to {what}: {(message.Length > 0 ? ServerErrorBody.Quote(message) : "(no message)")}",
                status, message);
        }
    }

    /// <summary>
    /// The pipeline all of this client's queries share (so they share one circuit breaker), built on first use from
    /// <see cref="InfluxClientOptions.QueryResilience"/>; with that <see langword="null"/> it only times attempts out.
    /// </summary>
    internal ResiliencePipeline<HttpResponseMessage> QueryPipeline =>
        LazyInitializer.EnsureInitialized(ref _queryPipeline, ref _queryPipelineLock, CreateQueryPipeline);

    private ResiliencePipeline<HttpResponseMessage>? _queryPipeline;
    private object? _queryPipelineLock;

    private TimeSpan QueryAttemptTimeout => Options.QueryResilience?.RequestTimeout ?? Options.Timeout;

    private ResiliencePipeline<HttpResponseMessage> CreateQueryPipeline()
    {
        var options = Options.QueryResilience ?? new InfluxResilienceOptions { MaxRetryAttempts = 0, EnableCircuitBreaker = false };
        return InfluxResiliencePipeline.CreateCore(options, Options.Timeout, LoggerFactory.CreateLogger<InfluxClient>(), retryWhileCircuitOpen: false);
    }

    /// <summary>A Flux query request to <c>/api/v2/query?org=</c> (queries and the readiness probe).</summary>
    private HttpRequestMessage CreateFluxRequest(string flux)
    {
        string path = string.IsNullOrEmpty(Options.Org) ? "api/v2/query" : "api/v2/query?org=" + Uri.EscapeDataString(Options.Org);
        var request = CreateRequest(HttpMethod.Post, path);
        request.Content = new ByteArrayContent(FluxRequestBody.Serialize(flux));
        request.Content.Headers.ContentType = s_jsonType;
        request.Headers.Accept.Add(s_acceptCsv);
        return request;
    }

    private async Task<QueryResultReader> OpenReaderAsync(HttpResponseMessage response, Func<Stream, IDisposable, QueryResultReader> create, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            return create(new IdleTimeoutStream(stream, Options.Timeout), response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
