using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HomeIQ.Influx.Hosting;

/// <summary>Names, tags and failure status of the checks <c>AddInfluxHealthChecks</c> registers.</summary>
public sealed class InfluxHealthCheckOptions
{
    /// <summary>The liveness check's name. Default <c>influxdb-live</c>.</summary>
    public string LivenessName { get; set; } = "influxdb-live";

    /// <summary>The readiness check's name. Default <c>influxdb-ready</c>.</summary>
    public string ReadinessName { get; set; } = "influxdb-ready";

    /// <summary>Tags of the liveness check, to select it in a health endpoint's predicate. Default <c>live</c>.</summary>
    public IList<string> LivenessTags { get; } = ["live"];

    /// <summary>Tags of the readiness check. Default <c>ready</c>.</summary>
    public IList<string> ReadinessTags { get; } = ["ready"];

    /// <summary>The status reported when a check fails. Default <see cref="HealthStatus.Unhealthy"/>.</summary>
    public HealthStatus FailureStatus { get; set; } = HealthStatus.Unhealthy;

    /// <summary>
    /// An overall limit for each check run, or <see langword="null"/> for none. Each request is already limited by
    /// <see cref="InfluxClientOptions.Timeout"/>, so this only matters to cut a check shorter than that.
    /// </summary>
    public TimeSpan? Timeout { get; set; }
}
