using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Microsoft.Extensions.Options;

namespace Poller;

// The same done right: one client for the service's lifetime, disposed with it.
public sealed class HeatPumpPoller : BackgroundService
{
    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _writes;
    private readonly TimeSpan _interval;

    public HeatPumpPoller(IOptions<PollerOptions> options)
    {
        _client = new InfluxDBClient(options.Value.InfluxUrl, options.Value.Token);
        _writes = _client.GetWriteApiAsync();
        _interval = options.Value.Interval;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var (flow, power) = await ReadHeatPumpAsync(stoppingToken);
            var point = PointData.Measurement("heatpump").Field("flow", flow).Field("power", power).Timestamp(DateTimeOffset.UtcNow, WritePrecision.S);
            await _writes.WritePointAsync(point, "home", "home", stoppingToken);
            await Task.Delay(_interval, stoppingToken);
        }
    }

    private static Task<(double Flow, double Power)> ReadHeatPumpAsync(CancellationToken cancellationToken) => Task.FromResult((35.5, 1200.0));

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
