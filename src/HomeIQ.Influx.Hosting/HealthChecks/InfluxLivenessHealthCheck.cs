using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Liveness: the server answers <c>GET /ping</c>. Healthy results carry the server's version in the description and
/// in <c>data["version"]</c>.
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
        var options = _client.Options;
        var data = new Dictionary<string, object> { ["url"] = options.Url?.ToString() ?? "", ["api"] = options.Api.ToString() };
        try
        {
            var version = await _client.PingAsync(cancellationToken).ConfigureAwait(false);
            data["version"] = version ?? "unknown";
            return HealthCheckResult.Healthy($"InfluxDB {version ?? "(version not reported)"} answered /ping at {options.Url}.", data);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return InfluxHealthFailure.From(context, ex, options, data, isPing: true);
        }
    }
}
