using HomeIQ.Influx;

namespace Meters;

// Reads the smart meter every 10 seconds. The writer lives as long as the worker.
public sealed class MeterWorker : BackgroundService
{
    private readonly MeterReadingWriter _writer;

    public MeterWorker(InfluxClient client)
    {
        _writer = new MeterReadingWriter(client, new WriteOptions { FlushInterval = TimeSpan.FromSeconds(30) }); // expect: HIQ007
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await _writer.WriteAsync(new MeterReading { Meter = "main", Kwh = ReadMeter(), Time = DateTimeOffset.UtcNow }, stoppingToken);
            await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
        }
    }

    private static double ReadMeter() => 1234.5;
}
