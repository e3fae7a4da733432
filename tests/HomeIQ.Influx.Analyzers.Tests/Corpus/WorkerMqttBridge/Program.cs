using System.Threading.Channels;
using InfluxDB.Client;
using MqttBridge;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton(Channel.CreateBounded<SensorMessage>(10_000));
builder.Services.AddSingleton(sp => new InfluxDBClient(builder.Configuration["Influx:Url"]!, builder.Configuration["Influx:Token"]!));
builder.Services.AddHostedService<MessagePump>();
builder.Services.AddHostedService<InfluxBridge>();
builder.Build().Run();
