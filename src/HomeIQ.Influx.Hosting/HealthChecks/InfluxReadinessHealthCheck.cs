using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Readiness: a cheap query against the configured database (v1, v3) or bucket (v2) succeeds
/// (<see cref="InfluxClient.CheckReadinessAsync"/>), which proves the server is up, the credentials are accepted and the
/// target exists. Failures say what to fix: 401 means check the token, 404 (or a v1 "database not found") means the
/// database or bucket is missing.
/// </summary>
public sealed class InfluxReadinessHealthCheck : IHealthCheck
{
    private readonly InfluxClient _client;

    /// <summary>Creates the check over the application's client.</summary>
    public InfluxReadinessHealthCheck(InfluxClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var check = await _client.CheckReadinessAsync(cancellationToken).ConfigureAwait(false);
        return InfluxHealthData.ToResult(context, check, InfluxHealthData.For(_client.Options, check, includeTarget: true));
    }
}
