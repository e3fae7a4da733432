using System.Net.Sockets;
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

/// <summary>Builds failed results shared by both checks.</summary>
internal static class InfluxHealthFailure
{
    public static HealthCheckResult From(HealthCheckContext context, Exception ex, InfluxClientOptions options, Dictionary<string, object> data, bool isPing)
    {
        string description;
        if (ex is HttpRequestException { StatusCode: { } status })
        {
            data["statusCode"] = (int)status;
            description = InfluxStatusExplanation.Explain(status, options, isPing);
        }
        else if (ex is HttpRequestException http)
        {
            var reason = http.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : http.HttpRequestError.ToString();
            description = $"InfluxDB at {options.Url} could not be reached ({reason}): is the server running and is Url (INFLUXDB_URL) right?";
        }
        else
        {
            description = $"InfluxDB at {options.Url} did not answer within {options.Timeout.TotalSeconds:0.###} s (Timeout / INFLUXDB_TIMEOUT).";
        }
        return new HealthCheckResult(context.Registration.FailureStatus, InfluxRedaction.Scrub(description, options), ex, data);
    }
}
