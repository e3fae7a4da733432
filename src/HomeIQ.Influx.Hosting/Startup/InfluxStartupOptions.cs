namespace HomeIQ.Influx.Hosting;

/// <summary>
/// What the host does with InfluxDB when it starts. Bound by <c>AddInflux(configuration)</c> from the same section as
/// <see cref="InfluxClientOptions"/> (keys <c>EnsureDatabase</c> and <c>DatabaseRetention</c>); in code,
/// <c>services.Configure&lt;InfluxStartupOptions&gt;(o =&gt; ...)</c>.
/// </summary>
public sealed class InfluxStartupOptions
{
    /// <summary>
    /// Whether to create the configured database (v1, v3) or bucket (v2) when the host starts, if it is missing
    /// (<see cref="InfluxSchema.EnsureDatabaseAsync"/> on <see cref="InfluxClientOptions.Target"/>). Off by default: the
    /// credentials then need the right to create databases, which production credentials often lack on purpose. The
    /// outcome is logged; when it fails, the error is logged and the host does not start.
    /// </summary>
    public bool EnsureDatabase { get; set; }

    /// <summary>
    /// How long a database created at startup keeps data (on InfluxDB 1.x, as its default retention policy, named
    /// <see cref="InfluxClientOptions.RetentionPolicy"/> or <c>autogen</c>); forever when <see langword="null"/>. An existing
    /// database is never changed; a different retention is logged as a warning.
    /// </summary>
    public TimeSpan? DatabaseRetention { get; set; }
}
