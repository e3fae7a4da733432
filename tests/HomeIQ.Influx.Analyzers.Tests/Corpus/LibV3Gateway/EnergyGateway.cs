using InfluxDB3.Client;
using InfluxDB3.Client.Query;
using InfluxDB3.Client.Write;

namespace Home.Energy;

/// <summary>Thin gateway the energy apps share, over InfluxDB 3.</summary>
public sealed class EnergyGateway : IDisposable
{
    private readonly IInfluxDBClient _client;

    public EnergyGateway(string host, string token, string database)
    {
        _client = new InfluxDBClient(host, token, database: database);
    }

    public EnergyGateway(IInfluxDBClient client) => _client = client;

    public async Task<double> TotalAsync(string meter, DateTimeOffset from, DateTimeOffset to)
    {
        const string sql = "SELECT sum(kwh) FROM energy WHERE meter = $meter AND time >= $from AND time < $to";
        var parameters = new Dictionary<string, object> { ["meter"] = meter, ["from"] = from.ToString("O"), ["to"] = to.ToString("O") };
        await foreach (var row in _client.Query(sql, namedParameters: parameters)) return Convert.ToDouble(row[0]);
        return 0;
    }

    public async Task<IReadOnlyList<double>> LastAsync(string meter, int count)
    {
        var values = new List<double>();
        await foreach (var row in _client.Query($"SELECT kwh FROM energy WHERE meter = '{meter}' ORDER BY time DESC LIMIT {count}")) // expect: HIQ004
            values.Add(Convert.ToDouble(row[0]));
        return values;
    }

    public async Task<string> VersionAsync()
    {
        var version = _client.GetServerVersion().Result; // expect: HIQ006
        await Task.Yield();
        return version ?? "unknown";
    }

    // For the old synchronous callers.
    public string Version() => _client.GetServerVersion().GetAwaiter().GetResult() ?? "unknown";

    public Task RecordAsync(string meter, double kwh, DateTime readAt, CancellationToken cancellationToken = default)
        => _client.WritePointAsync(PointData.Measurement("energy").SetTag("meter", meter).SetField("kwh", kwh).SetTimestamp(readAt), cancellationToken: cancellationToken);

    public Task RecordLocalAsync(string meter, double kwh, CancellationToken cancellationToken = default)
        => RecordAsync(meter, kwh, DateTime.Now, cancellationToken); // expect: HIQ005

    public void Dispose() => _client.Dispose();
}
