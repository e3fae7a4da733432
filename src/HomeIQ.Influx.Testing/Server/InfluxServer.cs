using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// A private, real InfluxDB 1.x server (<c>influxd</c>) on free loopback ports, with its data, WAL and meta folders in a
/// temporary folder. Tests start one, create databases on it, and dispose it (which stops the process and deletes the
/// folder). <see cref="StopAsync"/> and <see cref="StartAsync"/> restart the same server on the same data and port.
/// </summary>
/// <remarks>
/// The kit runs the <c>influxd</c> of InfluxDB 1.x (Debian and Ubuntu: <c>apt-get install influxdb</c>), found through
/// <see cref="InfluxServerOptions.InfluxdPath"/>, the <c>INFLUXD_PATH</c> environment variable, or the PATH. The
/// server runs under a watchdog that stops it when the test process ends, however it ends.
/// </remarks>
public sealed class InfluxServer : IAsyncDisposable
{
    private static readonly Lazy<Task<InfluxServer>> s_shared = new(() => StartNewAsync(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _influxd;
    private readonly string _configPath;
    private readonly string _logPath;
    private readonly HttpClient _http;
    private readonly InfluxServerOptions _options;
    private Process? _process;
    private int _databaseCounter;

    private InfluxServer(string influxd, string root, int httpPort, int rpcPort, InfluxServerOptions? options = null)
    {
        _options = options ?? new InfluxServerOptions();
        if (_options.AuthEnabled) AdminPassword = _options.AdminPassword ?? "pw-" + Guid.NewGuid().ToString("N");
        _influxd = influxd;
        RootDirectory = root;
        HttpPort = httpPort;
        RpcPort = rpcPort;
        Url = new Uri($"http://127.0.0.1:{httpPort}");
        _configPath = Path.Combine(root, "influxdb.conf");
        _logPath = Path.Combine(root, "influxd.log");
        _http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public Uri Url { get; }

    /// <summary>The loopback port of the HTTP API.</summary>
    public int HttpPort { get; }

    /// <summary>The loopback port of the RPC (backup) service.</summary>
    public int RpcPort { get; }

    /// <summary>The temporary folder that holds the configuration, the data and the server's log.</summary>
    public string RootDirectory { get; }

    /// <summary>The version the server reported in <c>X-Influxdb-Version</c> when it answered its first ping.</summary>
    public string? Version { get; private set; }

    /// <summary>Whether the server requires credentials (<see cref="InfluxServerOptions.AuthEnabled"/>).</summary>
    public bool AuthEnabled => _options.AuthEnabled;

    /// <summary>The admin user when <see cref="AuthEnabled"/> (else <see langword="null"/>).</summary>
    public string? AdminUser => _options.AuthEnabled ? _options.AdminUser : null;

    /// <summary>The admin user's password when <see cref="AuthEnabled"/> (else <see langword="null"/>); a test credential, never a real one.</summary>
    public string? AdminPassword { get; }

    /// <summary>Whether the server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// One server shared by every test in the process, started on first use and killed when the process exits. Tests
    /// that stop or restart a server must start their own with <see cref="StartNewAsync(CancellationToken)"/>.
    /// </summary>
    public static Task<InfluxServer> SharedAsync() => s_shared.Value;

    /// <summary>
    /// Finds the <c>influxd</c> binary: the <c>INFLUXD_PATH</c> environment variable, else <c>influxd</c> on the PATH, in
    /// <c>/usr/bin</c> or in <c>/usr/local/bin</c>; <see langword="null"/> when there is none.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>INFLUXD_PATH</c> is set but names no file.</exception>
    public static string? FindInfluxd() => FindInfluxd(null, Environment.GetEnvironmentVariable, Environment.GetEnvironmentVariable("PATH"), s_defaultFolders);

    private static readonly string[] s_defaultFolders = ["/usr/bin", "/usr/local/bin"];

    // The search itself, with the option, the environment and the folders as parameters so that a test can look where
    // influxd is not.
    internal static string? FindInfluxd(InfluxServerOptions? options, Func<string, string?> getVariable, string? searchPath, IEnumerable<string> alsoLookIn) =>
        ServerProcess.Find("influxd", options?.InfluxdPath, "InfluxServerOptions.InfluxdPath", InfluxServerOptions.InfluxdPathVariable, getVariable, searchPath, alsoLookIn);

    /// <summary>
    /// What every test that needs a server reports when <c>influxd</c> is missing (they fail, never pass or skip). It
    /// speaks to someone who installed the package: how to install InfluxDB 1.x, or how to point the kit at a binary.
    /// </summary>
    internal const string MissingInfluxdMessage =
        "influxd (the InfluxDB 1.x server) was not found: INFLUXD_PATH is not set, and there is no influxd on the PATH, in " +
        "/usr/bin or in /usr/local/bin. HomeIQ.Influx.Testing starts a private, real InfluxDB 1.x for integration tests and " +
        "needs that binary. Install InfluxDB 1.x (Debian or Ubuntu: sudo apt-get install influxdb; other systems: the " +
        "InfluxDB 1.x OSS download from InfluxData, which contains influxd), or point the kit at a binary with the " +
        "INFLUXD_PATH environment variable or InfluxServerOptions.InfluxdPath.";

    /// <summary>Starts a new private server and waits until it answers <c>/ping</c>.</summary>
    /// <exception cref="InvalidOperationException"><c>influxd</c> is not installed (the message says how to install it or point at it), or the server did not come up (the message holds its log).</exception>
    public static Task<InfluxServer> StartNewAsync(CancellationToken cancellationToken = default) => StartNewAsync(new InfluxServerOptions(), cancellationToken);

    /// <summary>
    /// Starts a new private server as <paramref name="options"/> say (for example with authentication on) and waits until
    /// it answers <c>/ping</c>; with authentication, its admin user exists when this completes.
    /// </summary>
    /// <exception cref="InvalidOperationException"><c>influxd</c> is not found (the message says how to install it or point at it), or the server did not come up (the message holds its log).</exception>
    public static Task<InfluxServer> StartNewAsync(InfluxServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return StartFromAsync(FindInfluxd(options, Environment.GetEnvironmentVariable, Environment.GetEnvironmentVariable("PATH"), s_defaultFolders), cancellationToken, options);
    }

    internal static Task<InfluxServer> StartFromAsync(string? influxd, CancellationToken cancellationToken, InfluxServerOptions? options = null)
    {
        if (influxd is null) throw new InvalidOperationException(MissingInfluxdMessage);
        return ServerProcess.StartInTemporaryFolderAsync("homeiq-influxd-",
            root => new InfluxServer(influxd, root, ServerProcess.FreeLoopbackPort(), ServerProcess.FreeLoopbackPort(), options),
            static async (server, token) =>
            {
                await server.WriteConfigAsync(token).ConfigureAwait(false);
                await server.StartAsync(token).ConfigureAwait(false);
                if (server.AuthEnabled) await server.CreateAdminAsync(token).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>Starts the server process (again) on the same data and ports, and waits for <c>/ping</c>.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning) return;
        // influxd runs under ServerProcess's watchdog, which stops it (and deletes the temporary folder) when the test
        // process is gone. Stopping the server kills the whole tree, watchdog and influxd, and keeps the data for a restart.
        var process = ServerProcess.Start(RootDirectory, _logPath, _influxd, ["-config", _configPath]);
        _process = process;

        using var ping = await ServerProcess.WaitUntilReadyAsync(process, _http, "/ping", static r => r.StatusCode == HttpStatusCode.NoContent, "influxd",
            () => ReadLogTail(), cancellationToken).ConfigureAwait(false);
        Version = ping.Headers.TryGetValues("X-Influxdb-Version", out var v) ? v.FirstOrDefault() : null;
    }

    /// <summary>Stops the server process (kills it and its watchdog) and waits for it to exit; the data stays.</summary>
    public async Task StopAsync()
    {
        var process = _process;
        if (process is null) return;
        _process = null;
        await ServerProcess.StopAsync(process).ConfigureAwait(false);
    }

    /// <summary>Creates a database with a unique name (prefix plus a counter) and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _databaseCounter)}_{Guid.NewGuid().ToString("N")[..8]}";
        await ExecuteAsync($"CREATE DATABASE \"{name}\"", null, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Drops a database.</summary>
    public Task DropDatabaseAsync(string name, CancellationToken cancellationToken = default) =>
        ExecuteAsync($"DROP DATABASE \"{name.Replace("\"", "\\\"", StringComparison.Ordinal)}\"", null, cancellationToken);

    /// <summary>Writes raw line protocol through <c>POST /write</c>; throws with the server's message on failure.</summary>
    public async Task WriteLineProtocolAsync(string database, string lines, string precision = "ns", CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(lines, Encoding.UTF8);
        using var response = await _http.PostAsync($"/write?db={Uri.EscapeDataString(database)}&precision={precision}", content, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"Write failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}");
    }

    /// <summary>Runs an InfluxQL statement through <c>POST /query</c> and returns the JSON response (with <c>epoch=ns</c> times).</summary>
    /// <exception cref="InvalidOperationException">The server answered with an error.</exception>
    public async Task<JsonDocument> ExecuteAsync(string influxql, string? database = null, CancellationToken cancellationToken = default)
    {
        var form = new Dictionary<string, string> { ["q"] = influxql, ["epoch"] = "ns" };
        if (database is not null) form["db"] = database;
        using var content = new FormUrlEncodedContent(form);
        using var response = await _http.PostAsync("/query", content, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Query failed with {(int)response.StatusCode}: {body}");
        var json = JsonDocument.Parse(body);
        foreach (var result in json.RootElement.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                json.Dispose();
                throw new InvalidOperationException($"Query '{influxql}' failed: {error.GetString()}");
            }
        }
        return json;
    }

    /// <summary>Runs a query and returns the rows of the first series as column-name to JSON value maps (empty when none).</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, JsonElement>>> QueryRowsAsync(string database, string influxql, CancellationToken cancellationToken = default)
    {
        using var json = await ExecuteAsync(influxql, database, cancellationToken).ConfigureAwait(false);
        var rows = new List<IReadOnlyDictionary<string, JsonElement>>();
        var result = json.RootElement.GetProperty("results")[0];
        if (!result.TryGetProperty("series", out var seriesList)) return rows;
        foreach (var series in seriesList.EnumerateArray())
        {
            var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
            var seriesTags = series.TryGetProperty("tags", out var t) ? t.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()) : [];
            foreach (var values in series.GetProperty("values").EnumerateArray())
            {
                var row = new Dictionary<string, JsonElement>(seriesTags);
                int i = 0;
                foreach (var value in values.EnumerateArray()) row[columns[i++]] = value.Clone();
                rows.Add(row);
            }
        }
        return rows;
    }

    /// <summary>The last lines of the server's log, for failure messages.</summary>
    public string ReadLogTail(int lines = 40) => ServerProcess.ReadLogTail(_logPath, lines);

    /// <summary>Stops the server and deletes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _http.Dispose();
        try { Directory.Delete(RootDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    // Takes `influxd config` (the packaged defaults) and points every folder and port at this instance.
    private async Task WriteConfigAsync(CancellationToken cancellationToken)
    {
        var defaults = await RunInfluxdConfigAsync(cancellationToken).ConfigureAwait(false);
        var output = new StringBuilder();
        string section = "";
        foreach (var raw in defaults.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.StartsWith('[')) section = trimmed;
            string? key = trimmed.Contains('=', StringComparison.Ordinal) ? trimmed[..trimmed.IndexOf('=', StringComparison.Ordinal)].Trim() : null;
            string? replacement = (section, key) switch
            {
                ("", "reporting-enabled") => "reporting-enabled = false",
                ("", "reporting-disabled") => "reporting-disabled = true",
                ("", "bind-address") => $"bind-address = \"127.0.0.1:{RpcPort}\"",
                ("[meta]", "dir") => $"  dir = \"{Path.Combine(RootDirectory, "meta")}\"",
                ("[data]", "dir") => $"  dir = \"{Path.Combine(RootDirectory, "data")}\"",
                ("[data]", "wal-dir") => $"  wal-dir = \"{Path.Combine(RootDirectory, "wal")}\"",
                ("[data]", "query-log-enabled") => "  query-log-enabled = false",
                ("[monitor]", "store-enabled") => "  store-enabled = false",
                ("[http]", "bind-address") => $"  bind-address = \"127.0.0.1:{HttpPort}\"",
                ("[http]", "auth-enabled") => $"  auth-enabled = {(_options.AuthEnabled ? "true" : "false")}",
                ("[http]", "log-enabled") => "  log-enabled = false",
                ("[http]", "pprof-enabled") => "  pprof-enabled = false",
                ("[http]", "unix-socket-enabled") => "  unix-socket-enabled = false",
                ("[http]", "bind-socket") => $"  bind-socket = \"{Path.Combine(RootDirectory, "influxd.sock")}\"",
                _ => null,
            };
            output.Append(replacement ?? line).Append('\n');
        }
        await File.WriteAllTextAsync(_configPath, output.ToString(), cancellationToken).ConfigureAwait(false);
    }

    // With no user yet, an auth-enabled influxd accepts exactly one statement without credentials: creating the admin.
    // From then on the kit's own requests sign in as that admin.
    private async Task CreateAdminAsync(CancellationToken cancellationToken)
    {
        var user = InfluxQLIdentifier(_options.AdminUser);
        await ExecuteAsync($"CREATE USER {user} WITH PASSWORD '{AdminPassword!.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}' WITH ALL PRIVILEGES", null, cancellationToken).ConfigureAwait(false);
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AdminUser}:{AdminPassword}")));
    }

    private static string InfluxQLIdentifier(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private async Task<string> RunInfluxdConfigAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_influxd, ["config"]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0) throw new InvalidOperationException($"'influxd config' failed: {await stderr.ConfigureAwait(false)}");
        return await stdout.ConfigureAwait(false);
    }
}
