using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Tests.Integration;

/// <summary>
/// The test server kit as a package user meets it: it finds influxd (an option, INFLUXD_PATH, the PATH), and when
/// influxd is missing it fails with a message that says how to install InfluxDB 1.x or point the kit at a binary, never
/// "run ./test.sh" (a script only this repository has). The same for VictoriaMetrics.
/// </summary>
public class InfluxServerTests
{
    private static readonly Func<string, string?> s_noVariables = _ => null;

    [Fact]
    public void InfluxdIsInstalledHere()
    {
        // ./test.sh installs it; without it every integration test fails (never passes or skips).
        Assert.True(InfluxServer.FindInfluxd() is not null, "influxd is not on this machine: run ./test.sh, which installs it.");
    }

    [Fact]
    public async Task WithoutInfluxdStartingFailsWithAMessageThatSaysHowToInstallItOrPointAtIt()
    {
        var empty = Directory.CreateTempSubdirectory("homeiq-no-influxd-");
        try
        {
            var found = InfluxServer.FindInfluxd(null, s_noVariables, empty.FullName, []);
            Assert.Null(found);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => InfluxServer.StartFromAsync(found, CancellationToken.None));

            Assert.Contains("influxd (the InfluxDB 1.x server) was not found", error.Message, StringComparison.Ordinal);
            Assert.Contains("sudo apt-get install influxdb", error.Message, StringComparison.Ordinal);
            Assert.Contains("INFLUXD_PATH", error.Message, StringComparison.Ordinal);
            Assert.Contains("InfluxServerOptions.InfluxdPath", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("test.sh", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheOptionWinsOverINFLUXDPATHWhichWinsOverThePATH()
    {
        var folder = Directory.CreateTempSubdirectory("homeiq-find-influxd-");
        try
        {
            string onPath = Touch(folder.FullName, "influxd"), fromVariable = Touch(folder.FullName, "influxd-from-variable"), fromOption = Touch(folder.FullName, "influxd-from-option");
            Func<string, string?> variables = name => name == "INFLUXD_PATH" ? fromVariable : null;

            Assert.Equal(onPath, InfluxServer.FindInfluxd(null, s_noVariables, folder.FullName, []));
            Assert.Equal(fromVariable, InfluxServer.FindInfluxd(null, variables, folder.FullName, []));
            Assert.Equal(fromOption, InfluxServer.FindInfluxd(new InfluxServerOptions { InfluxdPath = fromOption }, variables, folder.FullName, []));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void APathThatNamesNoFileIsAnErrorNamingTheSettingNotASilentFallbackToThePATH()
    {
        var missing = Path.Combine(Path.GetTempPath(), "homeiq-no-such-influxd-" + Guid.NewGuid().ToString("N"));

        var fromVariable = Assert.Throws<InvalidOperationException>(() => InfluxServer.FindInfluxd(null, name => name == "INFLUXD_PATH" ? missing : null, "/usr/bin", []));
        Assert.Contains($"The environment variable INFLUXD_PATH is '{missing}', but there is no file there", fromVariable.Message, StringComparison.Ordinal);

        var fromOption = Assert.Throws<InvalidOperationException>(() => InfluxServer.FindInfluxd(new InfluxServerOptions { InfluxdPath = missing }, s_noVariables, "/usr/bin", []));
        Assert.Contains($"InfluxServerOptions.InfluxdPath is '{missing}'", fromOption.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutVictoriaMetricsStartingFailsWithAMessageForAPackageUserToo()
    {
        var empty = Directory.CreateTempSubdirectory("homeiq-no-vm-");
        try
        {
            var found = VictoriaMetricsServer.FindVictoriaMetrics(null, s_noVariables, empty.FullName, []);
            Assert.Null(found);
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => VictoriaMetricsServer.StartFromAsync(found, CancellationToken.None));

            Assert.Contains("sudo apt-get install victoria-metrics", error.Message, StringComparison.Ordinal);
            Assert.Contains("VICTORIA_METRICS_PATH", error.Message, StringComparison.Ordinal);
            Assert.Contains("VictoriaMetricsServerOptions.ExecutablePath", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("test.sh", error.Message, StringComparison.Ordinal);

            var variables = new Func<string, string?>(name => name == "VICTORIA_METRICS_PATH" ? Path.Combine(empty.FullName, "nothing") : null);
            Assert.Contains("VICTORIA_METRICS_PATH", Assert.Throws<InvalidOperationException>(() => VictoriaMetricsServer.FindVictoriaMetrics(null, variables, null, [])).Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AServerStartedFromAnExplicitBinaryRestartsOnTheSameDataAndPort()
    {
        await using var server = await InfluxServer.StartNewAsync(new InfluxServerOptions { InfluxdPath = InfluxServer.FindInfluxd() });
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

    private static string Touch(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "");
        return path;
    }
}
