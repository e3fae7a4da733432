using Dashboard.Services;
using InfluxDB.Client;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
builder.Services.Configure<InfluxSettings>(builder.Configuration.GetSection("Influx"));
builder.Services.AddSingleton<IInfluxDBClient>(sp =>
{
    var settings = builder.Configuration.GetSection("Influx").Get<InfluxSettings>()!;
    return new InfluxDBClient(new InfluxDBClientOptions(settings.Url) { Token = settings.Token, Org = settings.Org, Bucket = settings.Bucket });
});
builder.Services.AddSingleton(sp => sp.GetRequiredService<IInfluxDBClient>().GetQueryApi());
builder.Services.AddScoped<IReadingService, InfluxReadingService>();
builder.Services.AddScoped<IDeviceService, DeviceService>();

var app = builder.Build();
app.MapControllers();
app.Run();
