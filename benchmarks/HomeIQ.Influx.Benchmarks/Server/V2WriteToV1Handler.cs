using System.Web;

namespace HomeIQ.Influx.Benchmarks.Server;

/// <summary>
/// Lets InfluxDB.Client write to InfluxDB 1.6, which has no <c>/api/v2/write</c> (1.8 added it): each
/// <c>POST /api/v2/write?org=..&amp;bucket=B&amp;precision=P</c> is sent as <c>POST /write?db=B&amp;precision=P</c>, the same
/// line-protocol body. Only the request's address changes (one <see cref="Uri"/> per 5,000-line request, counted in the
/// client's CPU time like the rest of the client). Any other request fails, so nothing else slips through unnoticed.
/// </summary>
public sealed class V2WriteToV1Handler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A request without an address.");
        if (request.Method != HttpMethod.Post || uri.AbsolutePath != "/api/v2/write")
            throw new InvalidOperationException($"Only writes can be passed to InfluxDB 1.6 here, not {request.Method} {uri.AbsolutePath}.");
        var query = HttpUtility.ParseQueryString(uri.Query);
        var bucket = query["bucket"] ?? throw new InvalidOperationException("A write without a bucket.");
        var precision = query["precision"] ?? "ns";
        request.RequestUri = new Uri(uri, $"/write?db={Uri.EscapeDataString(bucket)}&precision={precision}");
        return base.SendAsync(request, cancellationToken);
    }
}
