using InfluxDB3.Client;
using InfluxDB3.Client.Query;
using InfluxDB3.Client.Write;

namespace EnergyApi;

public static class EnergyEndpoints
{
    public static async Task<IResult> TodayAsync(string meter, IInfluxDBClient client)
    {
        const string sql = "SELECT sum(kwh) FROM energy WHERE meter = $meter AND time >= date_trunc('day', now())";
        await foreach (var row in client.Query(sql, namedParameters: new Dictionary<string, object> { ["meter"] = meter }))
            return Results.Ok(row[0]);
        return Results.NotFound();
    }

    public static async Task<IResult> HourlyAsync(string meter, int hours, IInfluxDBClient client)
    {
        var sql = $"SELECT date_bin(INTERVAL '1 hour', time) AS hour, sum(kwh) FROM energy WHERE meter = '{meter}' AND time > now() - INTERVAL '{hours} hours' GROUP BY hour ORDER BY hour";
        var result = new List<object?[]>();
        await foreach (var row in client.Query(sql)) result.Add(row); // expect: HIQ004
        return Results.Ok(result);
    }

    public static async Task<IResult> RawAsync(string meter, IInfluxDBClient client)
    {
        var points = new List<object>();
        await foreach (var point in client.QueryPoints("SELECT * FROM energy WHERE meter = '" + meter + "' ORDER BY time DESC LIMIT 100", QueryType.InfluxQL)) // expect: HIQ004
            points.Add(new { time = point.GetTimestamp(), kwh = point.GetDoubleField("kwh") });
        return Results.Ok(points);
    }

    public static async Task<IResult> RecordAsync(string meter, double kwh, IInfluxDBClient client)
    {
        var point = PointData.Measurement("energy").SetTag("meter", meter).SetField("kwh", kwh).SetTimestamp(DateTime.Now); // expect: HIQ005
        await client.WritePointAsync(point);
        return Results.Accepted();
    }

    // Asks the standby server too; a client per request.
    public static async Task<IResult> VersionAsync(IInfluxDBClient client)
    {
        using var standby = new InfluxDBClient("http://standby:8181", Environment.GetEnvironmentVariable("STANDBY_TOKEN"), database: "energy"); // expect: HIQ002
        return Results.Ok(new { primary = await client.GetServerVersion(), standby = await standby.GetServerVersion() });
    }
}
