using System.Net.Http.Headers;
using System.Text;
using HomeIQ.Influx.Client;
using HomeIQ.Influx.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeIQ.Influx;

/// <summary>
/// The one long-lived, thread-safe connection to an InfluxDB server. Create one per server and share it (register
/// it as a singleton); writers and queries borrow it. It owns a pooled <see cref="HttpClient"/> unless you pass your own.
/// </summary>
public sealed partial class InfluxClient : IDisposable, IAsyncDisposable
{
    // Connections are recycled so DNS changes are seen; idle ones are closed before servers and proxies drop them.
    private static readonly TimeSpan PooledConnectionLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1);

    private readonly bool _ownsHttp;
    private readonly AuthenticationHeaderValue? _authorization;
    private int _disposed;

    /// <summary>Creates a client with its own pooled <see cref="HttpClient"/>.</summary>
    /// <exception cref="InvalidOperationException">The options are invalid (see <see cref="InfluxClientOptions.Validate"/>).</exception>
    public InfluxClient(InfluxClientOptions options, ILoggerFactory? loggerFactory = null)
        : this(options, CreateHttpClient(options), ownsHttpClient: true, loggerFactory)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> the caller owns (for example from <c>IHttpClientFactory</c>); it is not disposed with the client.</summary>
    public InfluxClient(InfluxClientOptions options, HttpClient httpClient, ILoggerFactory? loggerFactory = null)
        : this(options, httpClient, ownsHttpClient: false, loggerFactory)
    {
    }

    private InfluxClient(InfluxClientOptions options, HttpClient httpClient, bool ownsHttpClient, ILoggerFactory? loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        options.EnsureValid();
        Options = options.Clone();
        Http = httpClient;
        _ownsHttp = ownsHttpClient;
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _authorization = CreateAuthorization(Options);
        if (Options.DangerousAcceptAnyServerCertificate)
            ClientLog.DangerousCertificate(LoggerFactory.CreateLogger<InfluxClient>(), Options.Url!.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>A copy of the options this client was created with.</summary>
    public InfluxClientOptions Options { get; }

    /// <summary>The logger factory writers and queries created from this client log through.</summary>
    public ILoggerFactory LoggerFactory { get; }

    internal HttpClient Http { get; }

    /// <summary>Creates a request to <paramref name="pathAndQuery"/> (relative to <see cref="InfluxClientOptions.Url"/>) with the credentials in its headers.</summary>
    internal HttpRequestMessage CreateRequest(HttpMethod method, string pathAndQuery) => CreateRequest(method, CreateUri(pathAndQuery));

    /// <summary>Creates a request to <paramref name="uri"/> (made by <see cref="CreateUri"/>) with the credentials in its headers.</summary>
    internal HttpRequestMessage CreateRequest(HttpMethod method, Uri uri)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var request = new HttpRequestMessage(method, uri);
        if (_authorization is not null) request.Headers.Authorization = _authorization;
        InfluxActivity.SetNamespace(request, Options.Target);
        return request;
    }

    /// <summary>The absolute address of <paramref name="pathAndQuery"/> on the server; callers that send often keep it.</summary>
    internal Uri CreateUri(string pathAndQuery) => new(Options.Url!, pathAndQuery);

    /// <summary>Releases the HTTP connections (when this client owns them).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_ownsHttp) Http.Dispose();
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Describes the client without secrets.</summary>
    public override string ToString() => $"InfluxClient {{ {Options} }}";

    private static AuthenticationHeaderValue? CreateAuthorization(InfluxClientOptions options)
    {
        if (!string.IsNullOrEmpty(options.Token)) return new AuthenticationHeaderValue("Token", options.Token);
        if (options.Username is not null && options.Password is not null)
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        return null;
    }

    private static HttpClient CreateHttpClient(InfluxClientOptions options) =>
        // Per-request timeouts are applied by the callers (and the resilience pipeline), so retries get their own.
        new(CreateHttpMessageHandler(options), disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    /// <summary>
    /// The handler this client builds for its own <see cref="HttpClient"/>, for an <see cref="HttpClient"/> made elsewhere
    /// (HomeIQ.Influx.Hosting makes it the primary handler of the <c>IHttpClientFactory</c> client): connections recycled
    /// every 5 minutes (so DNS changes are seen even by a client kept for the application's life) and closed after
    /// 1 minute idle, gzip answers decompressed, redirects not followed (InfluxDB's APIs do not redirect; following one
    /// would turn a POST into a GET and hide a wrong Url), and <see cref="InfluxClientOptions.DangerousAcceptAnyServerCertificate"/>.
    /// Set a proxy or client certificates on it before first use.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public static SocketsHttpHandler CreateHttpMessageHandler(InfluxClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = PooledConnectionLifetime,
            PooledConnectionIdleTimeout = PooledConnectionIdleTimeout,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip,
            // Off, a 3xx is reported like any other unexpected status (and each request skips the redirect handler).
            AllowAutoRedirect = false,
        };
        if (options.DangerousAcceptAnyServerCertificate)
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        return handler;
    }
}
