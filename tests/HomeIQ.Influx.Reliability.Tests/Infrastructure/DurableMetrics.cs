using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace HomeIQ.Influx.Reliability.Tests.Infrastructure;

/// <summary>Listens to the HomeIQ.Influx meter for one writer (by its <c>writer</c> tag): counter sums and gauge readings.</summary>
public sealed class DurableMetrics : IDisposable
{
    private readonly string _writer;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _sums = new();
    private readonly ConcurrentDictionary<string, double> _last = new();

    public DurableMetrics(string writer)
    {
        _writer = writer;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == InfluxTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => On(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => On(i, v, tags));
        _listener.Start();
    }

    /// <summary>The sum of a counter's measurements for this writer.</summary>
    public long Sum(string instrument) => (long)_sums.GetValueOrDefault(instrument);

    /// <summary>A gauge's current value for this writer (asks the observable instruments now).</summary>
    public double Read(string instrument)
    {
        _last.TryRemove(instrument, out _);
        lock (_listener) _listener.RecordObservableInstruments();
        return _last.GetValueOrDefault(instrument, double.NaN);
    }

    public void Dispose() => _listener.Dispose();

    private void On(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key != "writer" || !Equals(tag.Value, _writer)) continue;
            if (instrument is ObservableInstrument<long> or ObservableInstrument<double>) _last[instrument.Name] = value;
            else _sums.AddOrUpdate(instrument.Name, value, (_, old) => old + value);
        }
    }
}
