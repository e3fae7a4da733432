using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using HomeIQ.Influx.Testing;
using HomeIQ.Influx.Writer.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Writer.Tests.LoudFailures;

/// <summary>
/// Real processes stopped the way users stop them (issue 14): a plain console app hit with Ctrl-C (SIGINT) or SIGTERM
/// while its writer holds points, one that returns from Main without disposing its writer, and a generic host stopped
/// during an outage. The test sends the signal and counts what arrived; the child has no logger (the console app) and no
/// handler. See tests/HomeIQ.Influx.Writer.StopChild.
/// </summary>
public sealed partial class ProcessStopTests(ITestOutputHelper output)
{
    private const int Points = 3_000;

    [Theory]
    [InlineData("SIGTERM")]
    [InlineData("SIGINT")]
    public async Task AConsoleAppStoppedBySignalWritesEveryBufferedPointFirst(string signal)
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("sig");
        var run = signal.ToLowerInvariant();
        await using var child = ChildProcess.Start(output, "console", server.Url, database, run, Points, "wait", "true", "5000");
        Assert.Equal(Points, await child.AcceptedAsync());
        var exit = await child.SignalAsync(signal);

        Assert.Equal(signal == "SIGTERM" ? 143 : 130, exit); // the signal still ends the process, as it would have
        Assert.Equal(Points, await StoredAsync(server, database, run));
        Assert.DoesNotContain("HomeIQ.Influx", child.Error, StringComparison.Ordinal); // nothing to report
    }

    [Fact]
    public async Task AConsoleAppThatReturnsWithoutDisposingItsWriterStillWritesEveryPoint()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("ret");
        await using var child = ChildProcess.Start(output, "console", server.Url, database, "return", Points, "return", "true", "5000");
        Assert.Equal(Points, await child.AcceptedAsync());
        Assert.Equal(0, await child.ExitAsync());
        Assert.Equal(Points, await StoredAsync(server, database, "return"));
    }

    [Fact]
    public async Task WhenTheServerIsDownTheSignalledConsoleAppSaysExactlyHowManyPointsItCouldNotWrite()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("sigdown");
        await using var proxy = new FaultInjectingProxy(server.Url) { Outage = true };
        await using var child = ChildProcess.Start(output, "console", proxy.Url, database, "down", Points, "wait", "true", "2000");
        Assert.Equal(Points, await child.AcceptedAsync());
        var clock = Stopwatch.StartNew();
        Assert.Equal(143, await child.SignalAsync("SIGTERM"));
        output.WriteLine($"stopped {clock.Elapsed.TotalSeconds:F1} s after SIGTERM (ProcessExitTimeout 2 s)");

        // Stored + reported = written: nothing arrived, and standard error gives the exact count and why.
        long stored = await StoredAsync(server, database, "down");
        var reported = CouldNotWrite().Match(child.Error);
        Assert.True(reported.Success, "no count on standard error: " + child.Error);
        Assert.Equal(Points, stored + long.Parse(reported.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        Assert.Contains("ProcessExitTimeout", child.Error, StringComparison.Ordinal);
        Assert.Contains("SIGTERM", child.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithFlushOnProcessExitOffTheBufferedPointsAreNotWrittenOnSigterm()
    {
        // The switch really switches: the process dies holding the points, as before issue 14.
        var (server, database) = await WriterKit.NewDatabaseAsync("sigoff");
        await using var child = ChildProcess.Start(output, "console", server.Url, database, "off", Points, "wait", "false", "5000");
        Assert.Equal(Points, await child.AcceptedAsync());
        Assert.Equal(143, await child.SignalAsync("SIGTERM"));
        Assert.Equal(0, await StoredAsync(server, database, "off"));
    }

    [Fact]
    public async Task AHostStoppedDuringAnOutageStopsWithinItsShutdownTimeoutExitsWithZeroAndLogsTheExactCount()
    {
        const int shutdownMs = 4_000;
        var (server, database) = await WriterKit.NewDatabaseAsync("hostdown");
        await using var proxy = new FaultInjectingProxy(server.Url) { Outage = true };
        await using var child = ChildProcess.Start(output, "host", proxy.Url, database, "hostdown", Points, shutdownMs.ToString(CultureInfo.InvariantCulture));
        Assert.Equal(Points, await child.AcceptedAsync());
        var clock = Stopwatch.StartNew();
        var exit = await child.SignalAsync("SIGTERM");
        var took = clock.Elapsed;
        output.WriteLine($"host stopped {took.TotalSeconds:F1} s after SIGTERM (ShutdownTimeout {shutdownMs / 1000.0} s)");

        Assert.Equal(0, exit);
        Assert.Contains("HOST STOPPED", child.Output, StringComparison.Ordinal);
        // Within the host's budget in total (it was host timeout + the writer's 30 s dispose timeout, then SIGABRT).
        Assert.True(took < TimeSpan.FromMilliseconds(shutdownMs) + TimeSpan.FromSeconds(5), $"the host took {took.TotalSeconds:F1} s to stop");
        Assert.Contains($"did not deliver {Points} points when the host stopped", child.Output, StringComparison.Ordinal);
        Assert.Equal(0, await StoredAsync(server, database, "hostdown"));
    }

    [Fact]
    public async Task AHostStoppedWithTheServerUpDeliversEveryPoint()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("hostup");
        await using var child = ChildProcess.Start(output, "host", server.Url, database, "hostup", Points, "10000");
        Assert.Equal(Points, await child.AcceptedAsync());
        Assert.Equal(0, await child.SignalAsync("SIGINT"));
        Assert.Contains("delivered every point before the host stopped", child.Output, StringComparison.Ordinal);
        Assert.Equal(Points, await StoredAsync(server, database, "hostup"));
    }

    private static async Task<long> StoredAsync(InfluxServer server, string database, string run) =>
        await WriterKit.ScalarAsync(server, database, $"SELECT COUNT(\"seq\") FROM \"stop\" WHERE \"run\" = '{run}'");

    [GeneratedRegex(@"could not write ([0-9,]+) buffered points")]
    private static partial Regex CouldNotWrite();

    /// <summary>The child process, its output, and the signals sent to it.</summary>
    private sealed class ChildProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly ITestOutputHelper _output;
        private readonly StringBuilder _stdout = new();
        private readonly StringBuilder _stderr = new();
        private readonly TaskCompletionSource<int> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ChildProcess(Process process, ITestOutputHelper output)
        {
            _process = process;
            _output = output;
        }

        public string Output { get { lock (_stdout) return _stdout.ToString(); } }

        public string Error { get { lock (_stderr) return _stderr.ToString(); } }

        public static ChildProcess Start(ITestOutputHelper output, params object[] args)
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "HomeIQ.Influx.Writer.StopChild.dll");
            Assert.True(File.Exists(dll), $"the stop child was not built next to the tests: {dll}");
            // Through env --default-signal: a process started in the background (a CI job, `./test.sh &`) inherits
            // SIGINT ignored, and .NET then never sees it; a terminal's Ctrl-C reaches a process whose SIGINT is not.
            var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--default-signal=INT", "dotnet", dll }.Concat(args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)!)))
                start.ArgumentList.Add(arg);
            var child = new ChildProcess(Process.Start(start)!, output);
            child._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (child._stdout) child._stdout.AppendLine(e.Data);
                if (e.Data.StartsWith("ACCEPTED ", StringComparison.Ordinal)) child._accepted.TrySetResult(int.Parse(e.Data.AsSpan(9), CultureInfo.InvariantCulture));
            };
            child._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (child._stderr) child._stderr.AppendLine(e.Data); };
            child._process.BeginOutputReadLine();
            child._process.BeginErrorReadLine();
            return child;
        }

        /// <summary>The points the child has accepted (and holds, with nothing sent yet).</summary>
        public async Task<int> AcceptedAsync()
        {
            var first = await Task.WhenAny(_accepted.Task, _process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(120)));
            Assert.True(first == _accepted.Task, $"the child did not accept its points. Output: {Output} Error: {Error}");
            return await _accepted.Task;
        }

        /// <summary>Sends <paramref name="signal"/> (SIGTERM or SIGINT) and returns the exit code.</summary>
        public async Task<int> SignalAsync(string signal)
        {
            // `kill` from procps: the child's process id is the env process's (env execs dotnet).
            using (var kill = Process.Start(new ProcessStartInfo("kill", ["-s", signal[3..], _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
                await kill.WaitForExitAsync();
            return await ExitAsync();
        }

        public async Task<int> ExitAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _process.WaitForExitAsync(timeout.Token);
            _output.WriteLine("child stdout:\n" + Output);
            _output.WriteLine("child stderr:\n" + Error);
            return _process.ExitCode;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
