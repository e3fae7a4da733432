using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace Timers;

// Reports the machine's uptime every minute from a System.Timers.Timer.
public sealed class UptimeReporter(IInfluxDBClient client) : IHostedService, IDisposable
{
    private readonly System.Timers.Timer _timer = new(TimeSpan.FromMinutes(1));

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer.Elapsed += OnElapsed;
        _timer.Start();
        return Task.CompletedTask;
    }

    private void OnElapsed(object? sender, System.Timers.ElapsedEventArgs e)
    {
        using var writeApi = client.GetWriteApi(); // expect: HIQ003
        writeApi.WritePoint(PointData.Measurement("uptime").Field("seconds", Environment.TickCount64 / 1000).Timestamp(e.SignalTime, WritePrecision.S), "home", "home"); // expect: HIQ005
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer.Stop();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer.Dispose();
}
