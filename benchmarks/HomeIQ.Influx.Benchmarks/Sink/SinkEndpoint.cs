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

    /// <summary>Reads the sink's counters (<c>GET /stats</c>): lines and write requests received so far.</summary>
    public static async Task<(long Lines, long Requests)> ReadStatsAsync(CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { BaseAddress = Url };
        var text = await http.GetStringAsync("stats", cancellationToken).ConfigureAwait(false);
        long lines = 0, requests = 0;
        foreach (var part in text.Split(' '))
        {
            var pair = part.Split('=');
            if (pair.Length != 2) continue;
            if (pair[0] == "lines") lines = long.Parse(pair[1], CultureInfo.InvariantCulture);
            else if (pair[0] == "requests") requests = long.Parse(pair[1], CultureInfo.InvariantCulture);
        }
        return (lines, requests);
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
