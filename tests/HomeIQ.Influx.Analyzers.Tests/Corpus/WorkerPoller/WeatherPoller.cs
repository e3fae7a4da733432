using System.Net.Http.Json;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Microsoft.Extensions.Options;

namespace Poller;

// Polls the weather station every minute and stores the reading.
public sealed class WeatherPoller(IOptions<PollerOptions> options, ILogger<WeatherPoller> logger) : BackgroundService
{
    private static readonly HttpClient Http = new() { BaseAddress = new Uri("http://weather.local/") };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var reading = await Http.GetFromJsonAsync<WeatherReading>("api/now", stoppingToken);
                if (reading is null) continue;
                using var client = new InfluxDBClient(options.Value.InfluxUrl, options.Value.Token); // expect: HIQ002
                var point = PointData.Measurement("weather")
                    .Field("temperature", reading.Temperature)
                    .Field("wind", reading.Wind)
                    .Timestamp(DateTime.UtcNow, WritePrecision.S);
                await client.GetWriteApiAsync().WritePointAsync(point, "home", "home", stoppingToken);
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning(e, "weather station unreachable");
            }
        }
    }

    private sealed record WeatherReading(double Temperature, double Wind);
}
