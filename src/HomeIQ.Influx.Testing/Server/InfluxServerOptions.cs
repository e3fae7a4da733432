namespace HomeIQ.Influx.Testing;

/// <summary>
/// How <see cref="InfluxServer.StartNewAsync(InfluxServerOptions, CancellationToken)"/> configures a private server.
/// The defaults give the server every test has used: no authentication.
/// </summary>
public sealed class InfluxServerOptions
{
    /// <summary>The environment variable that names the <c>influxd</c> binary to run: <c>INFLUXD_PATH</c>.</summary>
    public const string InfluxdPathVariable = "INFLUXD_PATH";

    /// <summary>
    /// The <c>influxd</c> (InfluxDB 1.x) binary to run. When <see langword="null"/>, the kit uses the
    /// <c>INFLUXD_PATH</c> environment variable, then <c>influxd</c> on the PATH, in <c>/usr/bin</c> or in
    /// <c>/usr/local/bin</c>. A path that names no file is an error, never a silent fallback.
    /// </summary>
    public string? InfluxdPath { get; set; }

    /// <summary>
    /// Whether the server requires credentials (<c>[http] auth-enabled = true</c>), as a production server does: a request
    /// without valid ones gets 401, and a user without the privilege gets 403. The server then starts with one admin
    /// user, <see cref="AdminUser"/>, which the kit's own helpers (<see cref="InfluxServer.ExecuteAsync"/>,
    /// <see cref="InfluxServer.CreateDatabaseAsync"/>, ...) sign in with. Default off.
    /// </summary>
    public bool AuthEnabled { get; set; }

    /// <summary>The admin user created when <see cref="AuthEnabled"/> is on (default <c>admin</c>).</summary>
    public string AdminUser { get; set; } = "admin";

    /// <summary>Its password; a new random one per server when <see langword="null"/> (the default). Read it from <see cref="InfluxServer.AdminPassword"/>.</summary>
    public string? AdminPassword { get; set; }
}
