using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// Runs a test server's process privately: on free loopback ports, its output in a log file, under a small shell
/// watchdog that kills it and deletes its temporary folder when the test process is gone. A ProcessExit handler is not
/// enough on its own: the test runner may end the test host without running it (orphaned servers were seen here).
/// </summary>
/// <remarks>Used by <see cref="VictoriaMetricsServer"/>; <see cref="InfluxServer"/> still has its own copy of the same steps.</remarks>
internal static class ServerProcess
{
    /// <summary>A loopback port no one listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <paramref name="executable"/> under the watchdog, its stdout and stderr appended to <paramref name="logPath"/>.</summary>
    public static Process Start(string rootDirectory, string logPath, string executable, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-c", WatchdogScript, "server-watchdog", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), rootDirectory, executable }.Concat(arguments))
            start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var log = new LogFile(logPath);
        process.OutputDataReceived += (_, e) => log.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) => log.WriteLine(e.Data);
        process.Exited += (_, _) => log.Close();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (s_running) s_running.Add(process);
        return process;
    }

    /// <summary>Kills the watchdog and the server and waits for them to exit.</summary>
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

    // $1 test process id, $2 the server's temporary folder, then the command line. Exits with the server's exit code
    // when it ends by itself (so a failed start reports it); kills it and deletes the folder when the test process ends.
    private const string WatchdogScript = """
        parent="$1"; root="$2"; shift 2
        "$@" &
        child=$!
        while kill -0 "$parent" 2>/dev/null; do
          if ! kill -0 "$child" 2>/dev/null; then wait "$child"; exit $?; fi
          sleep 1
        done
        kill "$child" 2>/dev/null
        wait "$child" 2>/dev/null
        rm -rf "$root"
        """;

    // Servers still running when the test process ends are killed.
    private static readonly HashSet<Process> s_running = CreateRunningSet();

    private static HashSet<Process> CreateRunningSet()
    {
        var set = new HashSet<Process>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (set)
            {
                foreach (var p in set)
                {
                    try { if (!p.HasExited) p.Kill(entireProcessTree: true); }
                    catch (InvalidOperationException) { }
                }
            }
        };
        return set;
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
                if (!_closed) _writer.WriteLine(line);
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
