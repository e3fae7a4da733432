using HomeIQ.Influx;
using HomeIQ.Influx.Querying;
using InfluxDB3.Client;
using InfluxDB3.Client.Write;

// One-off migration of the old InfluxDB 1.x "home" database into InfluxDB 3 Core, a day at a time.
var source = new InfluxClientOptions { Url = new Uri("http://old-nas:8086"), Api = InfluxApiVersion.V1, Database = "home" };
await using var v1 = new InfluxClient(source);
using var v3 = new InfluxDBClient("http://localhost:8181", Environment.GetEnvironmentVariable("INFLUXDB3_TOKEN"), database: "home");

var start = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
var end = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
string[] measurements = ["climate", "power", "door"];

foreach (var measurement in measurements)
{
    for (var day = start; day < end; day = day.AddDays(1))
    {
        // Safe: every value goes through InfluxQLText.
        var query = $"SELECT * FROM {InfluxQLText.QuoteIdentifier(measurement)} WHERE time >= {InfluxQLText.FormatTime(day)} AND time < {InfluxQLText.FormatTime(day.AddDays(1))}";
        await using var reader = await v1.QueryInfluxQLAsync(query);
        var points = new List<PointData>();
        while (await reader.ReadAsync()) points.Add(Copy.ToPoint(reader, measurement));

        await v3.WritePointsAsync(points);
    }

    // Quick check of the copied row count, typed in by hand during the migration.
    await using var check = await v1.QueryInfluxQLAsync($"SELECT count(*) FROM \"{measurement}\" WHERE time >= '{start:O}'"); // expect: HIQ004
    while (await check.ReadAsync()) Console.WriteLine($"{measurement}: {check.Row.GetInt64(1)}");
}

static class Copy
{
    public static PointData ToPoint(QueryResultReader reader, string measurement)
    {
        var row = reader.Row;
        var point = PointData.Measurement(measurement);
        for (var i = 0; i < row.ColumnCount; i++)
        {
            if (i == row.TimeOrdinal || row.IsNull(i)) continue;
            var name = row.GetName(i);
            point = name is "room" or "sensor" or "door" ? point.SetTag(name, row.GetString(i)) : point.SetField(name, row.GetDouble(i));
        }

        return point.SetTimestamp(row.GetDateTimeOffset(row.TimeOrdinal));
    }
}
