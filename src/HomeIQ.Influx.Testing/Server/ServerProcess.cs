using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// Runs a test server's process privately, the one implementation behind <see cref="InfluxServer"/> and
/// <see cref="VictoriaMetricsServer"/>: found through an explicit path, an environment variable or the PATH; on free
/// loopback ports; its output in a log file; under a small shell watchdog that stops it and deletes its temporary folder
/// when the test process is gone. A ProcessExit handler is not enough on its own: the test runner may end the test host
/// without running it (orphaned servers were seen here).
/// </summary>
/// <remarks>
/// Seen here: watchdog shells and servers left behind in state T (stopped), orphaned to pid 1, after test runs. The
/// cause was the kit's own kill at exit: <c>Process.Kill(entireProcessTree: true)</c> sends SIGSTOP to a process before
/// it lists its children and sends SIGKILL (dotnet/runtime Process.Unix.cs <c>KillTree</c>), and a test host that is
/// ended in between leaves the process stopped for good, where no watchdog can act. So the kit no longer kills trees at
/// exit: it sends the watchdog SIGTERM, and the watchdog stops its server itself. Beyond that, the watchdog runs in a
/// session of its own (<c>setsid</c>) with no terminal and stdin from <c>/dev/null</c>: in that orphaned process group the
/// kernel discards the job-control stops (SIGTTIN/SIGTTOU/SIGTSTP) a shell with job control would otherwise send a
/// background group that touches the terminal.
/// </remarks>
internal static class ServerProcess
{
    private const string SetsidPath = "/usr/bin/setsid";

