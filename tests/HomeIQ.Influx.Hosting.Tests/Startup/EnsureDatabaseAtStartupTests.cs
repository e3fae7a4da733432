using HomeIQ.Influx.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Hosting.Tests;

/// <summary>
/// The startup option (InfluxDB:EnsureDatabase): off by default; on, the host creates the configured database before
/// any hosted service starts, logs what it did, and refuses to start when it cannot. Against the real influxd.
/// </summary>
public sealed class EnsureDatabaseAtStartupTests : IAsyncLifetime
{
    private InfluxServer _server = null!;

    public async Task InitializeAsync() => _server = await InfluxServer.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OffByDefaultNothingIsCreatedAndNothingIsSent()
    {
        var database = "startup_off_" + Guid.NewGuid().ToString("N")[..8];
        var logs = new CapturingLoggerFactory();
        using var host = BuildHost(new() { ["InfluxDB:Url"] = _server.Url.ToString(), ["InfluxDB:Api"] = "V1", ["InfluxDB:Database"] = database }, logs);

        await host.StartAsync();
        await host.StopAsync();

        Assert.DoesNotContain(database, await DatabasesAsync());
        Assert.DoesNotContain(logs.Entries, e => e.Id.Id is >= 2101 and <= 2103);
    }

    [Fact]
    public async Task OnTheDatabaseIsCreatedWithItsRetentionBeforeHostedServicesStartAndLogged()
    {
        var database = "startup_on_" + Guid.NewGuid().ToString("N")[..8];
        var logs = new CapturingLoggerFactory();
        bool? existedWhenServicesStarted = null;
        using var host = BuildHost(new()
        {
            ["InfluxDB:Url"] = _server.Url.ToString(), ["InfluxDB:Api"] = "V1", ["InfluxDB:Database"] = database,
            ["InfluxDB:EnsureDatabase"] = "true", ["InfluxDB:DatabaseRetention"] = "30.00:00:00",
        }, logs, services => services.AddHostedService(_ => new ProbeService(async () => existedWhenServicesStarted = (await DatabasesAsync()).Contains(database))));

        await host.StartAsync();
        await host.StopAsync();

        Assert.True(existedWhenServicesStarted);
        var entry = Assert.Single(logs.Entries, e => e.Id.Id == 2101);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains($"Created the InfluxDB database '{database}' with the default retention policy 'autogen', which keeps data for 30d", entry.Text, StringComparison.Ordinal);
        var policy = Assert.Single(await _server.QueryRowsAsync(database, $"SHOW RETENTION POLICIES ON \"{database}\""));
        Assert.Equal("720h0m0s", policy["duration"].GetString());
        await _server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task WhenTheServerCannotBeReachedTheErrorIsLoggedAndTheHostDoesNotStart()
    {
        var logs = new CapturingLoggerFactory();
        using var host = BuildHost(new()
        {
            // A port this test just found free: refused at once by the kernel. A fixed port (9) was not refused on
            // the CI machine; the connect waited out the timeout and the test saw a cancellation instead.
            ["InfluxDB:Url"] = $"http://127.0.0.1:{StoppedServerHealthCheckTests.UnusedPort()}", ["InfluxDB:Api"] = "V1", ["InfluxDB:Database"] = "db",
            ["InfluxDB:EnsureDatabase"] = "true", ["InfluxDB:Timeout"] = "00:00:10",
        }, logs, services => services.Configure<InfluxClientOptions>(o => o.QueryResilience = null));

        await Assert.ThrowsAsync<HttpRequestException>(() => host.StartAsync());

        var entry = Assert.Single(logs.Entries, e => e.Id.Id == 2103);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Contains("could not make sure 'db' exists; the host does not start", entry.Text, StringComparison.Ordinal);
    }

    private static IHost BuildHost(Dictionary<string, string?> config, CapturingLoggerFactory logs, Action<IServiceCollection>? more = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddSingleton<ILoggerFactory>(logs);
        builder.Services.AddInflux(builder.Configuration.GetSection("InfluxDB"), _ => null);
        more?.Invoke(builder.Services);
        return builder.Build();
    }

    private async Task<List<string>> DatabasesAsync()
    {
        using var json = await _server.ExecuteAsync("SHOW DATABASES");
        if (!json.RootElement.GetProperty("results")[0].TryGetProperty("series", out var series)) return [];
        // ... and a series without values when it has none.
        return series[0].TryGetProperty("values", out var values) ? values.EnumerateArray().Select(v => v[0].GetString()!).ToList() : [];
    }

    private sealed class ProbeService(Func<Task> onStart) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => onStart();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
