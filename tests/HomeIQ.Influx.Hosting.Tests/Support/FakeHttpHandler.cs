using System.Net;

namespace HomeIQ.Influx.Hosting.Tests;

/// <summary>Answers every request with a fixed status and body and remembers the requests (for status-code paths a 1.6 server cannot produce).</summary>
internal sealed class FakeHttpHandler(HttpStatusCode status, string body = "", string contentType = "application/json") : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var content = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests) Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), content));
        var response = new HttpResponseMessage(status) { RequestMessage = request };
        if (body.Length > 0) response.Content = new StringContent(body, System.Text.Encoding.UTF8, contentType);
        return response;
    }
}

/// <summary>Never answers: the request waits until it is cancelled (a server that accepted the connection and hangs).</summary>
internal sealed class HangingHttpHandler : HttpMessageHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
