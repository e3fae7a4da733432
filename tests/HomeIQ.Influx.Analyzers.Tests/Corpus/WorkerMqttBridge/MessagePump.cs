using System.Threading.Channels;

namespace MqttBridge;

// Stands in for the MQTT subscription: reads lines "topic payload" from a named pipe.
public sealed class MessagePump(Channel<SensorMessage> channel, ILogger<MessagePump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var reader = new StreamReader("/run/sensors.pipe");
        while (!stoppingToken.IsCancellationRequested && await reader.ReadLineAsync(stoppingToken) is { } line)
        {
            var space = line.IndexOf(' ');
            if (space < 0)
            {
                logger.LogWarning("Malformed line {Line}", line);
                continue;
            }

            await channel.Writer.WriteAsync(new SensorMessage(line[..space], line[(space + 1)..], null), stoppingToken);
        }
    }
}
