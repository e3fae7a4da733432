using Xunit;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// An xunit class fixture: a fresh database on the process-wide shared <see cref="InfluxServer"/>, dropped afterwards.
/// Use it with <c>IClassFixture&lt;InfluxDatabaseFixture&gt;</c>. When <c>influxd</c> is not installed, every test
/// that uses it fails with a message that says how to install InfluxDB 1.x or point <c>INFLUXD_PATH</c> at a binary;
/// it never passes silently.
/// </summary>
public class InfluxDatabaseFixture : IAsyncLifetime
{
    private InfluxServer? _server;
    private string? _database;

    /// <summary>The shared running server.</summary>
    public InfluxServer Server => _server ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>The database created for this test class.</summary>
    public string Database => _database ?? throw new InvalidOperationException("The fixture has not been initialized.");

    /// <summary>Starts (or joins) the shared server and creates the database.</summary>
    public virtual async Task InitializeAsync()
    {
        _server = await InfluxServer.SharedAsync().ConfigureAwait(false);
        _database = await _server.CreateDatabaseAsync(GetType().Name.ToLowerInvariant()).ConfigureAwait(false);
    }

    /// <summary>Drops the database; the shared server stays up for other test classes.</summary>
    public virtual async Task DisposeAsync()
    {
        if (_server is not null && _database is not null && _server.IsRunning)
            await _server.DropDatabaseAsync(_database).ConfigureAwait(false);
    }
}
