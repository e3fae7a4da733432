using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Hosting;

/// <summary>Turns the client's <see cref="InfluxServerCheck"/> into a health-check result with the data both checks share.</summary>
internal static class InfluxHealthData
{
    public static Dictionary<string, object> For(InfluxClientOptions options, InfluxServerCheck check, bool includeTarget)
    {
        var data = new Dictionary<string, object> { ["url"] = options.Url?.ToString() ?? "", ["api"] = options.Api.ToString() };
        if (includeTarget) data[options.Api == InfluxApiVersion.V2 ? "bucket" : "database"] = options.Target ?? "";
        if (check.StatusCode is { } status) data["statusCode"] = (int)status;
        return data;
    }

    // The description is the client's: it names the setting to fix and never holds a secret.
    public static HealthCheckResult ToResult(HealthCheckContext context, InfluxServerCheck check, Dictionary<string, object> data) => check.IsHealthy
        ? HealthCheckResult.Healthy(check.Description, data)
        : new HealthCheckResult(context.Registration.FailureStatus, check.Description, check.Exception, data);
}
