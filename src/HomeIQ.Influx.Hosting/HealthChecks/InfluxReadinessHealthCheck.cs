using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Hosting;

/// <summary>
/// Readiness: a cheap query against the configured database (v1, v3) or bucket (v2) succeeds, which proves the server
/// is up, the credentials are accepted and the target exists. Failures say what to fix: 401 means check the token,
/// 404 (or a v1 "database not found") means the database or bucket is missing.
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
        var options = _client.Options;
        var data = new Dictionary<string, object>
        {
            ["url"] = options.Url?.ToString() ?? "",
            ["api"] = options.Api.ToString(),
            [options.Api == InfluxApiVersion.V2 ? "bucket" : "database"] = options.Target ?? "",
        };
        try
        {
            var outcome = await InfluxReadinessProbe.RunAsync(_client, cancellationToken).ConfigureAwait(false);
            if (outcome.Status is { } status) data["statusCode"] = (int)status;
            if (outcome.Ready)
                return HealthCheckResult.Healthy($"InfluxDB at {options.Url} can read {InfluxStatusExplanation.Target(options)}.", data);
            return new HealthCheckResult(context.Registration.FailureStatus, InfluxRedaction.Scrub(outcome.Description, options), null, data);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return InfluxHealthFailure.From(context, ex, options, data, isPing: false);
        }
    }
}
