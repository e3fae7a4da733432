using System.Net;

namespace HomeIQ.Influx;

/// <summary>
/// What <see cref="InfluxClient.CheckLivenessAsync"/> or <see cref="InfluxClient.CheckReadinessAsync"/> found. When the
/// check failed, <see cref="Description"/> says what to fix and names the setting (<c>Token / INFLUXDB_TOKEN</c>,
/// <c>Database / INFLUXDB_DATABASE</c>, <c>Url</c>, <c>Timeout</c>...); it never contains a token or password, even when
/// the server echoed one.
/// </summary>
/// <param name="IsHealthy">Whether the server answered as expected (and, for readiness, the target can be read).</param>
/// <param name="Description">One sentence for people: what answered, or what to fix.</param>
/// <param name="ServerVersion">The version the server reported in <c>X-Influxdb-Version</c>, when it did.</param>
/// <param name="StatusCode">The HTTP status of the answer, when there was one.</param>
/// <param name="Exception">Why no answer came (connection refused, timeout), when none did.</param>
public sealed record InfluxServerCheck(bool IsHealthy, string Description, string? ServerVersion, HttpStatusCode? StatusCode, Exception? Exception);
