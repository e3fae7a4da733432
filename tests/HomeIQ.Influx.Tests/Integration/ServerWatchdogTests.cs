using System.Diagnostics;
using System.Globalization;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Tests.Integration;

/// <summary>
/// The watchdog every private server runs under (<c>ServerProcess</c>), tested with stand-ins: a short-lived shell as
/// the test host and a script that records its pid as the server. Seen on this machine before these tests: watchdog
/// shells and influxd children left in state T (stopped), orphaned to pid 1. The watchdog now runs in a session of its
/// own with no terminal and the server's stdin from /dev/null; it stops the server when its host is gone, even a
/// stopped server; and the kit no longer kills process trees at exit (Process.Kill(entireProcessTree) sends SIGSTOP
/// first, which left them stopped when the host ended in between), it sends the watchdog SIGTERM.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServerWatchdogTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("homeiq-watchdog-");

    public ServerWatchdogTests()
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("The test server kit runs its servers under /bin/sh and reads /proc.");
    }

    [Fact]
    public async Task TheWatchdogStopsTheServerAndDeletesItsFolderWhenTheTestHostIsGone()
    {
        var root = _work.CreateSubdirectory("server");
        var (watchdog, server, host) = await StartUnderStandInHostAsync(root.FullName, stopItself: false, hostSeconds: 2);
        using var standInHost = host;

        await WaitUntilGoneAsync(watchdog, "the watchdog");
        await WaitUntilGoneAsync(server, "the stand-in server");
        Assert.False(Directory.Exists(root.FullName), "the server's folder was not deleted");
    }

    [Fact]
    public async Task AStoppedServerCannotOutliveItsTestHost()
    {
        var root = _work.CreateSubdirectory("server");
        var (watchdog, server, host) = await StartUnderStandInHostAsync(root.FullName, stopItself: true, hostSeconds: 2);
        using var standInHost = host;
        Assert.Equal('T', await WaitForStateAsync(server, 'T'));

        await WaitUntilGoneAsync(watchdog, "the watchdog");
        await WaitUntilGoneAsync(server, "the stopped stand-in server");
    }

    [Fact]
    public async Task TheWatchdogHasNoTerminalItsServerReadsDevNullAndJobControlCannotStopThem()
    {
        var root = _work.CreateSubdirectory("server");
        var (watchdog, server, host) = await StartUnderStandInHostAsync(root.FullName, stopItself: false, hostSeconds: 30);
        using var standInHost = host;
        try
        {
            var stat = Stat(watchdog)!;
            Assert.Equal(watchdog, stat.Session); // its own session: setsid
            Assert.Equal(0, stat.TerminalNumber); // no controlling terminal
            Assert.Equal("/dev/null", (await File.ReadAllTextAsync(Path.Combine(root.FullName, "stdin"))).Trim());

            // What a shell with job control sends a background group that touches the terminal. In a session of its own
            // the group is orphaned, and the kernel discards these stop signals for it.
            foreach (var signal in new[] { "TTIN", "TTOU", "TSTP" })
                Run("/bin/kill", $"-{signal}", "--", $"-{stat.ProcessGroup}");
            await Task.Delay(500);

            Assert.NotEqual('T', Stat(watchdog)?.State);
            Assert.NotEqual('T', Stat(server)?.State);
        }
        finally
        {
            Run("/bin/kill", "-TERM", watchdog.ToString(CultureInfo.InvariantCulture));
            await WaitUntilGoneAsync(watchdog, "the watchdog");
            await WaitUntilGoneAsync(server, "the stand-in server (after the watchdog got SIGTERM)");
            // The stand-in host would sleep on for the rest of its 30 s: end it, so the test leaves nothing running.
            host.Kill();
            await host.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task SIGTERMToTheWatchdogWhatTheKitSendsWhenTheTestProcessExitsStopsTheServerAndDeletesItsFolder()
    {
        var root = _work.CreateSubdirectory("server");
        var (fake, serverPidFile, terminated) = GracefulFakeServer();
        var watchdog = ServerProcess.Start(root.FullName, Path.Combine(_work.FullName, "log"), fake, []);
        int server = await ReadPidAsync(serverPidFile);

        Run("/bin/kill", "-TERM", watchdog.Id.ToString(CultureInfo.InvariantCulture));
        await watchdog.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(40)).Token);

        Assert.Equal(143, watchdog.ExitCode);
        Assert.True(File.Exists(terminated), "the server was not stopped with SIGTERM");
        await WaitUntilGoneAsync(server, "the stand-in server");
        Assert.False(Directory.Exists(root.FullName), "the server's folder was not deleted");
        await ServerProcess.StopAsync(watchdog);
    }

    public void Dispose()
    {
        try { _work.Delete(recursive: true); }
        catch (IOException) { }
    }

    // A stand-in test host (a shell that lives hostSeconds) starts the watchdog as its child, exactly as the kit does
    // (same command line), with a stand-in server that records its pid and stdin and optionally stops itself. The host
    // execs its sleep, so the returned process is the whole host (no orphaned sleep when a test ends it early).
    private async Task<(int Watchdog, int Server, Process Host)> StartUnderStandInHostAsync(string root, bool stopItself, int hostSeconds)
    {
        var fake = Path.Combine(_work.FullName, "fake-server");
        var serverPidFile = Path.Combine(_work.FullName, "server.pid");
        var watchdogPidFile = Path.Combine(_work.FullName, "watchdog.pid");
        await File.WriteAllTextAsync(fake,
            $"#!/bin/sh\nreadlink /proc/$$/fd/0 > '{root}/stdin'\necho $$ > '{serverPidFile}'\n{(stopItself ? "kill -STOP $$\n" : "")}exec sleep 300\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        // The kit's own command line for the watchdog, with the stand-in host's pid ($$) as the pid to watch.
        var watchdogStart = ServerProcess.CreateWatchdogStart(0, root, fake, []);
        var arguments = watchdogStart.ArgumentList.ToList();
        int hostPidIndex = arguments.IndexOf("server-watchdog") + 1;
        var command = string.Join(' ', new[] { watchdogStart.FileName }.Concat(arguments).Select((a, i) => i == hostPidIndex + 1 ? "\"$$\"" : Quote(a)));
        var host = new ProcessStartInfo("/bin/sh", ["-c", $"{command} & echo $! > '{watchdogPidFile}'; exec sleep {hostSeconds}"])
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var standIn = Process.Start(host)!;
        standIn.StandardInput.Close();

        int watchdog = await ReadPidAsync(watchdogPidFile), server = await ReadPidAsync(serverPidFile);
        return (watchdog, server, standIn);
    }

    // A stand-in server that records its pid, and on SIGTERM a file saying so (outside its folder, which may be deleted).
    private (string Fake, string PidFile, string Terminated) GracefulFakeServer()
    {
        var fake = Path.Combine(_work.FullName, "graceful-server");
        var pidFile = Path.Combine(_work.FullName, "graceful.pid");
        var terminated = Path.Combine(_work.FullName, "terminated");
        File.WriteAllText(fake, $"#!/bin/sh\ntrap 'echo yes > \"{terminated}\"; exit 0' TERM\necho $$ > '{pidFile}'\nwhile :; do sleep 1; done\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (fake, pidFile, terminated);
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<int> ReadPidAsync(string file)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (File.Exists(file) && int.TryParse((await File.ReadAllTextAsync(file)).Trim(), CultureInfo.InvariantCulture, out var pid)) return pid;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{file} was not written within 30 s.");
    }

    private static async Task<char?> WaitForStateAsync(int pid, char state)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10) && Stat(pid)?.State != state) await Task.Delay(50);
        return Stat(pid)?.State;
    }

    // Gone, or a zombie waiting for its new parent to reap it: either way no longer running.
    private static async Task WaitUntilGoneAsync(int pid, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(40))
        {
            if (Stat(pid) is not { } stat || stat.State is 'Z' or 'X') return;
            await Task.Delay(100);
        }
        Assert.Fail($"{what} (pid {pid}) still runs 40 s later, in state {Stat(pid)?.State}.");
    }

    private sealed record ProcStat(char State, int ProcessGroup, int Session, int TerminalNumber);

    // /proc/<pid>/stat: "pid (comm) state ppid pgrp session tty_nr ..."; comm may hold spaces, so split after the last ')'.
    private static ProcStat? Stat(int pid)
    {
        string text;
        try { text = File.ReadAllText($"/proc/{pid}/stat"); }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcStat(fields[0][0], int.Parse(fields[2], CultureInfo.InvariantCulture), int.Parse(fields[3], CultureInfo.InvariantCulture), int.Parse(fields[4], CultureInfo.InvariantCulture));
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardInput = true })!;
        process.StandardInput.Close();
        process.WaitForExit();
    }
}
