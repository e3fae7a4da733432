namespace HomeIQ.Influx;

/// <summary>What <see cref="InfluxSchema.EnsureDatabaseAsync"/> found or did.</summary>
public enum InfluxSchemaOutcome
{
    /// <summary>The database or bucket existed (with the retention asked for, when one was asked for and the server reports it).</summary>
    Existed,

    /// <summary>The database or bucket did not exist and was created.</summary>
    Created,

    /// <summary>InfluxDB 1.x: the database existed, its retention policy did not and was created as the default.</summary>
    RetentionPolicyCreated,

    /// <summary>
    /// It existed, but keeps data for another duration than the one asked for. Nothing was changed: changing how long a
    /// database keeps data can delete data, so it is left to an administrator.
    /// </summary>
    RetentionDiffers,
}

/// <summary>The result of <see cref="InfluxSchema.EnsureDatabaseAsync"/>.</summary>
/// <param name="Name">The database (v1, v3) or bucket (v2).</param>
/// <param name="Outcome">What was found or done.</param>
/// <param name="Description">One sentence for a log: what was found or done, and with which retention.</param>
public sealed record InfluxSchemaResult(string Name, InfluxSchemaOutcome Outcome, string Description);
