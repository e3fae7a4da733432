// Usage:
//   console <url> <database> <run> <points> <wait|return> <flushOnExit: true|false> <processExitTimeoutMs>
//     A plain console app: no logger, no handler. Writes the points (the batch is larger than all of them and the flush
//     interval an hour, so every point is still buffered), prints "ACCEPTED n", then waits to be signalled ("wait",
//     inside `await using`) or returns from Main without disposing the writer ("return").
//   host <url> <database> <run> <points> <shutdownTimeoutMs>
//     A generic host (console logger on stdout) whose background service writes the points through the writer
//     registered with AddMeasurementWriter, prints "ACCEPTED n", and waits for the host to stop (SIGTERM/SIGINT).
using System.Globalization;
using HomeIQ.Influx;
using HomeIQ.Influx.Writer.StopChild;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var mode = args[0];
var url = new Uri(args[1]);
var database = args[2];
var run = args[3];
int points = int.Parse(args[4], CultureInfo.InvariantCulture);

if (mode == "host") return await RunHostAsync();

// HIQ001 is right here too: the client lives until the process ends, because the "return" case's undisposed writer
// still sends through it when the process exits (disposing it at the end of Main would make that flush fail).
#pragma warning disable HIQ001
var client = new InfluxClient(new InfluxClientOptions { Url = url, Database = database, Api = InfluxApiVersion.V1, Timeout = TimeSpan.FromSeconds(2) });
#pragma warning restore HIQ001
var options = new WriteOptions
{
    BatchSize = points + 1,
    MaxBufferedPoints = points + 1,
    FlushInterval = TimeSpan.FromHours(1),
    FlushOnProcessExit = bool.Parse(args[6]),
    ProcessExitTimeout = TimeSpan.FromMilliseconds(int.Parse(args[7], CultureInfo.InvariantCulture)),
};
if (args[5] == "return")
{
    // HIQ001 is right: this writer is never disposed. That is the mistake under test: the process exit must flush it.
#pragma warning disable HIQ001
    var forgotten = new MeasurementWriter<StopPoint>(client, options);
#pragma warning restore HIQ001
    await ProduceAsync(forgotten);
    return 0;
}
await using (var writer = new MeasurementWriter<StopPoint>(client, options))
{
    await ProduceAsync(writer);
    await Task.Delay(Timeout.Infinite); // Ctrl-C or SIGTERM ends the process here, inside the using block
}
return 0;

async Task ProduceAsync(IMeasurementWriter<StopPoint> writer)
{
    for (int seq = 0; seq < points; seq++) await writer.WriteAsync(new StopPoint(run, seq));
    Console.Out.WriteLine("ACCEPTED " + points.ToString(CultureInfo.InvariantCulture));
    Console.Out.Flush();
}

async Task<int> RunHostAsync()
{
    var builder = Host.CreateApplicationBuilder();
    builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(int.Parse(args[5], CultureInfo.InvariantCulture)));
    builder.Services.AddInflux(o =>
    {
        o.Url = url;
        o.Database = database;
        o.Api = InfluxApiVersion.V1;
        o.Timeout = TimeSpan.FromSeconds(2);
    });
    builder.Services.AddMeasurementWriter<StopPoint>(o =>
    {
        o.BatchSize = points + 1;
        o.MaxBufferedPoints = points + 1;
        o.FlushInterval = TimeSpan.FromHours(1);
    });
    builder.Services.AddHostedService(sp => new Producer(sp.GetRequiredService<IMeasurementWriter<StopPoint>>(), run, points));
    using var host = builder.Build();
    await host.RunAsync();
    Console.Out.WriteLine("HOST STOPPED");
    return 0;
}

/// <summary>Writes the points once the host has started, then idles until it stops.</summary>
internal sealed class Producer(IMeasurementWriter<StopPoint> writer, string run, int points) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (int seq = 0; seq < points; seq++) await writer.WriteAsync(new StopPoint(run, seq), stoppingToken);
        Console.Out.WriteLine("ACCEPTED " + points.ToString(CultureInfo.InvariantCulture));
        Console.Out.Flush();
    }
}
