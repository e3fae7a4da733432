using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Hosting.Tests;

public class InfluxClientFixtureTests(InfluxClientFixture fixture) : IClassFixture<InfluxClientFixture>
{
    [Fact]
    public async Task GivesAReadyV1ClientOnAFreshDatabase()
    {
        Assert.Equal(InfluxApiVersion.V1, fixture.Client.Options.Api);
        Assert.Equal(fixture.Database, fixture.Client.Options.Database);
        Assert.Equal(fixture.Server.Url, fixture.Client.Options.Url);
        Assert.Equal(fixture.Server.Version, await fixture.Client.PingAsync());

        using var databases = await fixture.Server.ExecuteAsync("SHOW DATABASES");
        var names = databases.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")
            .EnumerateArray().Select(v => v[0].GetString()).ToList();
        Assert.Contains(fixture.Database, names);
        Assert.StartsWith("influxclientfixture_", fixture.Database, StringComparison.Ordinal);
        Assert.Empty(await fixture.Server.QueryRowsAsync(fixture.Database, "SHOW MEASUREMENTS"));
    }

    [Fact]
    public void OptionsIsACopyThatBuildsAnotherClient()
    {
        var options = fixture.Options;
        options.Database = "changed";

        Assert.Equal(fixture.Database, fixture.Client.Options.Database);
        using var other = new InfluxClient(options);
        Assert.Equal("changed", other.Options.Database);
    }
}

/// <summary>A derived fixture changes the options before the client exists, and drops its database afterwards.</summary>
public class GzipClientFixture : InfluxClientFixture
{
    protected override void ConfigureOptions(InfluxClientOptions options)
    {
        options.Gzip = true;
        options.Timeout = TimeSpan.FromSeconds(3);
    }
}

public class DerivedInfluxClientFixtureTests(GzipClientFixture fixture) : IClassFixture<GzipClientFixture>
{
    [Fact]
    public void ConfigureOptionsIsAppliedBeforeTheClientIsCreated()
    {
        Assert.True(fixture.Client.Options.Gzip);
        Assert.Equal(TimeSpan.FromSeconds(3), fixture.Client.Options.Timeout);
        Assert.StartsWith("gzipclientfixture_", fixture.Database, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeDropsTheDatabaseAndDisposesTheClient()
    {
        var own = new GzipClientFixture();
        await own.InitializeAsync();
        var database = own.Database;
        var client = own.Client;

        await own.DisposeAsync();

        using var databases = await own.Server.ExecuteAsync("SHOW DATABASES");
        var names = databases.RootElement.GetProperty("results")[0].GetProperty("series")[0].GetProperty("values")
            .EnumerateArray().Select(v => v[0].GetString()).ToList();
        Assert.DoesNotContain(database, names);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.PingAsync());
    }
}
