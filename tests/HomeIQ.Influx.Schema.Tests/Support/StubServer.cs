using System.Net;
using System.Text;

namespace HomeIQ.Influx.Schema.Tests;

/// <summary>One request as the stub saw it.</summary>
internal sealed record SeenRequest(string Method, string PathAndQuery, string? Authorization, string? ContentType, string Body);

/// <summary>
/// An <see cref="HttpMessageHandler"/> that answers schema requests as InfluxDB 2.x or 3.x documents them (the routes are
/// given per test) and records every request, for what no real server here can show. Unrouted requests get 404.
/// </summary>
internal sealed class StubServer : HttpMessageHandler
{
    private readonly List<(string Method, string PathPrefix, Func<SeenRequest, (HttpStatusCode Status, string Body)> Answer)> _routes = [];

    public List<SeenRequest> Requests { get; } = [];

    public StubServer On(string method, string pathPrefix, HttpStatusCode status, string body = "") => On(method, pathPrefix, _ => (status, body));

    public StubServer On(string method, string pathPrefix, Func<SeenRequest, (HttpStatusCode Status, string Body)> answer)
    {
        _routes.Add((method, pathPrefix, answer));
        return this;
    }

    public InfluxClient Client(InfluxApiVersion api, Action<InfluxClientOptions>? configure = null)
    {
        var options = new InfluxClientOptions
        {
            Url = new Uri("http://influx.test:8086"), Api = api, Token = "s3cret-token", Org = "home", Bucket = "sensors", Database = "sensors",
            QueryResilience = null, // one attempt per request: the shapes are the point here
        };
        configure?.Invoke(options);
        return new InfluxClient(options, new HttpClient(this));
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var seen = new SeenRequest(request.Method.Method, request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(),
            request.Content?.Headers.ContentType?.MediaType, body);
        lock (Requests) Requests.Add(seen);
        foreach (var (method, prefix, answer) in _routes)
        {
            if (method == seen.Method && seen.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal))
            {
                var (status, text) = answer(seen);
                return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json"), RequestMessage = request };
            }
        }
        return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("""{"code":"not found","message":"path not found"}"""), RequestMessage = request };
    }
}
