namespace HomeIQ.Influx;

/// <summary>How long a database (v1, v3) or bucket (v2) keeps data, for <see cref="InfluxSchema.EnsureDatabaseAsync"/>.</summary>
/// <param name="Duration">How long points are kept; <see langword="null"/> keeps them forever. InfluxDB 1.x and 2.x refuse
/// less than one hour.</param>
public sealed record InfluxRetention(TimeSpan? Duration)
{
    /// <summary>Data is kept forever.</summary>
    public static InfluxRetention Forever { get; } = new((TimeSpan?)null);

    /// <summary>
    /// The InfluxDB 1.x retention policy to create (as the database's default) or check. <see langword="null"/> uses
    /// <see cref="InfluxClientOptions.RetentionPolicy"/>, else <c>autogen</c>, the policy InfluxDB 1.x creates with a database.
    /// Ignored by v2 and v3, which have one retention per bucket or database.
    /// </summary>
    public string? PolicyName { get; init; }

    /// <summary>The shard group duration (v1 <c>SHARD DURATION</c>, v2 <c>shardGroupDurationSeconds</c>); the server's default when <see langword="null"/>. Ignored by v3.</summary>
    public TimeSpan? ShardGroupDuration { get; init; }
}
