using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HomeIQ.Influx;

/// <summary>
/// The names under which HomeIQ.Influx publishes telemetry: one <see cref="System.Diagnostics.Metrics.Meter"/> and
/// one <see cref="System.Diagnostics.ActivitySource"/>, both called <c>HomeIQ.Influx</c>. Subscribe with
/// OpenTelemetry's <c>AddMeter(InfluxTelemetry.Name)</c> / <c>AddSource(InfluxTelemetry.Name)</c>.
/// </summary>
/// <remarks>
/// Instruments: <c>homeiq.influx.points.written</c>, <c>homeiq.influx.points.dropped</c> (tag <c>reason</c>),
/// <c>homeiq.influx.points.rejected</c> (tag <c>reason</c>), <c>homeiq.influx.points.failed</c>,
/// <c>homeiq.influx.batches.retried</c>, <c>homeiq.influx.batch.duration</c> (seconds) and the observable gauge
/// <c>homeiq.influx.points.buffered</c>; with a durable buffer also the <c>homeiq.influx.durable.*</c> instruments (see
/// <see cref="DurableBytesInstrument"/>). Every measurement carries the tag <c>writer</c> (see <see cref="WriteOptions.Name"/>).
/// </remarks>
public static partial class InfluxTelemetry
{
    /// <summary>The meter and activity source name: <c>HomeIQ.Influx</c>.</summary>
    public const string Name = "HomeIQ.Influx";

    /// <summary>The instrument name of the buffered-points gauge.</summary>
    public const string BufferedPointsInstrument = "homeiq.influx.points.buffered";

    /// <summary>The instrument name of the written-points counter.</summary>
    public const string WrittenPointsInstrument = "homeiq.influx.points.written";

    /// <summary>The instrument name of the dropped-points counter (backpressure).</summary>
    public const string DroppedPointsInstrument = "homeiq.influx.points.dropped";

    /// <summary>The instrument name of the rejected-points counter (invalid points and lines the server refused).</summary>
    public const string RejectedPointsInstrument = "homeiq.influx.points.rejected";

    /// <summary>The instrument name of the failed-points counter (batches that could not be written after retries).</summary>
    public const string FailedPointsInstrument = "homeiq.influx.points.failed";

    /// <summary>The instrument name of the retried-batches counter.</summary>
    public const string RetriedBatchesInstrument = "homeiq.influx.batches.retried";

    /// <summary>The instrument name of the batch latency histogram (seconds, from first attempt to outcome).</summary>
    public const string BatchDurationInstrument = "homeiq.influx.batch.duration";

    internal static readonly ActivitySource ActivitySource = new(Name);
    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> PointsWritten = Meter.CreateCounter<long>(WrittenPointsInstrument, "{point}", "Points the server accepted.");
    internal static readonly Counter<long> PointsDropped = Meter.CreateCounter<long>(DroppedPointsInstrument, "{point}", "Points dropped because the buffer was full.");
    internal static readonly Counter<long> PointsRejected = Meter.CreateCounter<long>(RejectedPointsInstrument, "{point}", "Points that could not be serialized or that the server rejected.");
    internal static readonly Counter<long> PointsFailed = Meter.CreateCounter<long>(FailedPointsInstrument, "{point}", "Points in batches that could not be written (retries exhausted, not retryable, or disposed).");
    internal static readonly Counter<long> BatchesRetried = Meter.CreateCounter<long>(RetriedBatchesInstrument, "{retry}", "Retries of HTTP requests (write batches and queries).");
    internal static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>(BatchDurationInstrument, "s", "Time from a batch's first HTTP attempt to its outcome.");

    // Writers register a callback so one gauge reports every live writer (instruments are not created per writer).
    private static readonly ConcurrentDictionary<object, Func<Measurement<long>>> s_bufferedSources = new();

    internal static readonly ObservableGauge<long> BufferedPoints = Meter.CreateObservableGauge(
        BufferedPointsInstrument, ObserveBuffered, "{point}", "Points accepted by a writer and not yet written or reported.");

    internal static void RegisterBuffered(object owner, Func<Measurement<long>> observe) => s_bufferedSources[owner] = observe;

    internal static void UnregisterBuffered(object owner) => s_bufferedSources.TryRemove(owner, out _);

    private static IEnumerable<Measurement<long>> ObserveBuffered()
    {
        foreach (var source in s_bufferedSources.Values) yield return source();
    }
}
