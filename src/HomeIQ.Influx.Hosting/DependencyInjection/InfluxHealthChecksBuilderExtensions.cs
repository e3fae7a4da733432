using HomeIQ.Influx;
using HomeIQ.Influx.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds InfluxDB liveness and readiness checks to the health-check service.</summary>
public static class InfluxHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="InfluxLivenessHealthCheck"/> (tagged <c>live</c>: <c>/ping</c> answers, with the server's version)
    /// and <see cref="InfluxReadinessHealthCheck"/> (tagged <c>ready</c>: a cheap query against the configured database
    /// or bucket). Both use the <see cref="InfluxClient"/> registered by <c>AddInflux</c>.
    /// </summary>
    /// <param name="builder">The health-checks builder from <c>services.AddHealthChecks()</c>.</param>
    /// <param name="configure">Changes names, tags, failure status or timeout (see <see cref="InfluxHealthCheckOptions"/>).</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHealthChecksBuilder AddInfluxHealthChecks(this IHealthChecksBuilder builder, Action<InfluxHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new InfluxHealthCheckOptions();
        configure?.Invoke(options);
        builder.Add(new HealthCheckRegistration(options.LivenessName,
            static sp => new InfluxLivenessHealthCheck(sp.GetRequiredService<InfluxClient>()),
            options.FailureStatus, options.LivenessTags, options.Timeout));
        builder.Add(new HealthCheckRegistration(options.ReadinessName,
            static sp => new InfluxReadinessHealthCheck(sp.GetRequiredService<InfluxClient>()),
            options.FailureStatus, options.ReadinessTags, options.Timeout));
        return builder;
    }

    /// <summary>Shorthand for <c>services.AddHealthChecks().AddInfluxHealthChecks(configure)</c>.</summary>
    /// <returns>The health-checks builder, to add more checks.</returns>
    public static IHealthChecksBuilder AddInfluxHealthChecks(this IServiceCollection services, Action<InfluxHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.AddHealthChecks().AddInfluxHealthChecks(configure);
    }
}
