using HomeIQ.Influx;

namespace Meters;

// Imports the day-ahead tariff once an hour.
public sealed class TariffImporter(InfluxClient client, IHttpClientFactory? http = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var writer = client.CreateWriter<TariffChange>(); // expect: HIQ002, HIQ006
            foreach (var (hour, price) in await FetchTariffAsync(stoppingToken))
                await writer.WriteAsync(new TariffChange { Price = price, Time = DateTime.Today.AddHours(hour) }, stoppingToken); // expect: HIQ005
            await Task.Delay(TimeSpan.FromHours(1), stoppingToken);
        }
    }

    private async Task<IReadOnlyList<(int Hour, double Price)>> FetchTariffAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        return http is null ? [] : [(0, 0.21), (1, 0.19)];
    }
}
