using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Liveness: the server answers <c>GET /ping</c> (<see cref="InfluxClient.CheckLivenessAsync"/>). Healthy results carry
/// the server's version in the description and in <c>data["version"]</c>.
/// </summary>
public sealed class InfluxLivenessHealthCheck : IHealthCheck
{
    private readonly InfluxClient _client;

    /// <summary>Creates the check over the application's client.</summary>
    public InfluxLivenessHealthCheck(InfluxClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <inheritdoc/>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var check = await _client.CheckLivenessAsync(cancellationToken).ConfigureAwait(false);
        var data = InfluxHealthData.For(_client.Options, check, includeTarget: false);
        if (check.IsHealthy) data["version"] = check.ServerVersion ?? "unknown";
        return InfluxHealthData.ToResult(context, check, data);
    }
}
