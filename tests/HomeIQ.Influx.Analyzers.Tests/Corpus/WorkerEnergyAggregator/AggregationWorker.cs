using Microsoft.Extensions.Options;

namespace EnergyAggregator;

public sealed class AggregationWorker(HourlyAggregator aggregator, IOptions<AggregatorOptions> options, ILogger<AggregationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Period);
        do
        {
            var now = DateTimeOffset.UtcNow;
            var hourStart = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(-1);
            try
            {
                await aggregator.AggregateAsync(hourStart, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "aggregation failed for {Hour:u}", hourStart);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
