using ClimateService.Endpoints;
using ClimateService.Storage;
using HomeIQ.Influx;

// The reference service: one client and one writer per application, everything injected.
var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInflux(builder.Configuration);
builder.Services.AddMeasurementWriter<RoomClimate>(w => w.BatchSize = 5000);
builder.Services.AddSingleton<ClimateStore>();
builder.Services.AddHealthChecks();

var app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapClimateEndpoints();
app.Run();
