using System.Globalization;

namespace HomeIQ.Influx.Benchmarks.Sink;

/// <summary>
/// How a benchmark process finds the sink: the address published by <see cref="SinkProcess"/>, or, when the benchmark
/// runs without it (e.g. an in-process toolchain), a sink started inside this process, with a warning that allocation
/// numbers then include the sink's own.
/// </summary>
public static class SinkEndpoint
{
    private static readonly Lazy<Uri> LazyUrl = new(Resolve);
    private static LoopbackSink? s_inProcess;

    /// <summary>The sink's base address.</summary>
    public static Uri Url => LazyUrl.Value;

    /// <summary>Reads the sink's counters (<c>GET /stats</c>): lines, write requests and gzip write requests received so far.</summary>
    public static async Task<SinkStats> ReadStatsAsync(CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = Url };
        var text = await http.GetStringAsync("stats", cancellationToken).ConfigureAwait(false);
        long lines = 0, requests = 0, gzip = 0;
        foreach (var part in text.Split(' '))
        {
            var pair = part.Split('=');
            if (pair.Length != 2) continue;
            if (pair[0] == "lines") lines = long.Parse(pair[1], CultureInfo.InvariantCulture);
            else if (pair[0] == "requests") requests = long.Parse(pair[1], CultureInfo.InvariantCulture);
            else if (pair[0] == "gzip") gzip = long.Parse(pair[1], CultureInfo.InvariantCulture);
        }
        return new SinkStats(lines, requests, gzip);
    }

    private static Uri Resolve()
    {
        var url = Environment.GetEnvironmentVariable(SinkProcess.UrlVariable);
        if (!string.IsNullOrEmpty(url)) return new Uri(url);
        Console.WriteLine($"// WARNING: {SinkProcess.UrlVariable} is not set; starting the sink inside the benchmark process. " +
                          "Allocated bytes then include the sink's own allocations.");
        s_inProcess = LoopbackSink.Start(QueryPayloads.CreateResponses());
        return s_inProcess.Url;
    }
}

/// <summary>What the sink has received so far.</summary>
/// <param name="Lines">Line-protocol lines in write bodies (after decompression).</param>
/// <param name="Requests">Write requests.</param>
/// <param name="GzipRequests">Write requests with a gzip body.</param>
public readonly record struct SinkStats(long Lines, long Requests, long GzipRequests)
{
    /// <summary>The counts received between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static SinkStats operator -(SinkStats after, SinkStats before) =>
        new(after.Lines - before.Lines, after.Requests - before.Requests, after.GzipRequests - before.GzipRequests);
}
