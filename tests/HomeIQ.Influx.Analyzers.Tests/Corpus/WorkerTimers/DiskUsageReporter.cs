using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace Timers;

// Reports free disk space every 30 seconds from a System.Threading.Timer.
public sealed class DiskUsageReporter : IHostedService, IDisposable
{
    private readonly Timer _timer;
    private readonly IConfiguration _configuration;

    public DiskUsageReporter(IConfiguration configuration)
    {
        _configuration = configuration;
        _timer = new Timer(_ =>
        {
            var drive = new DriveInfo("/");
            using var client = new InfluxDBClient(_configuration["Influx:Url"]!, _configuration["Influx:Token"]!); // expect: HIQ002
            var point = PointData.Measurement("disk").Tag("drive", drive.Name).Field("free", drive.AvailableFreeSpace).Timestamp(DateTime.UtcNow, WritePrecision.S);
            client.GetWriteApiAsync().WritePointAsync(point, "home", "home").GetAwaiter().GetResult();
        }, null, Timeout.Infinite, Timeout.Infinite);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer.Change(TimeSpan.Zero, TimeSpan.FromSeconds(30));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer.Change(Timeout.Infinite, Timeout.Infinite);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer.Dispose();
}
