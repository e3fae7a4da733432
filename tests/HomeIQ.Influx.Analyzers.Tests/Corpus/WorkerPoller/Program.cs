using Poller;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.Configure<PollerOptions>(builder.Configuration.GetSection("Poller"));
builder.Services.AddHostedService<WeatherPoller>();
builder.Services.AddHostedService<HeatPumpPoller>();
builder.Build().Run();
