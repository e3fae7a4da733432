using EnergyApi;
using InfluxDB3.Client;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton<IInfluxDBClient>(_ => new InfluxDBClient(
    builder.Configuration["Influx:Host"]!, builder.Configuration["Influx:Token"], database: "energy"));
var app = builder.Build();

app.MapGet("/meters/{meter}/today", EnergyEndpoints.TodayAsync);
app.MapGet("/meters/{meter}/hourly", EnergyEndpoints.HourlyAsync);
app.MapGet("/meters/{meter}/raw", EnergyEndpoints.RawAsync);
app.MapPost("/meters/{meter}", EnergyEndpoints.RecordAsync);
app.MapGet("/version", EnergyEndpoints.VersionAsync);

app.Run();
