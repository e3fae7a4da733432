using HomeIQ.Influx.Client.Schema;

namespace HomeIQ.Influx;

/// <summary>
/// Databases, buckets and deleting points, small and safe: <see cref="EnsureDatabaseAsync"/> creates what is missing
/// and never changes or drops what exists, <see cref="ListDatabasesAsync"/> lists, <see cref="DeletePointsAsync"/>
/// deletes points by time range and tags. Get it from <see cref="InfluxClient.Schema"/>. Every request goes through the
/// client's query path: retries of 429, 5xx, timeouts and connection failures, the query circuit breaker, one span per attempt.
/// </summary>
/// <remarks>
/// The words follow the server: a <em>database</em> is an InfluxDB 1.x or 3.x database and, on the v2 API, a bucket.
/// Names are validated before anything is sent (the message names the setting and the value) and escaped with the same
/// code as every query (<see cref="Querying.InfluxQLText"/>). The credentials need the rights to manage databases: an
/// admin user on InfluxDB 1.x, a token that may write buckets of the organization on 2.x, an admin token on 3.x.
/// </remarks>
public sealed class InfluxSchema
{
    private readonly InfluxClient _client;
    private readonly SchemaApi _api;

    internal InfluxSchema(InfluxClient client)
    {
        _client = client;
        // The API is chosen once (a strategy per version, not a switch in every method).
        _api = client.Options.Api switch
        {
            InfluxApiVersion.V1 => new V1Schema(client),
            InfluxApiVersion.V2 => new V2Schema(client),
            _ => new V3Schema(client),
        };
    }

    /// <summary>
    /// Makes sure the database (v1, v3) or bucket (v2) exists, creating it when it does not. What exists is never
    /// changed: when it keeps data for another duration than <paramref name="retention"/> asks, the result says so
    /// (<see cref="InfluxSchemaOutcome.RetentionDiffers"/>) and nothing is altered.
    /// </summary>
    /// <param name="name">The database or bucket; <see cref="InfluxClientOptions.Target"/> when <see langword="null"/>.</param>
    /// <param name="retention">How long the database keeps data when it is created; the server's default (forever) when
    /// <see langword="null"/>. On InfluxDB 1.x it is a retention policy (<see cref="InfluxRetention.PolicyName"/>, else
    /// <see cref="InfluxClientOptions.RetentionPolicy"/>, else <c>autogen</c>), created as the database's default when
    /// missing. On InfluxDB 3 the retention of an existing database is not reported, so it is not compared.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>What was found or done, with a sentence for a log.</returns>
    /// <exception cref="ArgumentException">The name is not valid for the server's API (the message says why).</exception>
    /// <exception cref="InfluxSchemaException">The server refused (e.g. 401/403: the credentials may not manage databases),
    /// or, on InfluxDB 1.x, the configured retention policy is missing and no <paramref name="retention"/> says how to create it.</exception>
    /// <exception cref="TimeoutException">The server did not answer in time, retries included.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public Task<InfluxSchemaResult> EnsureDatabaseAsync(string? name = null, InfluxRetention? retention = null, CancellationToken cancellationToken = default)
    {
        var database = DatabaseName(name, nameof(name));
        if (retention is { Duration: { } duration } && duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(retention), duration, "InfluxRetention.Duration must be positive; use InfluxRetention.Forever (a null Duration) to keep data forever.");
        if (retention is { ShardGroupDuration: { } shard } && shard <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(retention), shard, "InfluxRetention.ShardGroupDuration must be positive, or null for the server's default.");
        if (retention?.PolicyName is { } policy)
        {
            SchemaNames.ValidateText(policy, "InfluxRetention.PolicyName");
            if (_client.Options.Api == InfluxApiVersion.V1) SchemaNames.ValidateV1Name(policy, "InfluxRetention.PolicyName");
        }
        return _api.EnsureAsync(database, retention, cancellationToken);
    }

    /// <summary>The names of the databases (v1, v3) or of the organization's buckets (v2), system ones included (<c>_internal</c>, <c>_monitoring</c>, ...).</summary>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <exception cref="InfluxSchemaException">The server refused (e.g. 401/403).</exception>
    /// <exception cref="TimeoutException">The server did not answer in time, retries included.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public Task<IReadOnlyList<string>> ListDatabasesAsync(CancellationToken cancellationToken = default) => _api.ListAsync(cancellationToken);

    /// <summary>
    /// Deletes the points <paramref name="request"/> selects: InfluxDB 1.x runs <c>DELETE FROM ... WHERE ...</c>, or
    /// <c>DROP SERIES</c> when the request has no time range (which also removes the series from the index); InfluxDB 2.x
    /// posts to <c>/api/v2/delete</c> (its stop time is inclusive, so the request's exclusive stop is sent one nanosecond
    /// earlier). InfluxDB 3 has no API to delete points and throws <see cref="NotSupportedException"/>.
    /// </summary>
    /// <param name="request">The measurement, tags and time range; at least a measurement or one tag.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <exception cref="ArgumentException">The request selects everything, a name or value cannot be written in line
    /// protocol (so no point can have it), or <see cref="InfluxDeleteRequest.Start"/> is not before <see cref="InfluxDeleteRequest.Stop"/>.</exception>
    /// <exception cref="NotSupportedException">The client uses the v3 API.</exception>
    /// <exception cref="InfluxSchemaException">The server refused (e.g. 401/403, or the database does not exist).</exception>
    /// <exception cref="TimeoutException">The server did not answer in time, retries included.</exception>
    /// <exception cref="HttpRequestException">The server could not be reached.</exception>
    public Task DeletePointsAsync(InfluxDeleteRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var database = DatabaseName(request.Database, nameof(request) + "." + nameof(InfluxDeleteRequest.Database));
        SchemaNames.ValidateDelete(request);
        return _api.DeleteAsync(database, request, cancellationToken);
    }

    /// <summary>Describes the schema API without secrets.</summary>
    public override string ToString() => $"InfluxSchema {{ {_client.Options.Api} at {_client.Options.Url} }}";

    private string DatabaseName(string? name, string parameter)
    {
        var database = name ?? _client.Options.Target
            ?? throw new ArgumentException("No database given and InfluxClientOptions has no Database or Bucket.", parameter);
        SchemaNames.ValidateDatabase(database, _client.Options.Api, name is null ? TargetSetting(_client.Options.Api) : parameter);
        return database;
    }

    private static string TargetSetting(InfluxApiVersion api) => api == InfluxApiVersion.V2 ? "InfluxClientOptions.Bucket" : "InfluxClientOptions.Database";
}
