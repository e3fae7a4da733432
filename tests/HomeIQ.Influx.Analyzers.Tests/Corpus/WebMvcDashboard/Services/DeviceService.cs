using InfluxDB.Client;

namespace Dashboard.Services;

public interface IDeviceService
{
    Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken);
}

public sealed class DeviceService(IInfluxDBClient client) : IDeviceService
{
    public async Task<IReadOnlyList<string>> ListDevicesAsync(CancellationToken cancellationToken)
    {
        const string flux = "import \"influxdata/influxdb/schema\" schema.tagValues(bucket: \"home\", tag: \"device\")";
        var tables = await client.GetQueryApi().QueryAsync(flux, "home", cancellationToken);
        return tables.SelectMany(t => t.Records).Select(r => (string)r.GetValue()).ToList();
    }
}