    /// <summary>A loopback port no one listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Finds an executable: <paramref name="explicitPath"/> (an option) first, then the path in the environment variable
    /// <paramref name="variable"/>, then <paramref name="name"/> in the folders of <paramref name="searchPath"/> (PATH) and
    /// <paramref name="alsoLookIn"/>. An explicit path or variable that names no file is an error, not a fallback: the user
    /// meant that binary.
    /// </summary>
    /// <exception cref="InvalidOperationException">The option or the variable points at no file.</exception>
    public static string? Find(string name, string? explicitPath, string optionName, string variable, Func<string, string?> getVariable, string? searchPath, IEnumerable<string> alsoLookIn)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return File.Exists(explicitPath) ? explicitPath
                : throw new InvalidOperationException($"{optionName} is '{explicitPath}', but there is no file there. Point it at the {name} executable.");
        }
        if (getVariable(variable) is { } fromVariable && !string.IsNullOrWhiteSpace(fromVariable))
        {
            return File.Exists(fromVariable) ? fromVariable
                : throw new InvalidOperationException($"The environment variable {variable} is '{fromVariable}', but there is no file there. Point it at the {name} executable, or unset it to search the PATH.");
        }
        foreach (var dir in (searchPath ?? "").Split(Path.PathSeparator).Concat(alsoLookIn))
        {
            if (dir.Length == 0) continue;
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Starts <paramref name="executable"/> under the watchdog, its stdout and stderr appended to <paramref name="logPath"/>.</summary>
    public static Process Start(string rootDirectory, string logPath, string executable, IEnumerable<string> arguments)
    {
        var start = CreateWatchdogStart(Environment.ProcessId, rootDirectory, executable, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var log = new LogFile(logPath);
        process.OutputDataReceived += (_, e) => log.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        process.Exited += (_, _) => log.Close();
        process.Start();
        // stdin is a pipe closed at once: nothing the watchdog starts can read the test host's terminal.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (s_running) s_running.Add(process);
        return process;
    }

    /// <summary>
    /// The command line of the watchdog for a test host <paramref name="hostProcessId"/>: <c>setsid</c> (where it exists)
    /// runs <c>/bin/sh -c</c> <see cref="WatchdogScript"/> in a new session. The watchdog must be a child of that host:
    /// it watches its own parent.
    /// </summary>
    internal static ProcessStartInfo CreateWatchdogStart(int hostProcessId, string rootDirectory, string executable, IEnumerable<string> arguments)
    {
        bool setsid = File.Exists(SetsidPath);
        var start = new ProcessStartInfo(setsid ? SetsidPath : "/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        if (setsid) start.ArgumentList.Add("/bin/sh");
        foreach (var argument in new[] { "-c", WatchdogScript, "server-watchdog", hostProcessId.ToString(CultureInfo.InvariantCulture), rootDirectory, executable }.Concat(arguments))
            start.ArgumentList.Add(argument);
        return start;
    }

    /// <summary>
    /// Creates a server object on a new temporary folder (<paramref name="prefix"/> plus a unique part) and starts it;
    /// a server that does not come up is disposed (process stopped, folder deleted) before the exception goes on.
    /// </summary>
    public static async Task<T> StartInTemporaryFolderAsync<T>(string prefix, Func<string, T> create, Func<T, CancellationToken, Task> start, CancellationToken cancellationToken)
        where T : IAsyncDisposable
    {
        var root = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var server = create(root);
        try
        {
            await start(server, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Polls <paramref name="path"/> every 100 ms until <paramref name="ready"/> accepts an answer (returned, undisposed),
    /// the process exits, or 60 s pass; the last two throw with the end of the server's log.
    /// </summary>
    public static async Task<HttpResponseMessage> WaitUntilReadyAsync(Process process, HttpClient http, string path, Func<HttpResponseMessage, bool> ready, string name, Func<string> logTail, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new InvalidOperationException($"{name} exited with code {process.ExitCode} while starting. Its log:\n{logTail()}");
            try
            {
                var response = await http.GetAsync(path, cancellationToken).ConfigureAwait(false);
                if (ready(response)) return response;
                response.Dispose();
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
                throw new InvalidOperationException($"{name} did not answer {path} within 60 s. Its log:\n{logTail()}");
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Kills the watchdog and the server at once (an outage, as tests of restarts want it) and waits for them to exit;
    /// the server's folder stays for a restart. A tree kill stops each process before killing it, which is harmless
    /// here, where this process goes on to finish it (unlike at process exit, see below).
    /// </summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        lock (s_running) s_running.Remove(process);
        process.Dispose();
    }

    /// <summary>The last lines of a server's log, for failure messages.</summary>
    public static string ReadLogTail(string logPath, int lines)
    {
        try
        {
            using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>
    /// $1 the test host's process id (the watchdog's parent), $2 the server's temporary folder, then the server's command
    /// line. The server gets stdin from /dev/null. Exits with the server's exit code when it ends by itself (so a failed
    /// start reports it). When the test host is gone (the watchdog's parent is no longer $1: it was re-parented, which no
    /// reuse of the pid can fake) or the watchdog gets SIGHUP/SIGINT/SIGTERM, it stops the server (TERM, and CONT in case it
    /// is stopped; KILL after 10 s) and deletes the folder.
    /// </summary>
    internal const string WatchdogScript = """
        parent="$1"; root="$2"; shift 2
        exec </dev/null
        "$@" &
        child=$!
        host_alive() {
          if [ -r "/proc/$$/stat" ]; then
            read -r _ _ _ ppid _ < "/proc/$$/stat"
            [ "$ppid" = "$parent" ]
          else
            kill -0 "$parent" 2>/dev/null
          fi
        }
        stop_server() {
          kill -TERM "$child" 2>/dev/null
          kill -CONT "$child" 2>/dev/null
          n=0
          while kill -0 "$child" 2>/dev/null && [ "$n" -lt 10 ]; do sleep 1; n=$((n + 1)); done
          kill -KILL "$child" 2>/dev/null
          wait "$child" 2>/dev/null
          rm -rf "$root"
        }
        trap 'stop_server; exit 143' HUP INT TERM
        while host_alive; do
          if ! kill -0 "$child" 2>/dev/null; then wait "$child"; exit $?; fi
          sleep 1
        done
        stop_server
        """;

    // Servers still running when the test process ends get SIGTERM: their watchdogs stop them and delete their folders,
    // in their own sessions, after this process is gone. Not Process.Kill(entireProcessTree: true): on Unix it sends
    // SIGSTOP to each process before SIGKILL, and a test host that ends in between leaves them stopped (state T) for good
    // (seen here: watchdogs in state T with a running influxd, orphaned to pid 1, after test runs).
    private static readonly HashSet<Process> s_running = CreateRunningSet();

    private const int SigTerm = 15;

    private static HashSet<Process> CreateRunningSet()
    {
        var set = new HashSet<Process>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (set)
            {
                foreach (var p in set)
                {
                    try { if (!p.HasExited) Signal(p.Id, SigTerm); }
                    catch (InvalidOperationException) { }
                }
            }
        };
        return set;
    }

    private static bool Signal(int processId, int signal) => OperatingSystem.IsLinux() && NativeMethods.Kill(processId, signal) == 0;

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int processId, int signal);
    }

    /// <summary>
    /// The server's log. Output lines can still arrive after <see cref="Process.Exited"/> (the reader threads drain
    /// the pipes on their own), so a late line is dropped rather than written to a closed file: a write to a disposed
    /// writer on a thread-pool thread would crash the whole test host.
    /// </summary>
    internal sealed class LogFile(string path)
    {
        private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };
        private bool _closed;

        public void WriteLine(string? line)
        {
            if (line is null) return;
            lock (_writer)
            {
                if (_closed) return;
                // An exception here would escape on a thread-pool thread and end the test host; a log line is not worth that.
                try { _writer.WriteLine(line); }
                catch (IOException) { }
            }
        }

        public void Close()
        {
            lock (_writer)
            {
                _closed = true;
                _writer.Dispose();
            }
        }
    }
}
