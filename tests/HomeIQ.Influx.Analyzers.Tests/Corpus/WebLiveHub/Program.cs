using LiveHub;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSignalR();
builder.Services.AddSingleton<TelemetryStore>();
var app = builder.Build();
app.MapHub<TelemetryHub>("/live");
app.Run();
