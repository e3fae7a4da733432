using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

var builder = WebApplication.CreateBuilder(args);
var influx = builder.Configuration.GetSection("Influx");
builder.Services.AddSingleton<IInfluxDBClient>(_ => new InfluxDBClient(influx["Url"]!, influx["Token"]!));
builder.Services.AddSingleton(sp => sp.GetRequiredService<IInfluxDBClient>().GetWriteApiAsync());
var app = builder.Build();

app.MapGet("/health", async (IInfluxDBClient client) => await client.PingAsync() ? Results.Ok() : Results.StatusCode(503));

// Latest temperature per room; the room comes from the URL.
app.MapGet("/rooms/{room}/temperature", async (string room, IInfluxDBClient client) =>
{
    var flux = $"from(bucket: \"home\") |> range(start: -1h) |> filter(fn: (r) => r._measurement == \"climate\" and r.room == \"{room}\") |> last()";
    var tables = await client.GetQueryApi().QueryAsync(flux, "home"); // expect: HIQ004
    var record = tables.SelectMany(t => t.Records).FirstOrDefault();
    return record is null ? Results.NotFound() : Results.Ok(new { room, value = record.GetValue(), time = record.GetTime()?.ToDateTimeUtc() });
});

// The same with a Flux parameter record, for the cloud instance.
app.MapGet("/cloud/rooms/{room}/temperature", async (string room, IInfluxDBClient client) =>
{
    var query = new Query(query: "from(bucket: \"home\") |> range(start: -1h) |> filter(fn: (r) => r.room == params.room) |> last()",
        _params: new Dictionary<string, object> { ["room"] = room });
    var tables = await client.GetQueryApi().QueryAsync(query, "home");
    return Results.Ok(tables.SelectMany(t => t.Records).Select(r => r.GetValue()));
});

// Written during a hackathon: a client per request for the "other" server.
app.MapGet("/backup/version", async () =>
{
    using var backup = new InfluxDBClient("http://backup-nas:8086", influx["BackupToken"]!); // expect: HIQ002
    return await backup.VersionAsync();
});

app.MapPost("/readings", async (Reading reading, IWriteApiAsync writes) =>
{
    var point = PointData.Measurement("climate")
        .Tag("room", reading.Room)
        .Field("temperature", reading.Temperature)
        .Timestamp(reading.Time ?? DateTime.UtcNow, WritePrecision.Ms);
    await writes.WritePointAsync(point, "home", "home");
    return Results.Accepted();
});

app.MapPost("/readings/batch", async (Reading[] readings, IInfluxDBClient client) =>
{
    using var writeApi = client.GetWriteApi(); // expect: HIQ003
    foreach (var reading in readings)
    {
        writeApi.WritePoint(PointData.Measurement("climate").Tag("room", reading.Room).Field("temperature", reading.Temperature)
            .Timestamp(reading.Time ?? DateTime.Now, WritePrecision.Ms), "home", "home"); // expect: HIQ005
    }

    await Task.Yield();
    return Results.Accepted();
});

app.MapGet("/buckets", async (IInfluxDBClient client) =>
{
    var buckets = client.GetBucketsApi().FindBucketsAsync().Result; // expect: HIQ006
    await Task.Yield();
    return buckets.Select(b => b.Name);
});

app.Run();

record Reading(string Room, double Temperature, DateTime? Time);
