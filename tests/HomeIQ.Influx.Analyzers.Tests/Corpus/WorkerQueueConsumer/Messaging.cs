using System.Text.Json;

namespace QueueConsumer;

public interface IMessageHandler<in T>
{
    Task HandleAsync(T message, CancellationToken cancellationToken);
}

public interface IMessageQueue
{
    IAsyncEnumerable<(string Type, string Body)> ReadAsync(CancellationToken cancellationToken);
}

public sealed record DoorOpened(string Door, DateTimeOffset At);

public sealed record BatteryLow(string Device, int Percent);

public sealed class FileQueue : IMessageQueue
{
    public async IAsyncEnumerable<(string Type, string Body)> ReadAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var line in await File.ReadAllLinesAsync("/var/spool/home/queue", cancellationToken))
        {
            var tab = line.IndexOf('\t');
            if (tab > 0) yield return (line[..tab], line[(tab + 1)..]);
        }
    }
}

// Pulls messages off the queue and hands each to its handler.
public sealed class Dispatcher(IMessageQueue queue, IServiceProvider services, ILogger<Dispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (type, body) in queue.ReadAsync(stoppingToken))
        {
            try
            {
                switch (type)
                {
                    case "door":
                        await services.GetRequiredService<IMessageHandler<DoorOpened>>().HandleAsync(JsonSerializer.Deserialize<DoorOpened>(body)!, stoppingToken);
                        break;
                    case "battery":
                        await services.GetRequiredService<IMessageHandler<BatteryLow>>().HandleAsync(JsonSerializer.Deserialize<BatteryLow>(body)!, stoppingToken);
                        break;
                }
            }
            catch (Exception e)
            {
                logger.LogError(e, "handler failed for {Type}", type);
            }
        }
    }
}
