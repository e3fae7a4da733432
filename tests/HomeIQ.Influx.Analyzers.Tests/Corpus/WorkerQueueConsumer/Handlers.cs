using InfluxDB3.Client;
using InfluxDB3.Client.Write;

namespace QueueConsumer;

public sealed class DoorOpenedHandler(IConfiguration configuration) : IMessageHandler<DoorOpened>
{
    public async Task HandleAsync(DoorOpened message, CancellationToken cancellationToken)
    {
        using var client = new InfluxDBClient(configuration["Influx:Host"]!, configuration["Influx:Token"], database: "events"); // expect: HIQ002
        var point = PointData.Measurement("door").SetTag("door", message.Door).SetField("open", true).SetTimestamp(message.At);
        await client.WritePointAsync(point, cancellationToken: cancellationToken);
    }
}

public sealed class BatteryLowHandler : IMessageHandler<BatteryLow>, IDisposable
{
    private readonly InfluxDBClient _client;

    public BatteryLowHandler(IConfiguration configuration)
    {
        _client = new InfluxDBClient(configuration["Influx:Host"]!, configuration["Influx:Token"], database: "events");
    }

    public Task HandleAsync(BatteryLow message, CancellationToken cancellationToken)
        => _client.WriteRecordAsync($"battery,device={message.Device} percent={message.Percent}i", cancellationToken: cancellationToken);

    public void Dispose() => _client.Dispose();
}
