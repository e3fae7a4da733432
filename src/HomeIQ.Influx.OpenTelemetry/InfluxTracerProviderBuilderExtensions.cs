using HomeIQ.Influx;

namespace OpenTelemetry.Trace;

/// <summary>Adds HomeIQ.Influx's spans to an OpenTelemetry <see cref="TracerProviderBuilder"/>.</summary>
public static class InfluxTracerProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes to the <c>HomeIQ.Influx</c> activity source (<see cref="InfluxTelemetry.Name"/>): one client span per
    /// HTTP attempt (writes, queries, probes, schema requests), named <c>{db.operation.name} {db.namespace}</c> (e.g.
    /// <c>write sensors</c>) and tagged with <c>db.system.name</c>, <c>db.namespace</c>, <c>db.operation.name</c>,
    /// <c>server.address</c>, <c>server.port</c>, <c>http.request.method</c>, <c>http.response.status_code</c>,
    /// <c>http.request.resend_count</c> (retries), and on failure <c>error.type</c> and <c>db.response.status_code</c>.
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TracerProviderBuilder AddInfluxInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSource(InfluxTelemetry.Name);
    }
}
