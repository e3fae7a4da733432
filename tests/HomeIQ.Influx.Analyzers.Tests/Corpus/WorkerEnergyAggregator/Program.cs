using EnergyAggregator;
using InfluxDB.Client;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.Configure<AggregatorOptions>(builder.Configuration.GetSection("Aggregator"));
builder.Services.AddSingleton<IInfluxDBClient>(sp =>
{
    var options = builder.Configuration.GetSection("Aggregator").Get<AggregatorOptions>() ?? new AggregatorOptions();
    return new InfluxDBClient(new InfluxDBClientOptions(options.Url) { Token = options.Token, Org = options.Org });
});
builder.Services.AddSingleton<HourlyAggregator>();
builder.Services.AddHostedService<AggregationWorker>();
builder.Build().Run();
