using System.Globalization;
using System.Threading.Channels;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace MqttBridge;

// Turns every sensor message into a point. The WriteApi batches in the background.
public sealed class InfluxBridge : BackgroundService
{
    private readonly Channel<SensorMessage> _channel;
    private readonly WriteApi _writeApi;
    private readonly ILogger<InfluxBridge> _logger;

    public InfluxBridge(Channel<SensorMessage> channel, InfluxDBClient client, ILogger<InfluxBridge> logger)
    {
        _channel = channel;
        _logger = logger;
        _writeApi = client.GetWriteApi(new WriteOptions { BatchSize = 1000, FlushInterval = 5000 });
        _writeApi.EventHandler += (_, e) => _logger.LogDebug("write event {Event}", e.GetType().Name);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in _channel.Reader.ReadAllAsync(stoppingToken))
        {
            if (!double.TryParse(message.Payload, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            var parts = message.Topic.Split('/');
            var point = PointData.Measurement(parts[1])
                .Tag("room", parts[2])
                .Field("value", value)
                .Timestamp(message.SentAt ?? DateTime.Now, WritePrecision.Ms); // expect: HIQ005
            _writeApi.WritePoint(point, "home", "home");
        }
    }
}
