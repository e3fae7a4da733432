using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HomeIQ.Influx.Telemetry;

namespace HomeIQ.Influx;

public static partial class InfluxTelemetry
{
    /// <summary>The instrument name of the gauge of bytes in the durable buffer's segment files (unit <c>By</c>).</summary>
    public const string DurableBytesInstrument = "homeiq.influx.durable.bytes";

    /// <summary>The instrument name of the gauge of points in the durable buffer that the server has not confirmed, in memory and on disk.</summary>
    public const string DurablePointsInstrument = "homeiq.influx.durable.points";

    /// <summary>The instrument name of the gauge of points held only on disk, waiting to be read back into memory (the replay still to do).</summary>
    public const string DurableBacklogInstrument = "homeiq.influx.durable.backlog";

    /// <summary>The instrument name of the gauge of the age of the oldest point the server has not confirmed (seconds).</summary>
    public const string DurableOldestAgeInstrument = "homeiq.influx.durable.oldest_age";

    /// <summary>The instrument name of the counter of points read back from disk into memory (replay progress).</summary>
    public const string DurableReplayedInstrument = "homeiq.influx.durable.replayed";

    /// <summary>The instrument name of the counter of points left in the durable buffer when a writer was disposed, for the next writer (not lost).</summary>
    public const string DurableKeptInstrument = "homeiq.influx.durable.kept";

    /// <summary>The instrument name of the counter of damaged records found in the durable buffer (tag <c>acknowledged</c>: <c>true</c>, <c>false</c> or <c>unknown</c>).</summary>
    public const string DurableDamagedRecordsInstrument = "homeiq.influx.durable.damaged.records";

    /// <summary>The instrument name of the counter of damaged bytes found in the durable buffer (unit <c>By</c>).</summary>
    public const string DurableDamagedBytesInstrument = "homeiq.influx.durable.damaged.bytes";

    /// <summary>The instrument name of the counter of disk flushes (<c>fsync</c>) of the durable buffer's data; with group commit one flush serves many <c>WriteAsync</c> calls.</summary>
    public const string DurableDiskFlushesInstrument = "homeiq.influx.durable.disk_flushes";

    internal static readonly Counter<long> DurableReplayed = Meter.CreateCounter<long>(DurableReplayedInstrument, "{point}", "Points read back from the durable buffer's files into memory.");
    internal static readonly Counter<long> DurableKept = Meter.CreateCounter<long>(DurableKeptInstrument, "{point}", "Points left in the durable buffer at dispose for the next writer on the folder (not lost).");
    internal static readonly Counter<long> DurableDamagedRecords = Meter.CreateCounter<long>(DurableDamagedRecordsInstrument, "{record}", "Damaged records found in the durable buffer; their points cannot be sent.");
    internal static readonly Counter<long> DurableDamagedBytes = Meter.CreateCounter<long>(DurableDamagedBytesInstrument, "By", "Damaged bytes found in the durable buffer.");
    internal static readonly Counter<long> DurableDiskFlushes = Meter.CreateCounter<long>(DurableDiskFlushesInstrument, "{flush}", "Disk flushes (fsync) of the durable buffer's data.");

    // Writers with a durable buffer register one callback; each gauge asks every registered writer (instruments are not
    // created per writer, as for the buffered-points gauge).
    private static readonly ConcurrentDictionary<object, Func<DurableReadings>> s_durableSources = new();

    internal static readonly ObservableGauge<long> DurableBytes = Meter.CreateObservableGauge(
        DurableBytesInstrument, () => ObserveDurable(static r => r.Bytes), "By", "Bytes of the durable buffer's segment files.");

    internal static readonly ObservableGauge<long> DurablePoints = Meter.CreateObservableGauge(
        DurablePointsInstrument, () => ObserveDurable(static r => r.Points), "{point}", "Points in the durable buffer the server has not confirmed.");

    internal static readonly ObservableGauge<long> DurableBacklog = Meter.CreateObservableGauge(
        DurableBacklogInstrument, () => ObserveDurable(static r => r.Backlog), "{point}", "Points only on disk, waiting to be read back into memory.");

    internal static readonly ObservableGauge<double> DurableOldestAge = Meter.CreateObservableGauge(
        DurableOldestAgeInstrument, () => ObserveDurable(static r => r.OldestAgeSeconds), "s", "Age of the oldest point in the durable buffer the server has not confirmed.");

    internal static void RegisterDurable(object owner, Func<DurableReadings> observe) => s_durableSources[owner] = observe;

    internal static void UnregisterDurable(object owner) => s_durableSources.TryRemove(owner, out _);

    private static IEnumerable<Measurement<T>> ObserveDurable<T>(Func<DurableReadings, T> value) where T : struct
    {
        foreach (var source in s_durableSources.Values)
        {
            var readings = source();
            yield return new Measurement<T>(value(readings), readings.Writer);
        }
    }
}
