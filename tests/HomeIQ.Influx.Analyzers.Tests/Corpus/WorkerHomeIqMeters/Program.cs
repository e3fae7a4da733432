using HomeIQ.Influx;
using Meters;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton(sp => new InfluxClient(InfluxClientOptions.FromEnvironment()));
builder.Services.AddHostedService<MeterWorker>();
builder.Services.AddHostedService<SolarWorker>();
builder.Services.AddHostedService<TariffImporter>();
builder.Build().Run();
