using HomeIQ.Influx;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Sample.Targets;

/// <summary>Where the sample writes: a server named by <c>INFLUXDB_URL</c>, a private <c>influxd</c>, or a spool file.</summary>
public sealed class SampleTarget : IAsyncDisposable
{
    private SampleTarget(string description, InfluxClientOptions? options, InfluxServer? server, SpoolFile? spool)
    {
        Description = description;
        Options = options;
        Server = server;
        Spool = spool;
    }

    /// <summary>One line saying where the points go (never a secret).</summary>
    public string Description { get; }

    /// <summary>The client options when there is a server; <see langword="null"/> in spool mode.</summary>
    public InfluxClientOptions? Options { get; }

    /// <summary>The private server this sample started, if any (disposed with the target).</summary>
    public InfluxServer? Server { get; }

    /// <summary>The spool file when there is no server.</summary>
    public SpoolFile? Spool { get; }

    /// <summary>
    /// Picks the target: <c>INFLUXDB_URL</c> (and the other <c>INFLUXDB_*</c> variables) when set; otherwise a private
    /// <c>influxd</c> started through HomeIQ.Influx.Testing when it is installed; otherwise a spool file.
    /// </summary>
    public static async Task<SampleTarget> ResolveAsync(CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("INFLUXDB_URL")))
        {
            var options = InfluxClientOptions.FromEnvironment();
            // A v1 server without INFLUXDB_DATABASE gets the sample's database name.
            if (options.Target is null) options.Database = "homeiq";
            return new SampleTarget($"InfluxDB at {options.Url} (from INFLUXDB_URL, API {options.Api}, target '{options.Target}')", options, null, null);
        }

        if (InfluxServer.FindInfluxd() is { } influxd)
        {
            var server = await InfluxServer.StartNewAsync(cancellationToken);
            try
            {
                var database = await server.CreateDatabaseAsync("homeiq", cancellationToken);
                var options = new InfluxClientOptions { Url = server.Url, Api = InfluxApiVersion.V1, Database = database };
                return new SampleTarget(
                    $"a private InfluxDB {server.Version} started from {influxd} at {server.Url} (database '{database}'; " +
                    "set INFLUXDB_URL to use your own server)", options, server, null);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }

        var path = Path.Combine(Path.GetTempPath(), $"homeiq-sample-{DateTime.UtcNow:yyyyMMdd-HHmmss}.lp");
        return new SampleTarget($"the spool file {path} (no INFLUXDB_URL and no influxd installed)", null, null, new SpoolFile(path));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        if (Spool is not null) await Spool.DisposeAsync();
    }
}
