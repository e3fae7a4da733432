using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Schema.Tests.V1;

/// <summary>client.Schema on InfluxDB 1.x, against the real influxd 1.6.7 the testing kit starts.</summary>
public sealed class EnsureDatabaseTests : IAsyncLifetime
{
    private InfluxServer _server = null!;

    public async Task InitializeAsync() => _server = await InfluxServer.SharedAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AMissingDatabaseIsCreatedOnceThenReportedAsExisting()
    {
        var name = Unique("ensure");
        await using var client = Client(name);

        var first = await client.Schema.EnsureDatabaseAsync();
        var second = await client.Schema.EnsureDatabaseAsync();

        Assert.Equal(InfluxSchemaOutcome.Created, first.Outcome);
        Assert.Equal(name, first.Name);
        Assert.Contains($"Created the InfluxDB database '{name}'", first.Description, StringComparison.Ordinal);
        Assert.Equal(InfluxSchemaOutcome.Existed, second.Outcome);
        Assert.Contains(name, await ServerDatabasesAsync());
        // The readiness probe agrees: the target is there now.
        Assert.True((await client.CheckReadinessAsync()).IsHealthy);
    }

    [Fact]
    public async Task ANewDatabaseGetsTheRetentionAskedForAsItsDefaultPolicyAndNothingExistingIsChanged()
    {
        var name = Unique("retention");
        await using var client = Client(name);

        var created = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(30)) { ShardGroupDuration = TimeSpan.FromDays(1) });
        var same = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(30)));
        var other = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(7)));

        Assert.Equal(InfluxSchemaOutcome.Created, created.Outcome);
        Assert.Equal(InfluxSchemaOutcome.Existed, same.Outcome);
        Assert.Equal(InfluxSchemaOutcome.RetentionDiffers, other.Outcome);
        Assert.Contains("keeps data for 30d, not for 1w as asked", other.Description, StringComparison.Ordinal);
        var policy = Assert.Single(await PoliciesAsync(name));
        Assert.Equal(("autogen", "720h0m0s", "24h0m0s", true), policy);
    }

    [Fact]
    public async Task AnExistingDatabaseGetsAMissingPolicyCreatedAsItsDefault()
    {
        var name = Unique("policy");
        await using var client = Client(name, rp: "one_year");
        await _server.ExecuteAsync($"CREATE DATABASE \"{name}\"");

        var result = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(365)));

        Assert.Equal(InfluxSchemaOutcome.RetentionPolicyCreated, result.Outcome);
        var policies = await PoliciesAsync(name);
        Assert.Contains(("one_year", "8760h0m0s", policies.Single(p => p.Name == "one_year").Shard, true), policies);
        Assert.Contains(policies, p => p.Name == "autogen" && !p.Default);
        // Writes to the configured policy now work: the readiness probe checks that the policy exists.
        Assert.True((await client.CheckReadinessAsync()).IsHealthy);
    }

    [Fact]
    public async Task AConfiguredPolicyThatIsMissingWithoutARetentionToCreateItIsAnErrorAndNothingIsCreated()
    {
        var name = Unique("norp");
        await using var client = Client(name, rp: "missing_rp");

        var error = await Assert.ThrowsAsync<InfluxSchemaException>(() => client.Schema.EnsureDatabaseAsync());

        Assert.Contains("The retention policy 'missing_rp' (InfluxClientOptions.RetentionPolicy / INFLUXDB_RETENTION_POLICY) does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("InfluxRetention", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(name, await ServerDatabasesAsync());
    }

    [Fact]
    public async Task NamesWithQuotesSpacesCommasAndNonASCIITextAreCreatedExactlyAsGiven()
    {
        var name = Unique("o'brien \"db\", ü 🏠");
        var policy = "p \"1\" ä";
        await using var client = Client(name);

        var result = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromHours(2)) { PolicyName = policy });

        Assert.Equal(InfluxSchemaOutcome.Created, result.Outcome);
        Assert.Contains(name, await client.Schema.ListDatabasesAsync());
        Assert.Equal(policy, Assert.Single(await PoliciesAsync(name)).Name);
    }

    [Fact]
    public async Task TheServersOwnRefusalInsideA200AnswerIsAnInfluxSchemaExceptionWithItsMessage()
    {
        var name = Unique("short");
        await using var client = Client(name);

        // InfluxDB 1.x refuses retention policies shorter than an hour (the statement's error, in a 200 answer).
        var error = await Assert.ThrowsAsync<InfluxSchemaException>(() => client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromMinutes(5))));

        Assert.Equal(200, error.StatusCode);
        Assert.Contains("retention policy duration must be at least", error.ServerMessage, StringComparison.Ordinal);
        Assert.Contains($"Could not create the database '{name}' on {_server.Url.GetLeftPart(UriPartial.Authority)}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialsThatMayNotManageDatabasesGetAMessageSayingWhatToCheckWithoutTheSecret()
    {
        // influxd 1.6 here runs without authentication, so the refusal comes from a proxy in front of it.
        await using var proxy = new FaultInjectingProxy(_server.Url, _ => FaultAction.Respond(403, """{"error":"user s3cret-password is not authorized to create database"}"""));
        await using var client = new InfluxClient(new InfluxClientOptions
        {
            Url = proxy.Url, Api = InfluxApiVersion.V1, Database = Unique("forbidden"), Username = "app", Password = "s3cret-password", QueryResilience = null,
        });

        var error = await Assert.ThrowsAsync<InfluxSchemaException>(() => client.Schema.EnsureDatabaseAsync());

        Assert.Equal(403, error.StatusCode);
        Assert.Contains("InfluxDB answered 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs an admin user on InfluxDB 1.x", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-password", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadArgumentsFailBeforeAnythingIsSent()
    {
        await using var client = Client("db");
        await Assert.ThrowsAsync<ArgumentException>(() => client.Schema.EnsureDatabaseAsync("line\nbreak"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Schema.EnsureDatabaseAsync(" "));
        // influxd 1.6.7 answers "invalid name" to these (meta.ValidName); they are refused before sending, with the reason.
        var slash = await Assert.ThrowsAsync<ArgumentException>(() => client.Schema.EnsureDatabaseAsync("a\\b"));
        Assert.Contains("InfluxDB 1.x refuses '/' and '\\'", slash.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => client.Schema.EnsureDatabaseAsync("x/y"));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Schema.EnsureDatabaseAsync(".."));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.Zero)));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(1)) { PolicyName = "tab\there" }));
    }

    internal static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid().ToString("N")[..8]}";

    private InfluxClient Client(string database, string? rp = null) =>
        new(new InfluxClientOptions { Url = _server.Url, Api = InfluxApiVersion.V1, Database = database, RetentionPolicy = rp });

    private async Task<List<string>> ServerDatabasesAsync()
    {
        using var json = await _server.ExecuteAsync("SHOW DATABASES");
        // A server without databases answers a result without series.
        if (!json.RootElement.GetProperty("results")[0].TryGetProperty("series", out var series)) return [];
        // ... and a series without values when it has none.
        return series[0].TryGetProperty("values", out var values) ? values.EnumerateArray().Select(v => v[0].GetString()!).ToList() : [];
    }

    private async Task<List<(string Name, string Duration, string Shard, bool Default)>> PoliciesAsync(string database)
    {
        var rows = await _server.QueryRowsAsync(database, "SHOW RETENTION POLICIES ON " + Querying.InfluxQLText.QuoteIdentifier(database));
        return rows.Select(r => (r["name"].GetString()!, r["duration"].GetString()!, r["shardGroupDuration"].GetString()!, r["default"].GetBoolean())).ToList();
    }
}
