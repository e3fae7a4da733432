using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HomeIQ.Influx.Hosting.Tests;

/// <summary>The usual path: appsettings.json read by the generic host, one setting overridden by an INFLUXDB_* variable.</summary>
public sealed class AppSettingsFileTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("homeiq-appsettings-").FullName;

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    [Fact]
    public async Task OptionsComeFromAppsettingsJsonAndTheEnvironmentWins()
    {
        await File.WriteAllTextAsync(Path.Combine(_contentRoot, "appsettings.json"), """
            {
              "InfluxDB": {
                "Url": "http://from-json:8086",
                "Api": "V2",
                "Org": "home",
                "Bucket": "sensors",
                "Token": "json-token",
                "Timeout": "00:00:03",
                "Gzip": true
              }
            }
            """);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _contentRoot, EnvironmentName = "Production" });
        var environment = new Dictionary<string, string> { ["INFLUXDB_URL"] = "https://from-env:8443", ["INFLUXDB_TOKEN"] = "env-token" };
        builder.Services.AddInflux(builder.Configuration.GetSection("InfluxDB"), name => environment.GetValueOrDefault(name));
        using var host = builder.Build();

        await host.StartAsync(); // ValidateOnStart passes
        var options = host.Services.GetRequiredService<InfluxClient>().Options;
        await host.StopAsync();

        Assert.Equal(new Uri("https://from-env:8443"), options.Url);
        Assert.Equal("env-token", options.Token);
        Assert.Equal("home", options.Org);
        Assert.Equal("sensors", options.Bucket);
        Assert.Equal(TimeSpan.FromSeconds(3), options.Timeout);
        Assert.True(options.Gzip);
        Assert.DoesNotContain("env-token", options.ToString(), StringComparison.Ordinal);
    }
}
