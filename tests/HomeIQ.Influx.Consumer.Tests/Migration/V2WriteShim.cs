using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Consumer.Tests.Migration;

/// <summary>
/// InfluxDB.Client speaks only the 2.x API (<c>/api/v2/write</c>, <c>/api/v2/query</c>); InfluxDB 1.6.7 has neither (1.8
/// added the compatibility endpoints). This shim does what 1.8's compatibility layer does for writes: it takes a
/// <c>/api/v2/write?bucket=db</c> request, records its body byte for byte and forwards it to the real influxd's
/// <c>/write?db=db</c>, answering with influxd's status. A Flux query cannot be answered by 1.6 at all: the shim answers
/// <c>/api/v2/query</c> with the annotated CSV a test gives it (the one part that is not a real server).
/// </summary>
internal sealed class V2WriteShim : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly InfluxServer _server;
    private readonly Task _loop;

    public V2WriteShim(InfluxServer server)
    {
        _server = server;
        int port = FreePort();
        Url = "http://127.0.0.1:" + port + "/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    /// <summary>Every write body InfluxDB.Client sent, in order.</summary>
    public ConcurrentQueue<string> WriteBodies { get; } = new();

    /// <summary>The Flux queries received.</summary>
    public ConcurrentQueue<string> Queries { get; } = new();

    /// <summary>The annotated CSV answered to <c>/api/v2/query</c>.</summary>
    public string QueryAnswer { get; set; } = "";

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            try { await HandleAsync(context); }
            catch (Exception e)
            {
                context.Response.StatusCode = 500;
                var bytes = Encoding.UTF8.GetBytes(e.Message);
                await context.Response.OutputStream.WriteAsync(bytes);
            }
            finally { context.Response.Close(); }
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        string path = context.Request.Url!.AbsolutePath;
        if (path == "/api/v2/write")
        {
            WriteBodies.Enqueue(body);
            string precision = context.Request.QueryString["precision"] switch { "s" => "s", "ms" => "ms", "us" => "u", _ => "ns" };
            await _server.WriteLineProtocolAsync(context.Request.QueryString["bucket"]!, body, precision);
            context.Response.StatusCode = 204;
        }
        else if (path == "/api/v2/query")
        {
            Queries.Enqueue(body);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "text/csv; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(QueryAnswer);
            await context.Response.OutputStream.WriteAsync(bytes);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
