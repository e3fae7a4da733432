using System.Text;
using HomeIQ.Influx.Querying;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Client.Schema;

/// <summary>
/// InfluxDB 1.x: InfluxQL statements on <c>POST /query</c> (1.x refuses <c>CREATE</c> and <c>DELETE</c> in a GET).
/// Checked against the real influxd 1.6.7 (tests/HomeIQ.Influx.Schema.Tests).
/// </summary>
internal sealed class V1Schema(InfluxClient client) : SchemaApi(client)
{
    // The policy InfluxDB 1.x creates with every database (and names in CREATE DATABASE ... WITH without NAME).
    private const string DefaultPolicy = "autogen";

    public override async Task<InfluxSchemaResult> EnsureAsync(string database, InfluxRetention? retention, CancellationToken cancellationToken)
    {
        var policy = retention?.PolicyName ?? Options.RetentionPolicy ?? DefaultPolicy;
        var databases = await ListAsync(cancellationToken).ConfigureAwait(false);
        if (!databases.Contains(database, StringComparer.Ordinal))
        {
            if (retention is null && policy != DefaultPolicy) throw PolicyNeedsRetention(database, policy, databaseExists: false);
            var create = new StringBuilder("CREATE DATABASE ");
            InfluxQLText.AppendIdentifier(create, database);
            if (retention is not null) create.Append(" WITH").Append(PolicyClauses(retention)).Append(" NAME ").Append(InfluxQLText.QuoteIdentifier(policy));
            await ExecuteAsync(create.ToString(), null, "CREATE DATABASE", $"create the database '{database}'", cancellationToken).ConfigureAwait(false);
            return new InfluxSchemaResult(database, InfluxSchemaOutcome.Created, retention is null
                ? $"Created the InfluxDB database '{database}' (its retention policy '{DefaultPolicy}' keeps data forever)."
                : $"Created the InfluxDB database '{database}' with the default retention policy '{policy}', which keeps data {For(retention.Duration)}.");
        }

        if (retention is null && policy == DefaultPolicy) return new InfluxSchemaResult(database, InfluxSchemaOutcome.Existed, $"The InfluxDB database '{database}' exists.");
        var policies = await ExecuteAsync("SHOW RETENTION POLICIES ON " + InfluxQLText.QuoteIdentifier(database), database,
            "SHOW RETENTION POLICIES", $"read the retention policies of the database '{database}'", cancellationToken).ConfigureAwait(false);
        var existing = policies.Rows.FirstOrDefault(r => r.GetValueOrDefault("name") == policy);
        if (existing is null)
        {
            if (retention is null) throw PolicyNeedsRetention(database, policy, databaseExists: true);
            var create = new StringBuilder("CREATE RETENTION POLICY ").Append(InfluxQLText.QuoteIdentifier(policy)).Append(" ON ");
            InfluxQLText.AppendIdentifier(create, database);
            create.Append(PolicyClauses(retention)).Append(" DEFAULT");
            await ExecuteAsync(create.ToString(), database, "CREATE RETENTION POLICY", $"create the retention policy '{policy}' on the database '{database}'", cancellationToken).ConfigureAwait(false);
            return new InfluxSchemaResult(database, InfluxSchemaOutcome.RetentionPolicyCreated,
                $"The InfluxDB database '{database}' exists; created its retention policy '{policy}' (now the default), which keeps data {For(retention.Duration)}.");
        }
        if (retention is null) return new InfluxSchemaResult(database, InfluxSchemaOutcome.Existed, $"The InfluxDB database '{database}' and its retention policy '{policy}' exist.");

        // SHOW RETENTION POLICIES writes durations as Go does ("720h0m0s"), and "0s" for forever.
        TimeSpan? actual = FluxDuration.TryParse(Encoding.UTF8.GetBytes(existing.GetValueOrDefault("duration") ?? ""), out var d) && d > TimeSpan.Zero ? d : null;
        if (actual == retention.Duration)
            return new InfluxSchemaResult(database, InfluxSchemaOutcome.Existed, $"The InfluxDB database '{database}' exists; its retention policy '{policy}' keeps data {For(actual)}.");
        return new InfluxSchemaResult(database, InfluxSchemaOutcome.RetentionDiffers,
            $"The InfluxDB database '{database}' exists, but its retention policy '{policy}' keeps data {For(actual)}, not {For(retention.Duration)} as asked. " +
            "It was left unchanged: shortening a retention policy deletes data; change it with ALTER RETENTION POLICY if that is meant.");
    }

    public override async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync("SHOW DATABASES", null, "SHOW DATABASES", "list the databases", cancellationToken).ConfigureAwait(false);
        return result.Column("name").ToList();
    }

    public override Task DeleteAsync(string database, InfluxDeleteRequest request, CancellationToken cancellationToken)
    {
        // Without a time range DROP SERIES, which also drops the series from the index; DELETE keeps them there.
        bool anyTime = request.Start is not null || request.Stop is not null;
        var statement = new StringBuilder(anyTime ? "DELETE" : "DROP SERIES");
        if (request.Measurement is { } measurement)
        {
            statement.Append(" FROM ");
            InfluxQLText.AppendIdentifier(statement, measurement);
        }
        var conditions = new List<string>();
        foreach (var (key, value) in request.Tags.OrderBy(t => t.Key, StringComparer.Ordinal))
            conditions.Add(InfluxQLText.QuoteIdentifier(key) + " = " + InfluxQLText.QuoteString(value));
        if (request.Start is { } start) conditions.Add("time >= " + InfluxQLText.FormatTime(start));
        if (request.Stop is { } stop) conditions.Add("time < " + InfluxQLText.FormatTime(stop));
        if (conditions.Count > 0) statement.Append(" WHERE ").AppendJoin(" AND ", conditions);
        var operation = anyTime ? "DELETE" : "DROP SERIES";
        return ExecuteAsync(statement.ToString(), database, operation, $"delete points from the database '{database}' ({operation})", cancellationToken);
    }

    // The parts of CREATE DATABASE ... WITH and CREATE RETENTION POLICY that say how long and how.
    private static string PolicyClauses(InfluxRetention retention)
    {
        var clauses = " DURATION " + (retention.Duration is { } d ? InfluxQLText.FormatDuration(d) : "INF") + " REPLICATION 1";
        if (retention.ShardGroupDuration is { } shard) clauses += " SHARD DURATION " + InfluxQLText.FormatDuration(shard);
        return clauses;
    }

    private InfluxSchemaException PolicyNeedsRetention(string database, string policy, bool databaseExists) => new(
        $"The retention policy '{policy}' (InfluxClientOptions.RetentionPolicy / INFLUXDB_RETENTION_POLICY) does not exist on the " +
        $"database '{database}'{(databaseExists ? "" : " (which does not exist either)")} at {Options.Url!.GetLeftPart(UriPartial.Authority)}, so writes to it would fail. " +
        "Say how long it keeps data to create it: EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(30))), or InfluxRetention.Forever.");

    // One statement through POST /query; InfluxQL reports a statement's error inside a 200 answer.
    private async Task<InfluxQLStatementResult> ExecuteAsync(string statement, string? database, string operation, string doing, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>> { new("q", statement) };
        if (database is not null) form.Add(new("db", database));
        var answer = await SendAsync(() =>
        {
            var request = InfluxQLRequest.Create(Client, form);
            Telemetry.InfluxActivity.SetNamespace(request, database);
            return request;
        }, operation, doing, cancellationToken).ConfigureAwait(false);
        var result = InfluxQLStatementResult.Parse(answer.Body);
        if (result.Error is { } error) throw Failure(doing, answer.Status, error);
        return result;
    }
}
