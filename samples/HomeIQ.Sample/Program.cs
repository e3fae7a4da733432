using System.Diagnostics;
using System.Globalization;
using HomeIQ.Influx;
using HomeIQ.Sample;
using HomeIQ.Sample.Measurements;
using HomeIQ.Sample.Progress;
using HomeIQ.Sample.Reporting;
using HomeIQ.Sample.Simulation;
using HomeIQ.Sample.Targets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

SampleOptions options;
try
{
    options = SampleOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(SampleOptions.Usage);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(SampleOptions.Usage);
    return 0;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
var interval = TimeSpan.FromMilliseconds(100);
int rooms = Math.Min(SensorSimulator.Rooms.Length, (options.Sensors + 2) / 3);
Console.WriteLine($"HomeIQ sample: {options.Sensors} sensors in {rooms} rooms, one reading each every {interval.TotalMilliseconds:0} ms for {options.Duration.TotalSeconds:0.#} s.");

await using var target = await SampleTarget.ResolveAsync(cancel.Token);
Console.WriteLine($"Writing to {target.Description}.");

// The generic host: appsettings.json beside the executable (not the current folder, so `dotnet run --project` finds it).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
if (target.Options is { } influx)
{
    builder.Services.AddInflux(o =>
    {
        o.Url = influx.Url;
        o.Api = influx.Api;
        o.Token = influx.Token;
        o.Username = influx.Username;
        o.Password = influx.Password;
        o.Org = influx.Org;
        o.Bucket = influx.Bucket;
        o.Database = influx.Database;
        o.RetentionPolicy = influx.RetentionPolicy;
        o.Timeout = influx.Timeout;
        o.Gzip = influx.Gzip;
    });
    // The generated serializers behind the standard writer; a short flush interval so progress moves visibly. With
    // --durable-buffer each writer keeps its points in its own subfolder until the server has them.
    builder.Services.AddMeasurementWriter<ClimateReading>(w => Configure(w, "climate"));
    builder.Services.AddMeasurementWriter<PowerReading>(w => Configure(w, "power"));
    builder.Services.AddMeasurementWriter<StateReading>(w => Configure(w, "state"));
}
else
{
    var spool = target.Spool!;
    builder.Services.AddMeasurementWriter<ClimateReading>(_ => new SpoolMeasurementWriter<ClimateReading>(spool));
    builder.Services.AddMeasurementWriter<PowerReading>(_ => new SpoolMeasurementWriter<PowerReading>(spool));
    builder.Services.AddMeasurementWriter<StateReading>(_ => new SpoolMeasurementWriter<StateReading>(spool));
}
builder.Services.AddSingleton<SensorSimulator>();

using var host = builder.Build();
using var metrics = new WriterMetrics();
await host.StartAsync(cancel.Token);
var simulator = host.Services.GetRequiredService<SensorSimulator>();

var clock = Stopwatch.StartNew();
var runStart = DateTimeOffset.UtcNow;
var run = simulator.RunAsync(options.Sensors, options.Duration, interval, cancel.Token);
long lastSent = 0;
var lastTime = TimeSpan.Zero;
while (await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(1), cancel.Token).ContinueWith(_ => { }, TaskScheduler.Default)) != run)
{
    PrintProgress();
}
try
{
    await run;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.WriteLine("Cancelled: flushing what was written so far.");
}

// Stopping the host flushes every registered writer (the hosting package's flush-on-stop service).
await host.StopAsync(CancellationToken.None);
PrintProgress(final: true);
Console.WriteLine();
if (options.DurableBuffer is { } durableFolder)
{
    Console.WriteLine($"Durable buffer in {durableFolder}: {metrics.Replayed:N0} points read back from disk, {metrics.DiskFlushes:N0} disk flushes, {metrics.DamagedRecords} damaged records.");
    Console.WriteLine();
}

if (target.Spool is { } file)
{
    await file.FlushAsync(CancellationToken.None);
    Console.WriteLine($"No server: {file.Lines:N0} points were written as line protocol to {file.Path}.");
    Console.WriteLine("To see the query table, give the sample a server:");
    Console.WriteLine("  - install InfluxDB 1.x (Debian/Ubuntu: sudo apt-get install influxdb) and run the sample again: it starts a private one;");
    Console.WriteLine("  - or point it at yours: INFLUXDB_URL=http://localhost:8086 INFLUXDB_DATABASE=homeiq INFLUXDB_API=V1 dotnet run --project samples/HomeIQ.Sample");
    Console.WriteLine($"Send the spool later with: curl -XPOST --data-binary @{file.Path} \"http://localhost:8086/write?db=homeiq\"");
    return 0;
}

// Read the run back with the generated query classes (client.QueryClimateReading() ...), from just before the first
// reading to now.
var client = host.Services.GetRequiredService<InfluxClient>();
var (from, to) = (runStart.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
Console.WriteLine($"Read back per room with the generated query classes, e.g. {RoomReport.EnergyQueryText(client, from, to)}");
Console.WriteLine();
var summary = await RoomReport.QueryAsync(client, from, to, cancel.Token);
RoomReport.Print(summary, Console.Out);
return metrics.Failed + metrics.Dropped + metrics.Rejected == 0 ? 0 : 1;

void Configure(WriteOptions writer, string name)
{
    writer.FlushInterval = TimeSpan.FromMilliseconds(250);
    if (options.DurableBuffer is { } folder) writer.DurableBufferPath = Path.Combine(folder, name);
}

// One line per second: the rate over the last second (over the whole run on the final line, after the flush).
void PrintProgress(bool final = false)
{
    var now = clock.Elapsed;
    long sent = simulator.Produced;
    double rate = final ? sent / Math.Max(0.001, now.TotalSeconds) : (sent - lastSent) / Math.Max(0.001, (now - lastTime).TotalSeconds);
    (lastSent, lastTime) = (sent, now);
    long written = target.Spool?.Lines ?? metrics.Written;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  [{now.TotalSeconds,5:0.0} s] sent {sent,7:N0}  {rate,6:N0} points/s  written {written,7:N0}  buffered {metrics.SampleBuffered(),5:N0}  retried {metrics.Retried}  failed {metrics.Failed}  dropped {metrics.Dropped}"));
    if (options.DurableBuffer is not null)
    {
        // What an operator watches on a gateway: what waits on disk, how old the oldest of it is, how far the replay got.
        var disk = metrics.Durable;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"           on disk {disk.Points,7:N0} points  {disk.Bytes / 1024.0,8:N1} KiB  only on disk {disk.Backlog,7:N0}  oldest {disk.OldestAgeSeconds,5:0.0} s  replayed {metrics.Replayed:N0}  disk flushes {metrics.DiskFlushes:N0}  damaged records {metrics.DamagedRecords}"));
    }
}
