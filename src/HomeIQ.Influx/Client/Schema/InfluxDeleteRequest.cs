namespace HomeIQ.Influx;

/// <summary>
/// Which points <see cref="InfluxSchema.DeletePointsAsync"/> deletes: those of <see cref="Measurement"/> whose tags equal
/// every entry of <see cref="Tags"/>, from <see cref="Start"/> (inclusive) to <see cref="Stop"/> (exclusive). At least a
/// measurement or one tag is required: deleting a whole database is a job for its administrator.
/// </summary>
public sealed record InfluxDeleteRequest
{
    /// <summary>The measurement whose points are deleted; every measurement when <see langword="null"/> (then <see cref="Tags"/> must not be empty).</summary>
    public string? Measurement { get; init; }

    /// <summary>Tag keys and the values a point must have (all of them) to be deleted.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The earliest time deleted (inclusive); the beginning of time when <see langword="null"/>.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>The end of the range (exclusive); the end of time when <see langword="null"/>.</summary>
    public DateTimeOffset? Stop { get; init; }

    /// <summary>The database (v1) or bucket (v2); <see cref="InfluxClientOptions.Target"/> when <see langword="null"/>.</summary>
    public string? Database { get; init; }
}
