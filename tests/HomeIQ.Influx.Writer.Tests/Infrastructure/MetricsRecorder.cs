using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace HomeIQ.Influx.Writer.Tests.Infrastructure;

/// <summary>Listens to the HomeIQ.Influx meter for one writer name: sums counters and keeps the largest buffered-points reading.</summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _writer;
    private readonly ConcurrentDictionary<string, long> _sums = new();
    private long _maxBuffered = -1;
    private long _bufferedObservations;

    public MetricsRecorder(string writer)
    {
        _writer = writer;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InfluxTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>((_, _, _, _) => { });
        _listener.Start();
    }

    public long Sum(string instrument) => _sums.GetValueOrDefault(instrument);

    public long MaxBuffered => Interlocked.Read(ref _maxBuffered);

    public long BufferedObservations => Interlocked.Read(ref _bufferedObservations);

    /// <summary>Reads the observable gauge now (MeterListener only sees it when asked).</summary>
    public void Sample() => _listener.RecordObservableInstruments();

    public void Dispose() => _listener.Dispose();

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        bool mine = false;
        foreach (var tag in tags) if (tag.Key == "writer" && (string?)tag.Value == _writer) mine = true;
        if (!mine) return;
        if (instrument.Name == InfluxTelemetry.BufferedPointsInstrument)
        {
            Interlocked.Increment(ref _bufferedObservations);
            long seen;
            while (value > (seen = Interlocked.Read(ref _maxBuffered)) && Interlocked.CompareExchange(ref _maxBuffered, value, seen) != seen) { }
            return;
        }
        _sums.AddOrUpdate(instrument.Name, value, (_, old) => old + value);
    }
}
