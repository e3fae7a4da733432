using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

// Backfills daily energy totals from the meter's JSON archive, one file per day:
//   dotnet run -- ./archive 2024-01-01 2024-03-31
var archive = args.Length > 0 ? args[0] : "./archive";
var from = args.Length > 1 ? DateOnly.Parse(args[1]) : DateOnly.FromDateTime(DateTime.Today.AddDays(-30));
var to = args.Length > 2 ? DateOnly.Parse(args[2]) : DateOnly.FromDateTime(DateTime.Today);
var url = Environment.GetEnvironmentVariable("INFLUXDB_URL") ?? "http://localhost:8086";
var token = Environment.GetEnvironmentVariable("INFLUXDB_TOKEN") ?? "";

var days = 0;
for (var day = from; day <= to; day = day.AddDays(1))
{
    var file = System.IO.Path.Combine(archive, $"{day:yyyy-MM-dd}.json");
    if (!System.IO.File.Exists(file)) continue;

    // A fresh connection per day "so a failed day does not break the next one".
    using var client = new InfluxDBClient(url, token); // expect: HIQ002
    using var writeApi = client.GetWriteApi(); // expect: HIQ003
    var totals = MeterArchive.ReadTotals(file);
    foreach (var (meter, kwh) in totals)
    {
        var point = PointData.Measurement("energy_daily")
            .Tag("meter", meter)
            .Field("kwh", kwh)
            .Timestamp(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), WritePrecision.S);
        writeApi.WritePoint(point, "energy", "home");
    }

    days++;
}

// Today's partial total, stamped at local midnight like the meter's display.
using (var client = new InfluxDBClient(url, token))
{
    var api = client.GetWriteApiAsync();
    var point = PointData.Measurement("energy_daily")
        .Tag("meter", "main")
        .Field("kwh", MeterArchive.TodaySoFar())
        .Timestamp(DateTime.Today, WritePrecision.S); // expect: HIQ005
    await api.WritePointAsync(point, "energy", "home");
}

Console.WriteLine($"backfilled {days} days");

static class MeterArchive
{
    public static IEnumerable<(string Meter, double Kwh)> ReadTotals(string file)
    {
        using var json = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(file));
        foreach (var property in json.RootElement.EnumerateObject())
            yield return (property.Name, property.Value.GetDouble());
    }

    public static double TodaySoFar() => 12.5;
}
