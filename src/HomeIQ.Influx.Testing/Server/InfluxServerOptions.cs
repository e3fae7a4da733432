namespace HomeIQ.Influx.Testing;

/// <summary>How <see cref="InfluxServer.StartNewAsync(InfluxServerOptions?, CancellationToken)"/> starts a private server.</summary>
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
}
