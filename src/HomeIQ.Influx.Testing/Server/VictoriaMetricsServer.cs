using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// A private, real VictoriaMetrics server (Debian's <c>victoria-metrics</c>) on a free loopback port, with its data in a
/// temporary folder: a second real server for the write path. It accepts line protocol on InfluxDB's <c>/write</c> (v1)
/// and <c>/api/v2/write</c> (v2) and stores each field as its own series (<c>measurement_field</c>, tags as labels,
/// millisecond timestamps), which <see cref="ExportAsync"/> reads back. It has no InfluxQL or Flux, no
/// <c>/api/v3/write_lp</c>, and does not check tokens. Dispose it to stop the process and delete the folder.
/// </summary>
/// <remarks>
/// Started with <c>-retentionPeriod=100y</c>: the default of one month silently drops points with older timestamps.
/// </remarks>
public sealed class VictoriaMetricsServer : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _logPath;
    private readonly HttpClient _http;
    private Process? _process;

    private VictoriaMetricsServer(string executable, string root, int httpPort)
    {
        _executable = executable;
        RootDirectory = root;
        HttpPort = httpPort;
        Url = new Uri($"http://127.0.0.1:{httpPort}");
        _logPath = Path.Combine(root, "victoria-metrics.log");
        _http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All })
        {
            BaseAddress = Url,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:40123</c>; point an <see cref="InfluxClient"/> here.</summary>
    public Uri Url { get; }

    /// <summary>The loopback port of the HTTP API.</summary>
    public int HttpPort { get; }

    /// <summary>The temporary folder that holds the data and the server's log.</summary>
    public string RootDirectory { get; }

    /// <summary>Whether the server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// Finds the <c>victoria-metrics</c> binary: the <c>VICTORIA_METRICS_PATH</c> environment variable, else
    /// <c>victoria-metrics</c> on the PATH, in <c>/usr/bin</c> or in <c>/usr/local/bin</c>; <see langword="null"/> when there is none.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>VICTORIA_METRICS_PATH</c> is set but names no file.</exception>
    public static string? FindVictoriaMetrics() => FindVictoriaMetrics(null, Environment.GetEnvironmentVariable, Environment.GetEnvironmentVariable("PATH"), s_defaultFolders);

    private static readonly string[] s_defaultFolders = ["/usr/bin", "/usr/local/bin"];

    internal static string? FindVictoriaMetrics(VictoriaMetricsServerOptions? options, Func<string, string?> getVariable, string? searchPath, IEnumerable<string> alsoLookIn) =>
        ServerProcess.Find("victoria-metrics", options?.ExecutablePath, "VictoriaMetricsServerOptions.ExecutablePath", VictoriaMetricsServerOptions.ExecutablePathVariable, getVariable, searchPath, alsoLookIn);

    /// <summary>What every test that needs the server reports when it is missing: they fail, never pass or skip.</summary>
    internal const string MissingMessage =
        "victoria-metrics (the VictoriaMetrics single-node server) was not found: VICTORIA_METRICS_PATH is not set, and there " +
        "is no victoria-metrics on the PATH, in /usr/bin or in /usr/local/bin. Install it (Debian or Ubuntu: sudo apt-get " +
        "install victoria-metrics; other systems: the single-node release from VictoriaMetrics, whose binary is called " +
        "victoria-metrics-prod), or point the kit at a binary with the VICTORIA_METRICS_PATH environment variable or " +
        "VictoriaMetricsServerOptions.ExecutablePath.";

    /// <summary>Starts a new private server and waits until it answers <c>/health</c>.</summary>
    /// <exception cref="InvalidOperationException"><c>victoria-metrics</c> is not found (the message says how to install it or point at it), or the server did not come up (the message holds its log).</exception>
    public static Task<VictoriaMetricsServer> StartNewAsync(CancellationToken cancellationToken = default) => StartNewAsync(new VictoriaMetricsServerOptions(), cancellationToken);

    /// <summary>Starts a new private server as <paramref name="options"/> say and waits until it answers <c>/health</c>.</summary>
    /// <exception cref="InvalidOperationException"><c>victoria-metrics</c> is not found (the message says how to install it or point at it), or the server did not come up (the message holds its log).</exception>
    public static Task<VictoriaMetricsServer> StartNewAsync(VictoriaMetricsServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartFromAsync(FindVictoriaMetrics(options, Environment.GetEnvironmentVariable, Environment.GetEnvironmentVariable("PATH"), s_defaultFolders), cancellationToken);
    }

    internal static Task<VictoriaMetricsServer> StartFromAsync(string? executable, CancellationToken cancellationToken)
    {
        if (executable is null) throw new InvalidOperationException(MissingMessage);
        return ServerProcess.StartInTemporaryFolderAsync("homeiq-vm-",
            root => new VictoriaMetricsServer(executable, root, ServerProcess.FreeLoopbackPort()),
            static (server, token) => server.StartAsync(token),
            cancellationToken);
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var process = ServerProcess.Start(RootDirectory, _logPath, _executable,
        [
            "-storageDataPath=" + Path.Combine(RootDirectory, "data"),
            $"-httpListenAddr=127.0.0.1:{HttpPort}",
            "-retentionPeriod=100y",
            // The machine is shared: keep the caches small (the default is 60% of the memory).
            "-memory.allowedPercent=10",
        ]);
        _process = process;

        using var health = await ServerProcess.WaitUntilReadyAsync(process, _http, "/health", static r => r.StatusCode == HttpStatusCode.OK, "victoria-metrics",
            () => ReadLogTail(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Makes every point received so far visible to <see cref="ExportAsync"/> (<c>POST /internal/force_flush</c>).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsync("/internal/force_flush", content: null, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Flushes, then reads every stored sample of the series that <paramref name="match"/> selects through
    /// <c>GET /api/v1/export</c> (a series selector, e.g. <c>{__name__=~"climate_.*"}</c>; every series by default).
    /// </summary>
    /// <exception cref="InvalidOperationException">The server answered with an error.</exception>
    public async Task<IReadOnlyList<VictoriaMetricsSeries>> ExportAsync(string match = "{__name__=~\".+\"}", CancellationToken cancellationToken = default)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        using var response = await _http.GetAsync("/api/v1/export?match[]=" + Uri.EscapeDataString(match), HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Export failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
        var series = new List<VictoriaMetricsSeries>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0) continue;
            using var json = JsonDocument.Parse(line);
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            string name = "";
            foreach (var label in json.RootElement.GetProperty("metric").EnumerateObject())
            {
                if (label.Name == "__name__") name = label.Value.GetString() ?? "";
                else labels[label.Name] = label.Value.GetString() ?? "";
            }
            var values = json.RootElement.GetProperty("values").EnumerateArray().Select(ReadNumber).ToArray();
            var timestamps = json.RootElement.GetProperty("timestamps").EnumerateArray().Select(t => t.GetInt64()).ToArray();
            series.Add(new VictoriaMetricsSeries(name, labels, values, timestamps));
        }
        return series;
    }

    // Samples are JSON numbers; non-finite values come as the strings "NaN", "Inf" or "-Inf".
    private static double ReadNumber(JsonElement value) => value.ValueKind == JsonValueKind.Number
        ? value.GetDouble()
        : value.GetString() switch
        {
            "Inf" or "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.NaN,
        };

    /// <summary>The last lines of the server's log, for failure messages.</summary>
    public string ReadLogTail(int lines = 40) => ServerProcess.ReadLogTail(_logPath, lines);

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null) await ServerProcess.StopAsync(process).ConfigureAwait(false);
        _http.Dispose();
        try { Directory.Delete(RootDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}

/// <summary>One series read back from VictoriaMetrics: its name (<c>measurement_field</c>), labels and samples in time order.</summary>
/// <param name="Name">The series name, <c>measurement_field</c> for line protocol.</param>
/// <param name="Labels">The labels: the point's tags, plus <c>db</c> for a v1 <c>/write?db=</c>.</param>
/// <param name="Values">The samples' values (booleans as 1/0; strings are stored as 0).</param>
/// <param name="TimestampsMs">The samples' times in Unix milliseconds (VictoriaMetrics keeps no finer resolution).</param>
public sealed record VictoriaMetricsSeries(string Name, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<double> Values, IReadOnlyList<long> TimestampsMs);
