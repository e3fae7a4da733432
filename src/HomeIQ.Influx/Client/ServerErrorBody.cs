using System.Text;
using System.Text.Json;

namespace HomeIQ.Influx.Client;

/// <summary>
/// The one reader of InfluxDB's error answers (writes, queries and probes alike). v1 and v3 answer
/// <c>{"error":"..."}</c>, v2 <c>{"code":"...","message":"..."}</c>, an InfluxQL statement error sits in
/// <c>results[i].error</c>, v3 lists the lines it refused in <c>data[].line_number</c>, and a proxy may answer plain text
/// or only the <c>X-Influxdb-Error</c> header. At most <see cref="MaxBodyBytes"/> of the body are read.
/// </summary>
/// <param name="Message">The server's message (the JSON field, else the trimmed text), or <see langword="null"/> when the answer had none.</param>
/// <param name="LineNumbers">The 1-based request lines a v3 server named, or <see langword="null"/>.</param>
internal sealed record ServerErrorBody(string? Message, IReadOnlyList<int>? LineNumbers)
{
    /// <summary>How much of an error body is read: enough for InfluxDB 1.x to name every line of a batch it could not parse.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>How much of a message is quoted in an exception or health-check text.</summary>
    public const int MaxQuotedLength = 1000;

    private static readonly ServerErrorBody s_none = new(null, null);

    /// <summary>Reads the answer's error. A body that cannot be read counts as none; cancellation of <paramref name="cancellationToken"/> propagates.</summary>
    public static async Task<ServerErrorBody> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxBodyBytes];
            int total = 0, read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0) total += read;
            body = Encoding.UTF8.GetString(buffer, 0, total).Trim();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidOperationException)
        {
            body = "";
        }
        var parsed = body.StartsWith('{') ? ParseJson(body) : null;
        string? message = parsed?.Message;
        if (message is null && response.Headers.TryGetValues("X-Influxdb-Error", out var header)) message = header.FirstOrDefault();
        message ??= body.Length > 0 ? body : null;
        return message is null && parsed?.LineNumbers is null ? s_none : new ServerErrorBody(message, parsed?.LineNumbers);
    }

    /// <summary><paramref name="message"/> cut to <see cref="MaxQuotedLength"/> characters for a sentence.</summary>
    public static string Quote(string message) =>
        message.Length <= MaxQuotedLength ? message : string.Concat(message.AsSpan(0, MaxQuotedLength), "...");

    private static ServerErrorBody? ParseJson(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            string? message = null;
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String) message = error.GetString();
            else if (root.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String) message = text.GetString();
            else if (root.TryGetProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
            {
                foreach (var result in results.EnumerateArray())
                {
                    if (result.ValueKind == JsonValueKind.Object && result.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String)
                    {
                        message = e.GetString();
                        break;
                    }
                }
            }
            List<int>? lineNumbers = null;
            if (root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in data.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("line_number", out var n) && n.TryGetInt32(out var line))
                        (lineNumbers ??= []).Add(line);
                }
            }
            return new ServerErrorBody(message, lineNumbers);
        }
        catch (JsonException)
        {
            return null; // not JSON after all: the text is the message
        }
    }
}
