using HomeIQ.Influx.Testing;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests.LoudFailures;

/// <summary>
/// A private real influxd with authentication on (the kit's <see cref="InfluxServerOptions.AuthEnabled"/>), with a user
/// that may write to one database and a user that may only read it.
/// </summary>
public sealed class AuthServer : IAsyncLifetime
{
    public const string Writer = "writer";
    public const string WriterPassword = "right-horse-battery";
    public const string Reader = "reader";
    public const string ReaderPassword = "read-only-staple";

    public InfluxServer Server { get; private set; } = null!;

    public string Database { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Server = await InfluxServer.StartNewAsync(new InfluxServerOptions { AuthEnabled = true });
        Database = await Server.CreateDatabaseAsync("auth");
        await Server.ExecuteAsync($"CREATE USER \"{Writer}\" WITH PASSWORD '{WriterPassword}'");
        await Server.ExecuteAsync($"GRANT ALL ON \"{Database}\" TO \"{Writer}\"");
        await Server.ExecuteAsync($"CREATE USER \"{Reader}\" WITH PASSWORD '{ReaderPassword}'");
        await Server.ExecuteAsync($"GRANT READ ON \"{Database}\" TO \"{Reader}\"");
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A client with no logger (the user this is about attached none).</summary>
    public InfluxClient Client(string? user = null, string? password = null, string? token = null, string? database = null) =>
        new(new InfluxClientOptions
        {
            Url = Server.Url,
            Database = database ?? Database,
            Api = InfluxApiVersion.V1,
            Username = user,
            Password = password,
            Token = token,
            Timeout = TimeSpan.FromSeconds(5),
        });

    /// <summary>How many points of <paramref name="run"/> the server holds.</summary>
    public async Task<long> StoredAsync(string run, string? database = null)
    {
        var rows = await Server.QueryRowsAsync(database ?? Database, $"SELECT COUNT(\"seq\") FROM \"reading\" WHERE \"room\" = '{run}'");
        return rows.Count == 0 ? 0 : (long)rows[0]["count"].GetDouble();
    }
}
