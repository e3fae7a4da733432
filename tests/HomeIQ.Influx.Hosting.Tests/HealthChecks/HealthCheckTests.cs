using System.Net;
using System.Net.Sockets;
using HomeIQ.Influx.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace HomeIQ.Influx.Hosting.Tests;

/// <summary>Both checks against the shared real influxd (via the testing kit's client fixture).</summary>
public class HealthCheckTests(InfluxClientFixture fixture) : IClassFixture<InfluxClientFixture>
{
    internal static HealthCheckContext Context(IHealthCheck check, string name = "influx") =>
        new() { Registration = new HealthCheckRegistration(name, check, HealthStatus.Unhealthy, null) };

    internal static Task<HealthCheckResult> RunAsync(IHealthCheck check) => check.CheckHealthAsync(Context(check));

    [Fact]
    public async Task LivenessIsHealthyAndReportsTheServerVersion()
    {
        var check = new InfluxLivenessHealthCheck(fixture.Client);

        var result = await RunAsync(check);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.False(string.IsNullOrEmpty(fixture.Server.Version));
        Assert.Contains(fixture.Server.Version!, result.Description, StringComparison.Ordinal);
        Assert.Equal(fixture.Server.Version, result.Data["version"]);
    }

    [Fact]
    public async Task ReadinessIsHealthyOnAnExistingDatabase()
    {
        var check = new InfluxReadinessHealthCheck(fixture.Client);

        var result = await RunAsync(check);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(fixture.Database, result.Data["database"]);
        Assert.Contains(fixture.Database, result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessIsHealthyOnADatabaseWithData()
    {
        await fixture.Server.WriteLineProtocolAsync(fixture.Database, "temperature,room=kitchen celsius=21.5");
        var check = new InfluxReadinessHealthCheck(fixture.Client);

        var result = await RunAsync(check);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task ReadinessExplainsAMissingDatabase()
    {
        var options = fixture.Options;
        options.Database = "no_such_database_" + Guid.NewGuid().ToString("N")[..8];
        await using var client = new InfluxClient(options);

        var result = await RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains($"the database '{options.Database}' (Database / INFLUXDB_DATABASE) does not exist", result.Description, StringComparison.Ordinal);
        Assert.Contains("database not found", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadinessAcceptsAnExistingRetentionPolicy()
    {
        var options = fixture.Options;
        options.RetentionPolicy = "autogen";
        await using var client = new InfluxClient(options);

        var result = await RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task ReadinessExplainsAMissingRetentionPolicy()
    {
        var options = fixture.Options;
        options.RetentionPolicy = "forever_and_ever";
        await using var client = new InfluxClient(options);

        var result = await RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal($"The retention policy 'forever_and_ever' (RetentionPolicy / INFLUXDB_RETENTION_POLICY) does not exist on the database '{options.Database}'; writes would fail. It has: autogen.", result.Description);
    }

    [Fact]
    public async Task LivenessStaysHealthyWhenOnlyTheDatabaseIsMissing()
    {
        var options = fixture.Options;
        options.Database = "no_such_database_" + Guid.NewGuid().ToString("N")[..8];
        await using var client = new InfluxClient(options);

        var result = await RunAsync(new InfluxLivenessHealthCheck(client));

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task RegisteredChecksRunThroughTheHealthCheckServiceByTag()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var fixtureOptions = fixture.Options;
        builder.Services.AddInflux(o => { o.Url = fixtureOptions.Url; o.Api = InfluxApiVersion.V1; o.Database = fixtureOptions.Database; });
        builder.Services.AddInfluxHealthChecks();
        using var host = builder.Build();
        var service = host.Services.GetRequiredService<HealthCheckService>();

        var live = await service.CheckHealthAsync(r => r.Tags.Contains("live"));
        var ready = await service.CheckHealthAsync(r => r.Tags.Contains("ready"));
        var all = await service.CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, live.Status);
        Assert.Equal(["influxdb-live"], live.Entries.Keys);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal(["influxdb-ready"], ready.Entries.Keys);
        Assert.Equal(2, all.Entries.Count);
    }

    [Fact]
    public async Task NamesTagsAndFailureStatusCanBeChanged()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddInflux(o => { o.Url = new Uri($"http://127.0.0.1:{StoppedServerHealthCheckTests.UnusedPort()}"); o.Api = InfluxApiVersion.V1; o.Database = "db"; });
        services.AddHealthChecks().AddInfluxHealthChecks(o =>
        {
            o.LivenessName = "tsdb";
            o.ReadinessName = "tsdb-query";
            o.FailureStatus = HealthStatus.Degraded;
            o.ReadinessTags.Add("db");
        });
        await using var provider = services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("db"));

        var entry = Assert.Single(report.Entries);
        Assert.Equal("tsdb-query", entry.Key);
        Assert.Equal(HealthStatus.Degraded, entry.Value.Status);
    }
}

/// <summary>Both checks against a server that was running and is now stopped, and against a port nothing listens on.</summary>
public class StoppedServerHealthCheckTests : IAsyncLifetime
{
    private InfluxServer? _server;

    public async Task InitializeAsync() => _server = await InfluxServer.StartNewAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    internal static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [Fact]
    public async Task BothChecksTurnUnhealthyWhenTheServerStopsAndHealthyWhenItReturns()
    {
        var server = _server!;
        var database = await server.CreateDatabaseAsync("stopped");
        await using var client = new InfluxClient(new InfluxClientOptions { Url = server.Url, Api = InfluxApiVersion.V1, Database = database, Timeout = TimeSpan.FromSeconds(5) });
        var live = new InfluxLivenessHealthCheck(client);
        var ready = new InfluxReadinessHealthCheck(client);
        Assert.Equal(HealthStatus.Healthy, (await HealthCheckTests.RunAsync(live)).Status);
        Assert.Equal(HealthStatus.Healthy, (await HealthCheckTests.RunAsync(ready)).Status);

        await server.StopAsync();
        var liveDown = await HealthCheckTests.RunAsync(live);
        var readyDown = await HealthCheckTests.RunAsync(ready);

        Assert.Equal(HealthStatus.Unhealthy, liveDown.Status);
        Assert.Equal(HealthStatus.Unhealthy, readyDown.Status);
        Assert.Contains($"InfluxDB at {server.Url} could not be reached", liveDown.Description, StringComparison.Ordinal);
        Assert.Contains("is the server running", readyDown.Description, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(liveDown.Exception);

        await server.StartAsync();

        Assert.Equal(HealthStatus.Healthy, (await HealthCheckTests.RunAsync(live)).Status);
        Assert.Equal(HealthStatus.Healthy, (await HealthCheckTests.RunAsync(ready)).Status);
    }

    [Fact]
    public async Task BothChecksAreUnhealthyWhenNothingListens()
    {
        var url = new Uri($"http://127.0.0.1:{UnusedPort()}");
        await using var client = new InfluxClient(new InfluxClientOptions { Url = url, Api = InfluxApiVersion.V1, Database = "db" });

        var live = await HealthCheckTests.RunAsync(new InfluxLivenessHealthCheck(client));
        var ready = await HealthCheckTests.RunAsync(new InfluxReadinessHealthCheck(client));

        Assert.Equal(HealthStatus.Unhealthy, live.Status);
        Assert.Equal(HealthStatus.Unhealthy, ready.Status);
        Assert.Contains("ConnectionRefused", live.Description, StringComparison.Ordinal);
        Assert.Contains("ConnectionRefused", ready.Description, StringComparison.Ordinal);
    }
}
