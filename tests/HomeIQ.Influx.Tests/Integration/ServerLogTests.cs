using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Tests.Integration;

/// <summary>
/// The server's log file (<c>ServerProcess.LogFile</c>). A server's output line can arrive after the process exited (the
/// reader threads drain the pipes on their own); written to the closed writer it threw on a thread-pool thread and ended
/// the whole test host (seen in CI in the Engines tests).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ServerLogTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("homeiq-log-");

    [Fact]
    public void ALineThatArrivesAfterTheLogWasClosedIsDroppedWithoutAnException()
    {
        var path = Path.Combine(_work.FullName, "server.log");
        var log = new ServerProcess.LogFile(path);
        log.WriteLine("started");
        log.WriteLine(null); // end of a stream
        log.Close();

        var late = Record.Exception(() => log.WriteLine("a late line"));
        log.Close(); // twice, as Exited and a dispose may both close it

        Assert.Null(late);
        Assert.Equal(new[] { "started" }, File.ReadAllLines(path));
    }

    [Fact]
    public async Task ARealProcesssOutputEndsUpInTheLogAndNothingThrowsAfterItExits()
    {
        var root = _work.CreateSubdirectory("server");
        var logPath = Path.Combine(_work.FullName, "process.log");
        // Many lines, the last ones written as the process ends: they race the Exited event.
        var script = Path.Combine(_work.FullName, "chatty");
        await File.WriteAllTextAsync(script, "#!/bin/sh\ni=0\nwhile [ $i -lt 2000 ]; do echo line $i; echo err $i >&2; i=$((i + 1)); done\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var process = ServerProcess.Start(root.FullName, logPath, script, []);
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(0, process.ExitCode);
        await ServerProcess.StopAsync(process);

        var lines = File.ReadAllLines(logPath);
        Assert.Contains("line 0", lines);
        Assert.All(lines, l => Assert.Matches("^(line|err) [0-9]+$", l));
    }

    public void Dispose()
    {
        try { _work.Delete(recursive: true); }
        catch (IOException) { }
    }
}
