using Xunit;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// An xunit fixture that gives a test class a ready <see cref="InfluxClient"/> (API v1) on a fresh database of the
/// process-wide shared real <c>influxd</c> (<see cref="InfluxServer.SharedAsync"/>), the same server the project's own
/// integration tests use. Use it with <c>IClassFixture&lt;InfluxClientFixture&gt;</c>; the database is dropped and the
/// client disposed afterwards. When <c>influxd</c> is not installed, initialization fails with a message that says how
/// to install it; tests never pass silently.
/// </summary>
public class InfluxClientFixture : IAsyncLifetime
{
    private InfluxServer? _server;
    private string? _database;
    private InfluxClient? _client;

    /// <summary>The shared running server.</summary>
    public InfluxServer Server => _server ?? throw NotInitialized();

    /// <summary>The database created for this fixture.</summary>
    public string Database => _database ?? throw NotInitialized();

    /// <summary>A client for <see cref="Server"/> with <see cref="InfluxClientOptions.Api"/> = V1 and <see cref="InfluxClientOptions.Database"/> = <see cref="Database"/>.</summary>
    public InfluxClient Client => _client ?? throw NotInitialized();

    /// <summary>A fresh copy of the options <see cref="Client"/> was created with, to build another client or register one with DI.</summary>
    public InfluxClientOptions Options => Client.Options.Clone();

    /// <summary>Starts (or joins) the shared server, creates the database and the client.</summary>
    public virtual async Task InitializeAsync()
    {
        _server = await InfluxServer.SharedAsync().ConfigureAwait(false);
        _database = await _server.CreateDatabaseAsync(DatabasePrefix()).ConfigureAwait(false);
        var options = new InfluxClientOptions { Url = _server.Url, Api = InfluxApiVersion.V1, Database = _database };
        ConfigureOptions(options);
        _client = new InfluxClient(options);
    }

    /// <summary>Disposes the client and drops the database; the shared server stays up for other test classes.</summary>
    public virtual async Task DisposeAsync()
    {
        if (_client is not null) await _client.DisposeAsync().ConfigureAwait(false);
        if (_server is not null && _database is not null && _server.IsRunning)
            await _server.DropDatabaseAsync(_database).ConfigureAwait(false);
    }

    /// <summary>Override to change the client's options (precision, gzip, timeout...) before it is created.</summary>
    protected virtual void ConfigureOptions(InfluxClientOptions options)
    {
    }

    // Database names come from the fixture's type, so a leftover database tells which tests made it.
    private string DatabasePrefix()
    {
        var name = GetType().Name.ToLowerInvariant();
        return new string(name.Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
    }

    private static InvalidOperationException NotInitialized() => new("The fixture has not been initialized.");
}
