using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Client.Schema;

/// <summary>One API version's schema requests (<see cref="V1Schema"/>, <see cref="V2Schema"/>, <see cref="V3Schema"/>) and what they share: the send path and the failure messages.</summary>
internal abstract class SchemaApi(InfluxClient client)
{
    protected static readonly MediaTypeHeaderValue JsonType = new("application/json");

    protected InfluxClient Client { get; } = client;

    protected InfluxClientOptions Options => Client.Options;

    public abstract Task<InfluxSchemaResult> EnsureAsync(string database, InfluxRetention? retention, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken);

    public abstract Task DeleteAsync(string database, InfluxDeleteRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Sends through the client's query path (retries, circuit breaker, a span per attempt named <paramref name="operation"/>)
    /// and reads the (short) answer. An error status in <paramref name="tolerated"/> is returned for the caller to judge
    /// (404 "not found", 409 "exists"); any other becomes an <see cref="InfluxSchemaException"/> saying it could not
    /// <paramref name="doing"/>.
    /// </summary>
    protected async Task<SchemaAnswer> SendAsync(Func<HttpRequestMessage> createRequest, string operation, string doing, CancellationToken cancellationToken, params int[] tolerated)
    {
        try
        {
            using var response = await Client.SendQueryAsync(createRequest, cancellationToken, operation).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Options.Timeout);
            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
            return new SchemaAnswer((int)response.StatusCode, body, null);
        }
        catch (InfluxQueryException e) when (e.StatusCode is { } status && tolerated.Contains(status))
        {
            return new SchemaAnswer(status, [], e.ServerMessage);
        }
        catch (InfluxQueryException e)
        {
            // Without a status the request was not sent (the query circuit breaker is open): its message says so.
            throw Failure(doing, e.StatusCode, e.StatusCode is null ? e.Message : e.ServerMessage, e);
        }
    }

    /// <summary>The exception for a refused schema request: what could not be done, on which server, why, and what to check.</summary>
    protected InfluxSchemaException Failure(string doing, int? status, string? serverMessage, Exception? inner = null)
    {
        string said = string.IsNullOrEmpty(serverMessage) ? "" : $" The server said: {ServerErrorBody.Quote(serverMessage)}";
        string hint = status switch
        {
            401 => " Check the credentials (Token / INFLUXDB_TOKEN, or Username and Password on InfluxDB 1.x): they are missing, wrong or expired.",
            403 => " The credentials are valid but may not do this: managing databases needs an admin user on InfluxDB 1.x, a token that may write the organization's buckets on 2.x, an admin token on 3.x.",
            404 when Options.Api == InfluxApiVersion.V2 => $" Check the organization (Org / INFLUXDB_ORG, '{Options.Org}') and that Url points at an InfluxDB 2.x server.",
            404 => " Check that Url points at a server of the configured API version (Api / INFLUXDB_API).",
            _ => "",
        };
        string answered = status is { } code && code != 200 ? string.Create(CultureInfo.InvariantCulture, $" InfluxDB answered {code}.") : "";
        var message = Redaction.Scrub($"Could not {doing} on {Options.Url!.GetLeftPart(UriPartial.Authority)}.{answered}{said}{hint}", Options);
        return new InfluxSchemaException(message, status, serverMessage is null ? null : Redaction.Scrub(serverMessage, Options), inner);
    }

    /// <summary>How long a retention keeps data, for messages: <c>for 30d</c>, <c>forever</c>.</summary>
    protected static string For(TimeSpan? duration) => duration is { } d ? "for " + InfluxQLText.FormatDuration(d) : "forever";

    /// <summary>A request about <paramref name="database"/> (its spans carry it as <c>db.namespace</c>).</summary>
    protected HttpRequestMessage Request(HttpMethod method, string path, string database)
    {
        var request = Client.CreateRequest(method, path);
        Telemetry.InfluxActivity.SetNamespace(request, database);
        return request;
    }

    /// <summary>A request with a JSON body (made once, sent by every attempt).</summary>
    protected HttpRequestMessage JsonRequest(HttpMethod method, string path, byte[] body, string database)
    {
        var request = Request(method, path, database);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = JsonType;
        return request;
    }

    /// <summary>A JSON object written by <paramref name="write"/>, as UTF-8 (no reflection: trimming- and AOT-safe).</summary>
    protected static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>An answer of a schema request: its status, body, and the server's message for a tolerated error status.</summary>
    protected readonly record struct SchemaAnswer(int Status, byte[] Body, string? ServerMessage);
}
