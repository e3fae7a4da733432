using System.Collections.Concurrent;
using System.Net;
using HomeIQ.Influx.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace HomeIQ.Influx.Hosting.Tests;

/// <summary>
/// AddInflux registers the client's HttpClient with IHttpClientFactory: handlers chained the standard way see every
/// request (writes, queries, probes, schema), and the client's own handler defaults stay when the factory builds it.
/// </summary>
public sealed class HttpClientFactoryTests(InfluxClientFixture fixture) : IClassFixture<InfluxClientFixture>
{
    [Fact]
    public async Task AChainedDelegatingHandlerSeesEveryRequestTheClientMakes()
    {
        var seen = new ConcurrentQueue<string>();
        var services = new ServiceCollection();
        var options = fixture.Options;
        services.AddInflux(o => { o.Url = options.Url; o.Api = InfluxApiVersion.V1; o.Database = options.Database; })
            .AddHttpMessageHandler(() => new RecordingHandler(seen));
        services.AddMeasurementWriter<Temperature>();
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<InfluxClient>();
        var writer = provider.GetRequiredService<IMeasurementWriter<Temperature>>();

        await client.Schema.EnsureDatabaseAsync();
        await writer.WriteAsync(new Temperature("kitchen", 21.5));
        await writer.FlushAsync();
        await using (var reader = await client.QueryInfluxQLAsync("SELECT celsius FROM temperature"))
            Assert.True(await reader.ReadAsync());
        await client.PingAsync();
        await client.CheckReadinessAsync();

        var requests = seen.ToList();
        Assert.Contains("GET /ping", requests);
        Assert.Contains(requests, r => r.StartsWith("POST /write?db=", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.StartsWith("GET /query?db=", StringComparison.Ordinal)); // readiness
        Assert.True(requests.Count(r => r == "POST /query") >= 2, "the schema statement and the query: " + string.Join(", ", requests));
        Assert.Equal(5, requests.Count);
    }

    [Fact]
    public void TheFactoryBuildsTheClientsOwnPrimaryHandlerNoRedirectsGzipRecycledConnections()
    {
        var services = new ServiceCollection();
        services.AddInflux(o => { o.Url = new Uri("https://influx.example:8086"); o.Api = InfluxApiVersion.V1; o.Database = "db"; o.DangerousAcceptAnyServerCertificate = true; });
        using var provider = services.BuildServiceProvider();

        var primary = PrimaryHandler(provider);

        Assert.False(primary.AllowAutoRedirect);
        Assert.Equal(DecompressionMethods.GZip, primary.AutomaticDecompression);
        Assert.Equal(TimeSpan.FromMinutes(5), primary.PooledConnectionLifetime);
        Assert.Equal(TimeSpan.FromMinutes(1), primary.PooledConnectionIdleTimeout);
        Assert.NotNull(primary.SslOptions.RemoteCertificateValidationCallback);
        Assert.Equal(Timeout.InfiniteTimeSpan, provider.GetRequiredService<IHttpClientFactory>().CreateClient(InfluxServiceCollectionExtensions.HttpClientName).Timeout);
    }

    [Fact]
    public void AProxyConfiguredTheStandardWayLandsOnTheClientsHandlerAndKeepsItsDefaults()
    {
        var proxy = new WebProxy("http://proxy.example:3128");
        var services = new ServiceCollection();
        services.AddInflux(o => { o.Url = new Uri("http://influx.example:8086"); o.Api = InfluxApiVersion.V1; o.Database = "db"; })
            .ConfigurePrimaryHttpMessageHandler((handler, _) => ((SocketsHttpHandler)handler).Proxy = proxy);
        // Configured again later under the same name, as another part of an application would.
        services.AddHttpClient(InfluxServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler((handler, _) => ((SocketsHttpHandler)handler).UseProxy = true);
        using var provider = services.BuildServiceProvider();

        var primary = PrimaryHandler(provider);

        Assert.Same(proxy, primary.Proxy);
        Assert.True(primary.UseProxy);
        Assert.False(primary.AllowAutoRedirect);
        Assert.Equal(DecompressionMethods.GZip, primary.AutomaticDecompression);
        Assert.Null(primary.SslOptions.RemoteCertificateValidationCallback);
    }

    [Fact]
    public async Task ARedirectIsReportedNotFollowed()
    {
        // A proxy that redirects /ping to the real server: followed, the ping would pass.
        var real = fixture.Server.Url;
        await using var redirecting = new FaultInjectingProxy(real, _ => FaultAction.Respond(307, "", ("Location", new Uri(real, "/ping").ToString())));
        var services = new ServiceCollection();
        services.AddInflux(o => { o.Url = redirecting.Url; o.Api = InfluxApiVersion.V1; o.Database = "db"; });
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => provider.GetRequiredService<InfluxClient>().PingAsync());

        Assert.Contains("307", error.Message, StringComparison.Ordinal);
        Assert.Single(redirecting.Requests);
    }

    private static SocketsHttpHandler PrimaryHandler(IServiceProvider provider)
    {
        HttpMessageHandler handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(InfluxServiceCollectionExtensions.HttpClientName);
        while (handler is DelegatingHandler delegating) handler = delegating.InnerHandler!;
        return Assert.IsType<SocketsHttpHandler>(handler);
    }

    private sealed class RecordingHandler(ConcurrentQueue<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            seen.Enqueue($"{request.Method} {(uri.AbsolutePath == "/query" && request.Method == HttpMethod.Post ? "/query" : uri.PathAndQuery)}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
