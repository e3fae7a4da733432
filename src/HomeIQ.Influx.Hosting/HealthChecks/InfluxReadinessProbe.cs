using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// The cheapest query that proves the configured database or bucket exists and the credentials may read it:
/// v1 and v3 run <c>SHOW RETENTION POLICIES</c> through <c>GET /query?db=</c> (v1 also checks that a configured
/// <see cref="InfluxClientOptions.RetentionPolicy"/> is among them); v2 runs the Flux query
/// <c>from(bucket: "...") |> range(start: -1m) |> limit(n: 1)</c> through <c>POST /api/v2/query?org=</c>.
/// </summary>
/// <remarks>
/// Not <c>SHOW MEASUREMENTS</c>: InfluxDB 1.6 answers it for a database that does not exist with an empty, error-free
/// result, while <c>SHOW RETENTION POLICIES</c> says "database not found" (checked against the test server).
/// </remarks>
internal static class InfluxReadinessProbe
{
    public const string InfluxQl = "SHOW RETENTION POLICIES";

    // Errors a v1 server reports inside a 200 answer when the database is missing.
    private const string DatabaseNotFound = "database not found";

    /// <summary>The outcome of one probe: success, or a description of what to fix (and the status when the server answered).</summary>
    public readonly record struct Outcome(bool Ready, string Description, HttpStatusCode? Status);

    public static HttpRequestMessage CreateRequest(InfluxClient client)
    {
        var options = client.Options;
        var target = options.Target ?? "";
        if (options.Api == InfluxApiVersion.V2)
        {
            var request = client.CreateRequest(HttpMethod.Post, "api/v2/query?org=" + Uri.EscapeDataString(options.Org ?? ""));
            request.Content = new ByteArrayContent(FluxRequestBody(target));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/csv"));
            return request;
        }
        var get = client.CreateRequest(HttpMethod.Get, "query?db=" + Uri.EscapeDataString(target) + "&q=" + Uri.EscapeDataString(InfluxQl));
        get.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return get;
    }

    public static async Task<Outcome> RunAsync(InfluxClient client, CancellationToken cancellationToken)
    {
        var options = client.Options;
        using var request = CreateRequest(client);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var explanation = InfluxStatusExplanation.Explain(response.StatusCode, options, isPing: false);
            var detail = await ReadErrorAsync(response, timeout.Token).ConfigureAwait(false);
            return new Outcome(false, detail is null ? explanation : $"{explanation} The server said: {detail}", response.StatusCode);
        }
        if (options.Api == InfluxApiVersion.V2) return new Outcome(true, "", response.StatusCode);

        // InfluxQL reports statement errors inside a 200 answer.
        var body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        var (error, policies) = ReadStatement(body);
        if (error is null)
        {
            if (options.Api == InfluxApiVersion.V1 && options.RetentionPolicy is { } rp && policies is not null && !policies.Contains(rp))
                return new Outcome(false, $"The retention policy '{rp}' (RetentionPolicy / INFLUXDB_RETENTION_POLICY) does not exist on the database '{options.Target}'; writes would fail. It has: {string.Join(", ", policies)}.", response.StatusCode);
            return new Outcome(true, "", response.StatusCode);
        }
        var description = error.Contains(DatabaseNotFound, StringComparison.OrdinalIgnoreCase)
            ? $"InfluxDB says '{error}': {InfluxStatusExplanation.Missing(options)}"
            : $"InfluxDB could not run '{InfluxQl}' on {InfluxStatusExplanation.Target(options)}: {error}";
        return new Outcome(false, description, response.StatusCode);
    }

    internal static byte[] FluxRequestBody(string bucket)
    {
        // FluxText quotes the bucket as libflux reads it back exactly (tests/HomeIQ.Influx.Engines.Tests).
        var flux = $"from(bucket: {FluxText.QuoteString(bucket)}) |> range(start: -1m) |> limit(n: 1)";
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("query", flux);
            json.WriteString("type", "flux");
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    // The first statement's error, or the retention policy names (the first column of the first series).
    private static (string? Error, List<string>? Policies) ReadStatement(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var top)) return (top.GetString(), null);
            if (!json.RootElement.TryGetProperty("results", out var results) || results.GetArrayLength() == 0) return (null, null);
            var result = results[0];
            if (result.TryGetProperty("error", out var error)) return (error.GetString(), null);
            var policies = new List<string>();
            if (result.TryGetProperty("series", out var series))
                foreach (var s in series.EnumerateArray())
                    if (s.TryGetProperty("values", out var values))
                        foreach (var row in values.EnumerateArray())
                            if (row.GetArrayLength() > 0 && row[0].ValueKind == JsonValueKind.String) policies.Add(row[0].GetString()!);
            return (null, policies);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or IndexOutOfRangeException)
        {
            return ("the answer was not the JSON InfluxQL returns", null);
        }
    }

    // A short excerpt of the server's error body (v1 and v2 answer {"error": ...} or {"code":..,"message":..}).
    private static async Task<string?> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string text;
        try { text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false); }
        catch (HttpRequestException) { return null; }
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String) return Shorten(message.GetString()!);
                if (json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String) return Shorten(error.GetString()!);
            }
        }
        catch (JsonException)
        {
            // not JSON: quote the text itself
        }
        return Shorten(text.Trim());
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : string.Concat(text.AsSpan(0, 300), "...");
}
