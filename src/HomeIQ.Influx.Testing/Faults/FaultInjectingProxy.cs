using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// A tiny HTTP/1.1 proxy on a raw loopback socket in front of a real influxd (or of nothing, as a fake endpoint), for
/// fault-injection tests. Each request goes to <see cref="Decide"/>, which forwards it, answers with a status (with
/// <c>Retry-After</c> or other headers), drops the connection (before or after forwarding), stalls, holds it until a
/// gate opens, or forwards a truncated answer (see <see cref="FaultAction"/>). While <see cref="Outage"/> is set every
/// connection is reset at once. One request per connection (it answers <c>Connection: close</c>), which keeps the
/// parser trivial; only Content-Type, Content-Encoding and Authorization are passed upstream.
/// </summary>
public sealed class FaultInjectingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Uri? _upstream;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly ConcurrentQueue<ProxiedRequest> _log = new();
    private int _requestCounter;

    /// <summary>Starts listening on a free loopback port.</summary>
    /// <param name="upstream">The server to forward to (for example <see cref="InfluxServer"/>'s URL), or <see langword="null"/>
    /// to answer 502 to every forwarded request.</param>
    /// <param name="decide">Decides what to do with each request; <see langword="null"/> forwards everything.</param>
    public FaultInjectingProxy(Uri? upstream, Func<ProxiedRequest, FaultAction>? decide = null)
    {
        _upstream = upstream;
        Decide = decide ?? (_ => FaultAction.Forward);
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(512);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The proxy's address (<c>http://127.0.0.1:port</c>): point the client here instead of at the server.</summary>
    public Uri Url { get; }

    /// <summary>Decides what to do with each request; may be swapped while running.</summary>
    public Func<ProxiedRequest, FaultAction> Decide { get; set; }

    /// <summary>While set, every connection is reset without reading the request, like a server that is gone.</summary>
    public bool Outage
    {
        get => Volatile.Read(ref _outage);
        set => Volatile.Write(ref _outage, value);
    }
    private bool _outage;

    /// <summary>Requests seen (not counting connections reset during an outage).</summary>
    public IReadOnlyCollection<ProxiedRequest> Requests => _log;

    /// <summary>Connections reset because of an outage.</summary>
    public int RefusedConnections => _refused;
    private int _refused;

    /// <summary>Stops listening and waits for the accept loop to end; stalled and held requests are released.</summary>
    /// <returns>A task that completes when the proxy has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try { await _acceptLoop; } catch (Exception) { }
        _http.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => HandleAsync(socket));
        }
    }

    private async Task HandleAsync(Socket socket)
    {
        using var _ = socket;
        try
        {
            if (Outage)
            {
                Interlocked.Increment(ref _refused);
                socket.LingerState = new LingerOption(true, 0); // RST, like a server that is gone
                socket.Close();
                return;
            }
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var request = await ReadRequestAsync(stream);
            if (request is null) return;
            _log.Enqueue(request);
            var action = Decide(request);
            switch (action.Kind)
            {
                case FaultActionKind.Forward:
                    await WriteResponseAsync(stream, await ForwardAsync(request));
                    break;
                case FaultActionKind.Respond:
                    await WriteResponseAsync(stream, (action.Status, Encoding.UTF8.GetBytes(action.Body), action.Headers ?? new Dictionary<string, string>()));
                    break;
                case FaultActionKind.ForwardThenDrop:
                    await ForwardAsync(request);
                    socket.LingerState = new LingerOption(true, 0);
                    break;
                case FaultActionKind.Drop:
                    socket.LingerState = new LingerOption(true, 0);
                    break;
                case FaultActionKind.ForwardAfter:
                    await action.Gate!.WaitAsync(_stop.Token);
                    await WriteResponseAsync(stream, await ForwardAsync(request));
                    break;
                case FaultActionKind.ForwardTruncated:
                    // A graceful close, not a reset: a reset could discard the partial body before the client reads it.
                    await WriteResponseAsync(stream, await ForwardAsync(request), truncateAt: action.Status);
                    break;
                case FaultActionKind.Stall:
                    try { await Task.Delay(action.Stall, _stop.Token); } catch (OperationCanceledException) { }
                    break;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or HttpRequestException or OperationCanceledException)
        {
            // the client went away (it timed out or the test ended): nothing to answer
        }
    }

    private async Task<ProxiedRequest?> ReadRequestAsync(NetworkStream stream)
    {
        var head = new MemoryStream();
        var one = new byte[1];
        // Read byte by byte up to the blank line: simple, and the bodies that follow are read in one go.
        while (true)
        {
            int n = await stream.ReadAsync(one, _stop.Token);
            if (n == 0) return null;
            head.WriteByte(one[0]);
            var h = head.GetBuffer();
            long len = head.Length;
            if (len >= 4 && h[len - 4] == '\r' && h[len - 3] == '\n' && h[len - 2] == '\r' && h[len - 1] == '\n') break;
        }
        var lines = Encoding.ASCII.GetString(head.GetBuffer(), 0, (int)head.Length).Split("\r\n");
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        int length = headers.TryGetValue("Content-Length", out var cl) ? int.Parse(cl) : 0;
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        string text;
        if (headers.TryGetValue("Content-Encoding", out var enc) && enc.Contains("gzip"))
        {
            using var gz = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var reader = new StreamReader(gz, Encoding.UTF8);
            text = await reader.ReadToEndAsync();
        }
        else text = Encoding.UTF8.GetString(body);
        return new ProxiedRequest(Interlocked.Increment(ref _requestCounter), first[0], first[1], headers, body, text);
    }

    private async Task<(int Status, byte[] Body, IReadOnlyDictionary<string, string> Headers)> ForwardAsync(ProxiedRequest request)
    {
        if (_upstream is null) return (502, Encoding.UTF8.GetBytes("{\"error\":\"no upstream\"}"), new Dictionary<string, string>());
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstream, request.PathAndQuery));
        var content = new ByteArrayContent(request.RawBody);
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
                content.Headers.TryAddWithoutValidation(name, value);
            else if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                message.Headers.TryAddWithoutValidation(name, value);
        }
        message.Content = content;
        using var response = await _http.SendAsync(message, _stop.Token);
        var body = await response.Content.ReadAsByteArrayAsync(_stop.Token);
        var headers = new Dictionary<string, string>();
        foreach (var h in response.Headers.Concat(response.Content.Headers))
        {
            if (h.Key.StartsWith("X-Influxdb", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                headers[h.Key] = string.Join(", ", h.Value);
        }
        return ((int)response.StatusCode, body, headers);
    }

    private async Task WriteResponseAsync(NetworkStream stream, (int Status, byte[] Body, IReadOnlyDictionary<string, string> Headers) response, int truncateAt = -1)
    {
        var head = new StringBuilder();
        head.Append("HTTP/1.1 ").Append(response.Status).Append(' ').Append(ReasonPhrase(response.Status)).Append("\r\n");
        foreach (var (name, value) in response.Headers) head.Append(name).Append(": ").Append(value).Append("\r\n");
        head.Append("Content-Length: ").Append(response.Body.Length).Append("\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
        await stream.WriteAsync(truncateAt >= 0 ? response.Body.AsMemory(0, Math.Min(truncateAt, response.Body.Length)) : response.Body, _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK", 204 => "No Content", 400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found",
        413 => "Request Entity Too Large", 422 => "Unprocessable Entity", 429 => "Too Many Requests", 500 => "Internal Server Error",
        502 => "Bad Gateway", 503 => "Service Unavailable", 504 => "Gateway Timeout", _ => "Status",
    };
}
