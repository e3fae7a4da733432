using System.Globalization;
using System.Text;
using InfluxDB.Client;

namespace Export;

public sealed record ExportSettings(string Url, string Token, string Org, string Bucket);

public sealed class Exporter
{
    private readonly ExportSettings _settings;

    public Exporter(ExportSettings settings) => _settings = settings;

    // Called once at start.
    public async Task<List<string>> ListMeasurementsAsync()
    {
        using var client = new InfluxDBClient(_settings.Url, _settings.Token);
        var flux = "import \"influxdata/influxdb/schema\" schema.measurements(bucket: \"" + _settings.Bucket + "\")";
        var tables = await client.GetQueryApi().QueryAsync(flux, _settings.Org); // expect: HIQ004
        return tables.SelectMany(t => t.Records).Select(r => (string)r.GetValue()).ToList();
    }

    // Called once per measurement from Program's loop: a client per call.
    public async Task<int> ExportAsync(string measurement, string path)
    {
        using var client = new InfluxDBClient(_settings.Url, _settings.Token); // expect: HIQ002
        var queryApi = client.GetQueryApiSync();
        var flux = $"from(bucket: \"{_settings.Bucket}\") |> range(start: -7d) |> filter(fn: (r) => r._measurement == \"{measurement}\")";
        var tables = queryApi.QuerySync(flux, _settings.Org); // expect: HIQ004, HIQ006
        var csv = new StringBuilder("time,field,value\n");
        var rows = 0;
        foreach (var record in tables.SelectMany(t => t.Records))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{record.GetTime()},{record.GetField()},{record.GetValue()}\n");
            rows++;
        }

        await File.WriteAllTextAsync(path, csv.ToString());
        return rows;
    }

    public async Task WriteSummaryAsync(string path)
    {
        using var client = new InfluxDBClient(_settings.Url, _settings.Token);
        var version = await client.VersionAsync();
        await File.WriteAllTextAsync(path, $"exported from InfluxDB {version} at {DateTime.UtcNow:O}\n");
    }
}
