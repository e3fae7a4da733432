using InfluxDB.Client;

namespace Timers;

// Runs once at startup: warns when the bucket keeps data for less than a year.
public sealed class RetentionCheck(IInfluxDBClient client, ILogger<RetentionCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var bucket = await client.GetBucketsApi().FindBucketByNameAsync("home", cancellationToken);
        var seconds = bucket?.RetentionRules.FirstOrDefault()?.EverySeconds ?? 0;
        if (seconds is > 0 and < 365 * 24 * 3600) logger.LogWarning("bucket 'home' keeps data for {Days} days only", seconds / 86400);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
