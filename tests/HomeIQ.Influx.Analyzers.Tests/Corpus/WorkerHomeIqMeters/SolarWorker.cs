using HomeIQ.Influx;

namespace Meters;

// The same, with the writer flushed and disposed when the host stops.
public sealed class SolarWorker(InfluxClient client, ILogger<SolarWorker> logger) : BackgroundService
{
    private readonly MeasurementWriter<SolarReading> _writer = client.CreateWriter<SolarReading>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await _writer.WriteAsync(new SolarReading { Inverter = "roof", Watts = 2100, Time = DateTime.UtcNow }, stoppingToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _writer.DisposeAsync();
        logger.LogInformation("solar writer flushed");
    }
}
