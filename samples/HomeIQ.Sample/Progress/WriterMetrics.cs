using System.Diagnostics.Metrics;
using HomeIQ.Influx;

namespace HomeIQ.Sample.Progress;

/// <summary>
/// Reads the writers' metrics from the <c>HomeIQ.Influx</c> meter with a <see cref="MeterListener"/>, the same numbers
/// OpenTelemetry would export: points written, failed, rejected and dropped, retried batches, and the buffered gauge;
/// with a durable buffer also its gauges (points and bytes on disk, oldest point's age) and counters (replayed, damaged, disk flushes).
/// </summary>
public sealed class WriterMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _written, _failed, _rejected, _dropped, _retried, _bufferedSum;
    private long _durablePoints, _durableBytes, _durableBacklog, _replayed, _damaged, _diskFlushes;
    private double _oldestAge;

    /// <summary>Starts listening.</summary>
    public WriterMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InfluxTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Points the server accepted.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Points in batches that could not be written.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Points that could not be serialized or that the server refused.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Points dropped because a buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Retried HTTP requests.</summary>
    public long Retried => Interlocked.Read(ref _retried);

    /// <summary>Points read back from the durable buffer's files into memory.</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    /// <summary>Damaged durable records found.</summary>
    public long DamagedRecords => Interlocked.Read(ref _damaged);

    /// <summary>Disk flushes of the durable buffer.</summary>
    public long DiskFlushes => Interlocked.Read(ref _diskFlushes);

    /// <summary>Points accepted by the writers and not yet written (sampled by <see cref="SampleBuffered"/>).</summary>
    public long SampleBuffered()
    {
        Interlocked.Exchange(ref _bufferedSum, 0);
        Interlocked.Exchange(ref _durablePoints, 0);
        Interlocked.Exchange(ref _durableBytes, 0);
        Interlocked.Exchange(ref _durableBacklog, 0);
        _oldestAge = 0;
        // Observable instruments report only when asked: each gauge calls back once per live writer.
        _listener.RecordObservableInstruments();
        return Interlocked.Read(ref _bufferedSum);
    }

    /// <summary>The durable buffers' gauges as of the last <see cref="SampleBuffered"/>, summed over the writers (the age is the oldest).</summary>
    public (long Points, long Bytes, long Backlog, double OldestAgeSeconds) Durable =>
        (Interlocked.Read(ref _durablePoints), Interlocked.Read(ref _durableBytes), Interlocked.Read(ref _durableBacklog), _oldestAge);

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        switch (instrument.Name)
        {
            case InfluxTelemetry.WrittenPointsInstrument: Interlocked.Add(ref _written, value); break;
            case InfluxTelemetry.FailedPointsInstrument: Interlocked.Add(ref _failed, value); break;
            case InfluxTelemetry.RejectedPointsInstrument: Interlocked.Add(ref _rejected, value); break;
            case InfluxTelemetry.DroppedPointsInstrument: Interlocked.Add(ref _dropped, value); break;
            case InfluxTelemetry.RetriedBatchesInstrument: Interlocked.Add(ref _retried, value); break;
            case InfluxTelemetry.BufferedPointsInstrument: Interlocked.Add(ref _bufferedSum, value); break;
            case InfluxTelemetry.DurablePointsInstrument: Interlocked.Add(ref _durablePoints, value); break;
            case InfluxTelemetry.DurableBytesInstrument: Interlocked.Add(ref _durableBytes, value); break;
            case InfluxTelemetry.DurableBacklogInstrument: Interlocked.Add(ref _durableBacklog, value); break;
            case InfluxTelemetry.DurableReplayedInstrument: Interlocked.Add(ref _replayed, value); break;
            case InfluxTelemetry.DurableDamagedRecordsInstrument: Interlocked.Add(ref _damaged, value); break;
            case InfluxTelemetry.DurableDiskFlushesInstrument: Interlocked.Add(ref _diskFlushes, value); break;
        }
    }

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        // The only double instrument read here: the oldest unconfirmed point's age, per writer (keep the oldest).
        if (instrument.Name == InfluxTelemetry.DurableOldestAgeInstrument && value > _oldestAge) _oldestAge = value;
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();
}
