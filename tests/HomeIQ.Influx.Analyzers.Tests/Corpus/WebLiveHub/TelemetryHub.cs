using InfluxDB.Client;
using Microsoft.AspNetCore.SignalR;

namespace LiveHub;

public sealed class TelemetryHub(TelemetryStore store, IConfiguration configuration) : Hub
{
    // Called by the browser whenever a chart is opened.
    public async Task<double?> Latest(string room)
    {
        using var client = new InfluxDBClient(configuration["Influx:Url"]!, configuration["Influx:Token"]!); // expect: HIQ002
        var flux = "from(bucket: \"home\") |> range(start: -10m) |> filter(fn: (r) => r.room == \"" + room + "\") |> last()";
        var tables = await client.GetQueryApi().QueryAsync(flux, "home"); // expect: HIQ004
        return tables.SelectMany(t => t.Records).Select(r => (double?)Convert.ToDouble(r.GetValue())).FirstOrDefault();
    }

    public Task<IReadOnlyList<string>> Rooms() => store.RoomsAsync();

    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, "all");
        await base.OnConnectedAsync();
    }
}

public sealed class TelemetryStore : IDisposable
{
    private readonly InfluxDBClient _client;

    public TelemetryStore(IConfiguration configuration)
    {
        _client = new InfluxDBClient(configuration["Influx:Url"]!, configuration["Influx:Token"]!);
    }

    public async Task<IReadOnlyList<string>> RoomsAsync()
    {
        var tables = await _client.GetQueryApi().QueryAsync("import \"influxdata/influxdb/schema\" schema.tagValues(bucket: \"home\", tag: \"room\")", "home");
        return tables.SelectMany(t => t.Records).Select(r => (string)r.GetValue()).ToList();
    }

    public void Dispose() => _client.Dispose();
}
