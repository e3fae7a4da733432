namespace HomeIQ.Influx.Benchmarks.Durable;

/// <summary>What the durable benchmarks share: folders under the temporary folder, the client on the sink, writer options.</summary>
internal static class DurableBench
{
    /// <summary>A client on the loopback sink (the v2 write path, as the other pipeline benchmarks use).</summary>
    public static InfluxClient SinkClient(Uri url) =>
        new(new InfluxClientOptions { Url = url, Api = InfluxApiVersion.V2, Org = "bench", Bucket = "bench", Token = "bench-token" });

    /// <summary>
    /// Batches of 5,000, sent by size and FlushAsync only; a memory window of <paramref name="window"/> points. With a
    /// window that holds an invocation the durable buffer stays direct (no backlog): its cost over no buffer is the disk.
    /// </summary>
    public static WriteOptions Options(string? folder, DurableFlushMode mode, int window) => new()
    {
        BatchSize = 5_000,
        FlushInterval = TimeSpan.FromMinutes(1),
        MaxBufferedPoints = window,
        DurableBufferPath = folder,
        DurableFlushMode = mode,
        DurableFlushInterval = TimeSpan.FromMilliseconds(100),
    };

    public static string CreateFolder(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"homeiq-bench-{name}-{Guid.NewGuid():N}"[..48]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteFolder(string? path)
    {
        if (path is null) return;
        try { Directory.Delete(path, recursive: true); } catch (IOException) { }
    }

    /// <summary>Bytes of the segment files in <paramref name="path"/>.</summary>
    public static long SegmentBytes(string path) => Directory.GetFiles(path, "*.hiqlog").Sum(f => new FileInfo(f).Length);

    /// <summary>A loopback address where nothing listens: every write is refused, so the durable buffer keeps everything.</summary>
    public static Uri DeadUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
