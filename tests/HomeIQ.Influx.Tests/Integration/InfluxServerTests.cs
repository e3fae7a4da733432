using System.Diagnostics;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Tests.Integration;

/// <summary>The test server kit: it finds influxd, and when influxd is missing it fails loudly, saying to run ./test.sh.</summary>
public class InfluxServerTests
{
    [Fact]
    public void Influxd_is_installed_here()
    {
        // ./test.sh installs it; without it every integration test fails (never passes or skips).
        Assert.True(InfluxServer.FindInfluxd() is not null, "influxd is not on this machine: run ./test.sh, which installs it.");
    }

    [Fact]
    public async Task Without_influxd_starting_fails_with_a_message_that_says_to_run_test_sh()
    {
        var empty = Directory.CreateTempSubdirectory("homeiq-no-influxd-");
        try
        {
            Assert.Null(InfluxServer.FindInfluxd(empty.FullName, []));
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InfluxServer.StartFromAsync(InfluxServer.FindInfluxd(empty.FullName, []), CancellationToken.None));
            Assert.Contains("influxd is not installed", error.Message, StringComparison.Ordinal);
            Assert.Contains("./test.sh", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_watchdog_kills_the_server_and_deletes_its_folder_when_the_test_process_is_gone()
    {
        // A stand-in for the test process (a short sleep) and for influxd (a script that sleeps long and leaves its pid).
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The test server kit runs influxd under /bin/sh.");
        var root = Directory.CreateTempSubdirectory("homeiq-watchdog-");
        var fake = Path.Combine(root.FullName, "fake-influxd");
        var pidFile = Path.Combine(Path.GetTempPath(), $"homeiq-watchdog-{Guid.NewGuid():N}.pid");
        File.WriteAllText(fake, $"#!/bin/sh\necho $$ > {pidFile}\nexec sleep 300\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var host = Process.Start("sleep", "1")!;
        using var watchdog = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", InfluxServer.WatchdogScript, "watchdog", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), fake, "unused.conf", root.FullName]))!;
        try
        {
            await watchdog.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
            var fakePid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(Directory.Exists($"/proc/{fakePid}") && !File.ReadAllText($"/proc/{fakePid}/stat").Contains(") Z ", StringComparison.Ordinal), "the fake influxd still runs");
            Assert.False(Directory.Exists(root.FullName), "the server folder was not deleted");
        }
        finally
        {
            if (!watchdog.HasExited) watchdog.Kill(entireProcessTree: true);
            File.Delete(pidFile);
            if (Directory.Exists(root.FullName)) root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_server_restarts_on_the_same_data_and_port()
    {
        await using var server = await InfluxServer.StartNewAsync();
        Assert.StartsWith("1.", server.Version, StringComparison.Ordinal);
        var database = await server.CreateDatabaseAsync("restart");
        await server.WriteLineProtocolAsync(database, "m f=1i 1");
        var port = server.HttpPort;

        await server.StopAsync();
        Assert.False(server.IsRunning);
        await server.StartAsync();

        Assert.Equal(port, server.HttpPort);
        var rows = await server.QueryRowsAsync(database, "SELECT f FROM m");
        Assert.Equal(1, Assert.Single(rows)["f"].GetInt64());
    }
}
