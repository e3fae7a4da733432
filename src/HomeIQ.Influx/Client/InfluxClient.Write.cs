using System.Net.Http.Headers;

namespace HomeIQ.Influx;

public sealed partial class InfluxClient
{
    private static readonly MediaTypeHeaderValue s_lineProtocolType = new("text/plain") { CharSet = "utf-8" };

    /// <summary>
    /// The write endpoint for <see cref="InfluxClientOptions.Api"/>, relative to the server's URL:
    /// <c>write?db=&amp;rp=&amp;precision=</c> (v1), <c>api/v2/write?org=&amp;bucket=&amp;precision=</c> (v2) or
    /// <c>api/v3/write_lp?db=&amp;precision=</c> (v3), with the API's own precision spelling
    /// (<see cref="WritePrecisionExtensions.ToQueryString(WritePrecision, InfluxApiVersion)"/>). It never carries credentials.
    /// </summary>
    public string GetWritePath(WritePrecision precision)
    {
        var target = Uri.EscapeDataString(Options.Target ?? "");
        var unit = precision.ToQueryString(Options.Api);
        return Options.Api switch
        {
            InfluxApiVersion.V1 => $"write?db={target}{(Options.RetentionPolicy is { Length: > 0 } rp ? "&rp=" + Uri.EscapeDataString(rp) : "")}&precision={unit}",
            InfluxApiVersion.V2 => $"api/v2/write?org={Uri.EscapeDataString(Options.Org ?? "")}&bucket={target}&precision={unit}",
            _ => $"api/v3/write_lp?db={target}&precision={unit}",
        };
    }

    /// <summary>Creates a POST of <paramref name="body"/> (line protocol, already gzipped when <paramref name="gzipped"/>) to <paramref name="writeUri"/>.</summary>
    internal HttpRequestMessage CreateWriteRequest(Uri writeUri, ReadOnlyMemory<byte> body, bool gzipped)
    {
        var request = CreateRequest(HttpMethod.Post, writeUri);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = s_lineProtocolType;
        if (gzipped) content.Headers.ContentEncoding.Add("gzip");
        request.Content = content;
        return request;
    }
}
