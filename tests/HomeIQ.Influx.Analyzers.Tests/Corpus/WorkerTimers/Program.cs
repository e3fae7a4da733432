using InfluxDB.Client;
using Timers;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton<IInfluxDBClient>(sp => new InfluxDBClient(builder.Configuration["Influx:Url"]!, builder.Configuration["Influx:Token"]!));
builder.Services.AddHostedService<DiskUsageReporter>();
builder.Services.AddHostedService<UptimeReporter>();
builder.Services.AddHostedService<RetentionCheck>();
builder.Build().Run();
