using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace Home.Audit;

/// <summary>Records who changed what in the home configuration; one instance per application.</summary>
public sealed class AuditTrail
{
    private readonly InfluxDBClient _client;
    private readonly WriteApi _writes;
    private readonly string _bucket;

    public AuditTrail(string url, string token, string bucket)
    {
        _client = new InfluxDBClient(url, token);
        _writes = _client.GetWriteApi(); // expect: HIQ007
        _bucket = bucket;
    }

    public void Record(string user, string action, string target)
        => _writes.WritePoint(PointData.Measurement("audit").Tag("user", user).Tag("target", target).Field("action", action)
            .Timestamp(DateTime.UtcNow, WritePrecision.Ms), _bucket, "home");

    public Task<bool> PingAsync() => _client.PingAsync();
}
