using HomeApi;
using HomeIQ.Influx;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInflux(builder.Configuration);
builder.Services.AddMeasurementWriter<PowerReading>();
var app = builder.Build();

app.UseMiddleware<AuditMiddleware>();

app.MapPost("/power", async (PowerReading reading, IMeasurementWriter<PowerReading> writer, CancellationToken ct) =>
{
    await writer.WriteAsync(reading, ct);
    return Results.Accepted();
});

app.MapGet("/power/{circuit}", async (string circuit, InfluxClient client, CancellationToken ct) =>
{
    var readings = new List<PowerReading>();
    await foreach (var r in client.QueryPowerReading().WhereCircuit(circuit).Last(TimeSpan.FromHours(24)).ExecuteAsync(ct))
        readings.Add(r);
    return Results.Ok(readings);
});

app.MapGet("/power/{circuit}/peak", async (string circuit, int days, InfluxClient client, CancellationToken ct) =>
{
    var rows = client.QueryInfluxQLAsync<PowerReading>(
        "SELECT max(watts) AS watts FROM power WHERE circuit = '" + circuit + "' AND time > now() - " + days + "d", // expect: HIQ004
        cancellationToken: ct);
    await foreach (var row in rows) return Results.Ok(row.Watts);
    return Results.NotFound();
});

app.MapGet("/power/{circuit}/avg", async (string circuit, InfluxClient client, CancellationToken ct) =>
{
    var text = $"SELECT mean(watts) AS watts FROM power WHERE circuit = {HomeIQ.Influx.Querying.InfluxQLText.QuoteString(circuit)} AND time > now() - 1d";
    await foreach (var row in client.QueryInfluxQLAsync<PowerReading>(text, cancellationToken: ct)) return Results.Ok(row.Watts);
    return Results.NotFound();
});

// Bulk import: its own writer with a bigger batch, per request.
app.MapPost("/power/import", async (PowerReading[] readings, InfluxClient client, CancellationToken ct) =>
{
    await using var writer = client.CreateWriter<PowerReading>(new WriteOptions { BatchSize = 10_000 }); // expect: HIQ002
    await writer.WriteAsync(readings.AsMemory(), ct);
    await writer.FlushAsync(ct);
    return Results.Accepted();
});

app.Run();
