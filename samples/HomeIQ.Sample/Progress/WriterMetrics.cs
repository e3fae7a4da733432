using System.Diagnostics.Metrics;
using HomeIQ.Influx;

namespace HomeIQ.Sample.Progress;

/// <summary>
/// Reads the writers' metrics from the <c>HomeIQ.Influx</c> meter with a <see cref="MeterListener"/>, the same numbers
/// OpenTelemetry would export: points written, failed, rejected and dropped, retried batches, and the buffered gauge.
/// </summary>
public sealed class WriterMetrics : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _written, _failed, _rejected, _dropped, _retried, _bufferedSum;

    /// <summary>Starts listening.</summary>
    public WriterMetrics()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InfluxTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
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

    /// <summary>Points accepted by the writers and not yet written (sampled by <see cref="SampleBuffered"/>).</summary>
    public long SampleBuffered()
    {
        Interlocked.Exchange(ref _bufferedSum, 0);
        // Observable instruments report only when asked: the gauge calls back once per live writer.
        _listener.RecordObservableInstruments();
        return Interlocked.Read(ref _bufferedSum);
    }

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
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _listener.Dispose();
}
