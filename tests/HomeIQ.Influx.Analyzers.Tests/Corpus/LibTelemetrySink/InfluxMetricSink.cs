using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace Home.Telemetry;

public interface IMetricSink
{
    void Record(string name, double value, IReadOnlyDictionary<string, string>? tags = null);
}

/// <summary>Sends application metrics to InfluxDB through a batching WriteApi, flushed when disposed.</summary>
public sealed class InfluxMetricSink : IMetricSink, IDisposable
{
    private readonly InfluxDBClient _client;
    private readonly WriteApi _writeApi;
    private readonly string _bucket;
    private readonly string _org;

    public InfluxMetricSink(string url, string token, string bucket, string org)
    {
        _client = new InfluxDBClient(url, token);
        _writeApi = _client.GetWriteApi();
        _bucket = bucket;
        _org = org;
    }

    public void Record(string name, double value, IReadOnlyDictionary<string, string>? tags = null)
    {
        var point = PointData.Measurement(name).Field("value", value).Timestamp(DateTimeOffset.Now, WritePrecision.Ms);
        if (tags is not null)
            foreach (var (key, tag) in tags) point = point.Tag(key, tag);
        _writeApi.WritePoint(point, _bucket, _org);
    }

    public void Dispose()
    {
        _writeApi.Dispose();
        _client.Dispose();
    }
}

/// <summary>The first version, still used by the legacy service: the WriteApi is flushed when its (injected) client is disposed.</summary>
public sealed class LegacyMetricSink : IMetricSink
{
    private readonly IWriteApi _writeApi;

    public LegacyMetricSink(IInfluxDBClient client)
    {
        _writeApi = client.GetWriteApi();
    }

    public void Record(string name, double value, IReadOnlyDictionary<string, string>? tags = null)
        => _writeApi.WritePoint(PointData.Measurement(name).Field("value", value).Timestamp(DateTime.UtcNow, WritePrecision.Ms), "metrics", "home");
}

/// <summary>Counts events and writes them once a minute; owns its client and disposes it (which flushes the WriteApi it made).</summary>
public sealed class EventCounter : IDisposable
{
    private readonly InfluxDBClient _client;
    private readonly WriteApi _writes;
    private readonly Timer _timer;
    private long _count;

    public EventCounter(string url, string token)
    {
        _client = new InfluxDBClient(url, token);
        _writes = _client.GetWriteApi();
        _timer = new Timer(_ => Flush(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public void Increment() => Interlocked.Increment(ref _count);

    private void Flush()
    {
        var count = Interlocked.Exchange(ref _count, 0);
        _writes.WritePoint(PointData.Measurement("events").Field("count", count).Timestamp(DateTime.UtcNow, WritePrecision.S), "metrics", "home");
    }

    public void Dispose()
    {
        _timer.Dispose();
        _client.Dispose();
    }
}
