namespace HomeIQ.Influx;

public sealed partial class InfluxClient
{
    private InfluxSchema? _schema;

    /// <summary>
    /// Databases and buckets: ensure one exists (with a retention), list them, delete points by time range and tags
    /// (see <see cref="InfluxSchema"/>). Uses this client's connection, credentials and query resilience.
    /// </summary>
    public InfluxSchema Schema => LazyInitializer.EnsureInitialized(ref _schema, () => new InfluxSchema(this));
}
