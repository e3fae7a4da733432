using InfluxDB.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Home.Influx.Extensions;

public sealed class HomeInfluxOptions
{
    public string Url { get; set; } = "http://localhost:8086";
    public string Token { get; set; } = "";
    public string Org { get; set; } = "home";
    public string Bucket { get; set; } = "home";
}

public static class ServiceCollectionExtensions
{
    /// <summary>Registers one InfluxDB client, its write API and its query API for the whole application.</summary>
    public static IServiceCollection AddHomeInflux(this IServiceCollection services, Action<HomeInfluxOptions> configure)
    {
        var options = new HomeInfluxOptions();
        configure(options);
        services.AddSingleton(options);
        services.AddSingleton<IInfluxDBClient>(_ => new InfluxDBClient(new InfluxDBClientOptions(options.Url)
        {
            Token = options.Token,
            Org = options.Org,
            Bucket = options.Bucket,
        }));
        services.AddSingleton<IWriteApi>(sp => sp.GetRequiredService<IInfluxDBClient>().GetWriteApi());
        services.AddSingleton(sp => sp.GetRequiredService<IInfluxDBClient>().GetQueryApi());
        return services;
    }
}
