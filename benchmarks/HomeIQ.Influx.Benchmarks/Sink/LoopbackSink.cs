using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HomeIQ.Influx.Benchmarks.Sink;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 standing in for InfluxDB, the same for every variant: write requests
/// (<c>/write</c>, <c>/api/v2/write</c>, <c>/api/v3/write_lp</c>) have their bodies read (Content-Length or chunked,
/// gzip decompressed), their lines counted and discarded, and are answered 204; query requests get a fixed payload;
/// <c>GET /stats</c> reports what was received (lines, write requests, gzip write requests, body bytes). Keep-alive, no TLS, one task per connection.
/// </summary>
/// <remarks>
/// Raw sockets rather than Kestrel so that the sink costs as little CPU as possible and adds nothing to measure.
/// Run it in its own process (<see cref="SinkProcess"/>): BenchmarkDotNet's allocation numbers count every thread of
/// the benchmark process, so an in-process sink would add its own allocations to the client's.
/// </remarks>
public sealed class LoopbackSink : IAsyncDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly byte[] NoContent = "HTTP/1.1 204 No Content\r\nX-Influxdb-Version: homeiq-bench-sink\r\n\r\n"u8.ToArray();
    private static readonly byte[] NotFound = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
    private static readonly byte[] BadRequest = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();
    private static readonly byte[] Continue = "HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray();

    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly IReadOnlyList<FixedResponse> _responses;
    private readonly Task _acceptLoop;
    private long _lines;
    private long _requests;
    private long _bodyBytes;
    private long _gzipRequests;

    private LoopbackSink(IReadOnlyList<FixedResponse> responses)
    {
        _responses = responses;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The sink's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    /// <summary>Line-protocol lines received in write bodies so far (after decompression).</summary>
    public long Lines => Interlocked.Read(ref _lines);

    /// <summary>Write requests received so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Starts a sink on a free loopback port, serving <paramref name="responses"/> to matching non-write requests.</summary>
    public static LoopbackSink Start(IReadOnlyList<FixedResponse>? responses = null) => new(responses ?? []);

    /// <summary>Stops listening and closes the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try { await _acceptLoop.ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            socket.NoDelay = true;
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var connection = new Connection(socket, _stop.Token);
        try
        {
            while (await HandleRequestAsync(connection).ConfigureAwait(false)) { }
        }
        catch (OperationCanceledException) { }
        catch (SocketException) { }
        catch (IOException) { }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or OverflowException)
        {
            // A malformed request closes its connection; the client sees the failure and the benchmark reports it.
            await Console.Error.WriteLineAsync($"sink: malformed request: {ex.Message}").ConfigureAwait(false);
        }
        finally
        {
            socket.Dispose();
        }
    }

    // Returns false when the connection is finished.
    private async Task<bool> HandleRequestAsync(Connection c)
    {
        int headerLength = await c.ReadHeadersAsync().ConfigureAwait(false);
        if (headerLength < 0) return false;
        var head = Encoding.ASCII.GetString(c.Buffer, c.Start, headerLength);
        c.Start += headerLength + 4;

        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 3)
        {
            await c.SendAsync(BadRequest).ConfigureAwait(false);
            return false;
        }
        string method = requestLine[0];
        string path = requestLine[1];
        long contentLength = 0;
        bool chunked = false, gzip = false, close = false, expectContinue = false;
        for (int i = 1; i < lines.Length; i++)
        {
            int colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = lines[i].AsSpan(0, colon).Trim();
            var value = lines[i].AsSpan(colon + 1).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) contentLength = long.Parse(value, CultureInfo.InvariantCulture);
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase)) gzip = value.Contains("gzip", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) close = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Expect", StringComparison.OrdinalIgnoreCase)) expectContinue = value.Equals("100-continue", StringComparison.OrdinalIgnoreCase);
        }
        if (expectContinue) await c.SendAsync(Continue).ConfigureAwait(false);

        bool isWrite = method == "POST" && (path.StartsWith("/write", StringComparison.Ordinal) ||
                                            path.StartsWith("/api/v2/write", StringComparison.Ordinal) ||
                                            path.StartsWith("/api/v3/write_lp", StringComparison.Ordinal));
        var counter = c.Counter;
        counter.Begin(gzip && isWrite);
        if (chunked) await c.ReadChunkedBodyAsync(counter).ConfigureAwait(false);
        else await c.ReadBodyAsync(contentLength, counter).ConfigureAwait(false);

        if (isWrite)
        {
            long received = counter.End();
            Interlocked.Add(ref _lines, received);
            Interlocked.Add(ref _bodyBytes, counter.Bytes);
            Interlocked.Increment(ref _requests);
            if (gzip) Interlocked.Increment(ref _gzipRequests);
            await c.SendAsync(NoContent).ConfigureAwait(false);
        }
        else if (path.StartsWith("/ping", StringComparison.Ordinal))
        {
            await c.SendAsync(NoContent).ConfigureAwait(false);
        }
        else if (path.StartsWith("/stats", StringComparison.Ordinal))
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"lines={Lines} requests={Requests} gzip={Interlocked.Read(ref _gzipRequests)} bytes={Interlocked.Read(ref _bodyBytes)}");
            await c.SendAsync(FixedResponse.Create("/stats", "text/plain", Encoding.ASCII.GetBytes(text)).Message).ConfigureAwait(false);
        }
        else
        {
            var response = FindResponse(path);
            await c.SendAsync(response?.Message ?? NotFound).ConfigureAwait(false);
        }
        return !close;
    }

    private FixedResponse? FindResponse(string path)
    {
        foreach (var response in _responses)
            if (path.StartsWith(response.PathPrefix, StringComparison.Ordinal)) return response;
        return null;
    }

    /// <summary>One keep-alive connection: a receive buffer with a read window [Start, End).</summary>
    private sealed class Connection(Socket socket, CancellationToken cancellationToken)
    {
        public byte[] Buffer { get; } = new byte[BufferSize];
        public int Start;
        public int End;
        public BodyCounter Counter { get; } = new();

        // Returns the length of the header block (without the blank line), or -1 when the peer closed.
        public async Task<int> ReadHeadersAsync()
        {
            while (true)
            {
                int found = Buffer.AsSpan(Start, End - Start).IndexOf("\r\n\r\n"u8);
                if (found >= 0) return found;
                if (!await FillAsync().ConfigureAwait(false)) return -1;
            }
        }

        public async Task ReadBodyAsync(long length, BodyCounter counter)
        {
            while (length > 0)
            {
                if (Start == End && !await FillAsync().ConfigureAwait(false)) throw new IOException("The connection closed inside a body.");
                int take = (int)Math.Min(length, End - Start);
                counter.Write(Buffer.AsSpan(Start, take));
                Start += take;
                length -= take;
            }
        }

        public async Task ReadChunkedBodyAsync(BodyCounter counter)
        {
            while (true)
            {
                var sizeLine = await ReadLineAsync().ConfigureAwait(false);
                int semicolon = sizeLine.IndexOf(';', StringComparison.Ordinal);
                var hex = semicolon >= 0 ? sizeLine[..semicolon] : sizeLine;
                long size = long.Parse(hex.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0)
                {
                    // Trailers, if any, end with an empty line.
                    while ((await ReadLineAsync().ConfigureAwait(false)).Length > 0) { }
                    return;
                }
                await ReadBodyAsync(size, counter).ConfigureAwait(false);
                if ((await ReadLineAsync().ConfigureAwait(false)).Length != 0) throw new InvalidDataException("A chunk did not end with CRLF.");
            }
        }

        public async ValueTask SendAsync(ReadOnlyMemory<byte> data)
        {
            while (!data.IsEmpty)
            {
                int sent = await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                data = data[sent..];
            }
        }

        private async Task<string> ReadLineAsync()
        {
            while (true)
            {
                int found = Buffer.AsSpan(Start, End - Start).IndexOf("\r\n"u8);
                if (found >= 0)
                {
                    var line = Encoding.ASCII.GetString(Buffer, Start, found);
                    Start += found + 2;
                    return line;
                }
                if (!await FillAsync().ConfigureAwait(false)) throw new IOException("The connection closed inside a chunked body.");
            }
        }

        // Reads more bytes after End, moving the unread window to the front first. False when the peer closed.
        private async Task<bool> FillAsync()
        {
            if (Start > 0)
            {
                Buffer.AsSpan(Start, End - Start).CopyTo(Buffer);
                End -= Start;
                Start = 0;
            }
            if (End == Buffer.Length) throw new InvalidDataException("Request headers larger than 64 KB.");
            int read = await socket.ReceiveAsync(Buffer.AsMemory(End), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0) return false;
            End += read;
            return true;
        }
    }

    /// <summary>Counts lines of a body as it streams by; gzip bodies are collected and inflated at the end.</summary>
    private sealed class BodyCounter
    {
        private readonly MemoryStream _compressed = new();
        private readonly byte[] _inflated = new byte[BufferSize];
        private bool _gzip;
        private long _newlines;
        private long _length;
        private byte _last;

        public long Bytes { get; private set; }

        public void Begin(bool gzip)
        {
            _gzip = gzip;
            _newlines = 0;
            _length = 0;
            _last = 0;
            Bytes = 0;
            _compressed.SetLength(0);
        }

        public void Write(ReadOnlySpan<byte> data)
        {
            Bytes += data.Length;
            if (_gzip) _compressed.Write(data);
            else Count(data);
        }

        // Returns the number of lines: newlines, plus one for a last line without '\n'.
        public long End()
        {
            if (_gzip)
            {
                _compressed.Position = 0;
                using var inflater = new GZipStream(_compressed, CompressionMode.Decompress, leaveOpen: true);
                int read;
                while ((read = inflater.Read(_inflated)) > 0) Count(_inflated.AsSpan(0, read));
            }
            return _newlines + (_length > 0 && _last != (byte)'\n' ? 1 : 0);
        }

        private void Count(ReadOnlySpan<byte> data)
        {
            if (data.IsEmpty) return;
            _newlines += data.Count((byte)'\n');
            _length += data.Length;
            _last = data[^1];
        }
    }
}

/// <summary>A canned HTTP 200 response served for request paths that start with <see cref="PathPrefix"/>.</summary>
public sealed class FixedResponse
{
    private FixedResponse(string pathPrefix, byte[] message, int bodyLength)
    {
        PathPrefix = pathPrefix;
        Message = message;
        BodyLength = bodyLength;
    }

    /// <summary>The path prefix this response answers, e.g. <c>/api/v2/query</c>.</summary>
    public string PathPrefix { get; }

    /// <summary>The whole response: status line, headers and body.</summary>
    public byte[] Message { get; }

    /// <summary>The body's length in bytes.</summary>
    public int BodyLength { get; }

    /// <summary>Builds a 200 response with <paramref name="body"/> and a Content-Length.</summary>
    public static FixedResponse Create(string pathPrefix, string contentType, byte[] body)
    {
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\n\r\n"));
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message, head.Length);
        return new FixedResponse(pathPrefix, message, body.Length);
    }
}
