using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Benchmarks.Server;

/// <summary>
/// A private real InfluxDB (Debian's influxd 1.6) for the end-to-end benchmarks, started by the testing kit's
/// <see cref="InfluxServer"/> inside the benchmark process: on a free loopback port, data in a temporary folder, and
/// killed by the kit's watchdog if this process dies, so it never outlives the run. Adds what the benchmarks need:
/// influxd's own CPU time (it is another process, so the client's CPU time never includes it), bulk loading, and
/// counting what arrived.
/// </summary>
public sealed class BenchServer : IDisposable
{
    private readonly InfluxServer _server;
    private readonly int _influxdPid;

    private BenchServer(InfluxServer server, int influxdPid)
    {
        _server = server;
        _influxdPid = influxdPid;
        Http = new HttpClient(new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(10) };
    }

    /// <summary>The server's base address.</summary>
    public Uri Url => _server.Url;

    /// <summary>A plain client for the server, for loading data and for the hand-written baselines.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a private server and finds its influxd process.</summary>
    public static BenchServer Start()
    {
        var server = InfluxServer.StartNewAsync().GetAwaiter().GetResult();
        int pid = FindInfluxd(Path.Combine(server.RootDirectory, "influxdb.conf"))
            ?? throw new InvalidOperationException($"influxd answers on {server.Url} but its process was not found under /proc.");
        Console.WriteLine($"// influxd {server.Version} pid {pid} at {server.Url}");
        return new BenchServer(server, pid);
    }

    /// <summary>CPU time influxd has used so far (user and system, all its threads).</summary>
    public TimeSpan ServerCpu()
    {
        using var process = Process.GetProcessById(_influxdPid);
        return process.TotalProcessorTime;
    }

    /// <summary>Drops <paramref name="database"/> if it exists and creates it empty.</summary>
    public void RecreateDatabase(string database)
    {
        Execute($"DROP DATABASE \"{database}\"", null);
        Execute($"CREATE DATABASE \"{database}\"", null);
    }

    /// <summary>Posts one line-protocol body to <c>/write</c> (nanosecond timestamps); throws unless the server answers 204.</summary>
    public async Task PostAsync(string database, ReadOnlyMemory<byte> body)
    {
        var (status, message) = await SendAsync(database, body).ConfigureAwait(false);
        if (status != HttpStatusCode.NoContent) throw new InvalidOperationException($"influxd answered {(int)status} to a write: {message}");
    }

    /// <summary>
    /// Posts one body while preparing data (not in a measurement): influxd answers 500 <c>timeout</c> when a write
    /// takes longer than its 10 s limit, which a busy machine caused while loading a million rows, so that is retried
    /// a few times. A retried body can only overwrite its own points (same series and times), never add any.
    /// </summary>
    public async Task LoadAsync(string database, ReadOnlyMemory<byte> body)
    {
        for (int attempt = 1; ; attempt++)
        {
            var (status, message) = await SendAsync(database, body).ConfigureAwait(false);
            if (status == HttpStatusCode.NoContent) return;
            if (status != HttpStatusCode.InternalServerError || attempt == 5)
                throw new InvalidOperationException($"influxd answered {(int)status} to a write ({attempt} attempts): {message}");
            await Task.Delay(TimeSpan.FromSeconds(attempt)).ConfigureAwait(false);
        }
    }

    private async Task<(HttpStatusCode Status, string Message)> SendAsync(string database, ReadOnlyMemory<byte> body)
    {
        using var content = new ReadOnlyMemoryContent(body);
        using var response = await Http.PostAsync($"write?db={database}&precision=ns", content).ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.NoContent
            ? (response.StatusCode, "")
            : (response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    /// <summary>
    /// What the server holds of the <c>sensor</c> measurement: the count of each field and the sum of <c>battery</c>.
    /// </summary>
    public SensorTotals Totals(string database)
    {
        using var json = Execute("SELECT COUNT(battery), SUM(battery), COUNT(humidity), COUNT(status), COUNT(temperature) FROM sensor", database);
        var result = json.RootElement.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var series)) return default;
        var values = series[0].GetProperty("values")[0];
        return new SensorTotals(values[1].GetInt64(), values[2].GetInt64(), values[3].GetInt64(), values[4].GetInt64(), values[5].GetInt64());
    }

    // InfluxQL through this class's client: the kit's own gives up after 30 s, which a count over a million points can
    // take on a busy machine.
    private JsonDocument Execute(string influxql, string? database)
    {
        var form = new Dictionary<string, string> { ["q"] = influxql };
        if (database is not null) form["db"] = database;
        using var response = Http.PostAsync("query", new FormUrlEncodedContent(form)).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var json = JsonDocument.Parse(body);
        if (!response.IsSuccessStatusCode || json.RootElement.GetProperty("results")[0].TryGetProperty("error", out _))
        {
            json.Dispose();
            throw new InvalidOperationException($"influxd answered {(int)response.StatusCode} to '{influxql}': {body}");
        }
        return json;
    }

    /// <summary>Stops the server and deletes its folder.</summary>
    public void Dispose()
    {
        Http.Dispose();
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    // influxd runs under the kit's watchdog shell; its own command line names the configuration in this server's folder.
    private static int? FindInfluxd(string configPath)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) continue;
            string[] args;
            try
            {
                args = File.ReadAllText(Path.Combine(dir, "cmdline"), Encoding.UTF8).Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            if (args.Length >= 3 && Path.GetFileName(args[0]) == "influxd" && args.Contains(configPath)) return pid;
        }
        return null;
    }
}

/// <summary>Field counts and the battery sum of the <c>sensor</c> points a server holds.</summary>
public readonly record struct SensorTotals(long Battery, long BatterySum, long Humidity, long Status, long Temperature)
{
    /// <summary>The totals of <paramref name="points"/>.</summary>
    public static SensorTotals Of(IReadOnlyList<Models.SensorPoint> points) =>
        new(points.Count, points.Sum(p => p.Battery), points.Count, points.Count, points.Count);
}
