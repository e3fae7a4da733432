using HomeIQ.Influx.Benchmarks.Models;
using HomeIQ.Influx.Benchmarks.Sink;

namespace HomeIQ.Influx.Benchmarks.Durable;

/// <summary>
/// The three writers the durable write benchmarks compare, on the loopback sink: no durable buffer,
/// <see cref="DurableFlushMode.EachWrite"/> and <see cref="DurableFlushMode.Interval"/> (each on its own folder), with
/// a memory window of <c>window</c> points. <see cref="Dispose"/> checks that the sink received exactly the lines the
/// benchmark says it sent (<see cref="Sent"/>), then disposes the writers and deletes the folders.
/// </summary>
internal sealed class DurableWriterSet : IDisposable
{
    private readonly InfluxClient _client;
    private readonly string _eachWriteFolder = DurableBench.CreateFolder("eachwrite");
    private readonly string _intervalFolder = DurableBench.CreateFolder("interval");
    private readonly SinkStats _sinkAtStart;

    public DurableWriterSet(int window)
    {
        _client = DurableBench.SinkClient(SinkEndpoint.Url);
        Off = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(null, DurableFlushMode.EachWrite, window));
        EachWrite = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(_eachWriteFolder, DurableFlushMode.EachWrite, window));
        Interval = new MeasurementWriter<SensorPoint>(_client, DurableBench.Options(_intervalFolder, DurableFlushMode.Interval, window));
        _sinkAtStart = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult();
    }

    public MeasurementWriter<SensorPoint> Off { get; }

    public MeasurementWriter<SensorPoint> EachWrite { get; }

    public MeasurementWriter<SensorPoint> Interval { get; }

    /// <summary>Lines the benchmark has sent to the sink through any writer or client so far.</summary>
    public long Sent { get; set; }

    public void Dispose()
    {
        var received = SinkEndpoint.ReadStatsAsync().GetAwaiter().GetResult() - _sinkAtStart;
        Off.Dispose();
        EachWrite.Dispose();
        Interval.Dispose();
        _client.Dispose();
        DurableBench.DeleteFolder(_eachWriteFolder);
        DurableBench.DeleteFolder(_intervalFolder);
        if (received.Lines != Sent)
            throw new InvalidOperationException($"The sink received {received.Lines} lines but the benchmark sent {Sent}: a variant lost or duplicated points.");
    }
}
