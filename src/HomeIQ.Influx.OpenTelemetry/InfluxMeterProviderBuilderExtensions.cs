using HomeIQ.Influx;

// In OpenTelemetry's namespace, as its own instrumentation packages do, so `AddInfluxInstrumentation()` is found
// next to `AddHttpClientInstrumentation()` without another using.
namespace OpenTelemetry.Metrics;

/// <summary>Adds HomeIQ.Influx's metrics to an OpenTelemetry <see cref="MeterProviderBuilder"/>.</summary>
public static class InfluxMeterProviderBuilderExtensions
{
    /// <summary>
    /// Subscribes to the <c>HomeIQ.Influx</c> meter (<see cref="InfluxTelemetry.Name"/>): the counters
    /// <c>homeiq.influx.points.written</c>, <c>.points.dropped</c>, <c>.points.rejected</c>, <c>.points.failed</c> and
    /// <c>homeiq.influx.batches.retried</c>, the histogram <c>homeiq.influx.batch.duration</c> (seconds) and the gauge
    /// <c>homeiq.influx.points.buffered</c>, each tagged with the writer's name (<c>writer</c>).
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static MeterProviderBuilder AddInfluxInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMeter(InfluxTelemetry.Name);
    }
}
