// Usage: dotnet HomeIQ.Influx.Reliability.CrashChild.dll <durable folder> <server url> <database> <run tag> <points> <chunk> [pace ms] [batch size]
// Writes points 0..points-1 in chunks through a MeasurementWriter with a durable buffer, and prints "ACK n" after each
// chunk's WriteAsync completed (n points acknowledged, so on disk). The test kills it with SIGKILL at a moment it picks.
// With "overflow" as the first argument it runs the outage-overflow scenario instead (OverflowRun.cs).
using System.Globalization;
using HomeIQ.Influx;
using HomeIQ.Influx.Reliability;

if (args.Length > 0 && args[0] == "overflow") return await OverflowRun.RunAsync(args[1..]);

var folder = args[0];
var url = new Uri(args[1]);
var database = args[2];
var run = args[3];
long points = long.Parse(args[4], CultureInfo.InvariantCulture);
int chunk = int.Parse(args[5], CultureInfo.InvariantCulture);
// A pause after each acknowledgement keeps the child from running far ahead of the test reading its output, so the
// kill lands near the moment the test picked (still while the writer appends and retries).
int paceMs = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 0;
// The batch size bounds what a crash may resend: at most the batch in flight (the checkpoint test passes it).
int batchSize = args.Length > 7 ? int.Parse(args[7], CultureInfo.InvariantCulture) : 5_000;

using var client = new InfluxClient(new InfluxClientOptions { Url = url, Database = database, Api = InfluxApiVersion.V1, Timeout = TimeSpan.FromSeconds(2) });
// HIQ007 is right that this writer is neither flushed nor disposed, and that is the point: the process must die with
// SIGKILL holding acknowledged points only in the durable buffer, so that the next writer on the folder has to deliver them.
#pragma warning disable HIQ007
var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions
{
    DurableBufferPath = folder,
    DurableFlushMode = DurableFlushMode.EachWrite,
    MaxBufferedPoints = (int)Math.Max(points + 1, 1000),
    BatchSize = batchSize,
    FlushInterval = TimeSpan.FromMilliseconds(50),
    Resilience = new InfluxResilienceOptions
    {
        MaxRetryAttempts = 2,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
        RequestTimeout = TimeSpan.FromSeconds(2),
    },
});
#pragma warning restore HIQ007
var stdout = Console.Out;
Console.Out.WriteLine("READY " + writer.RecoveredPoints.ToString(CultureInfo.InvariantCulture));
Console.Out.Flush();
var buffer = new CrashPoint[chunk];
for (long next = 0; next < points;)
{
    int n = (int)Math.Min(chunk, points - next);
    for (int i = 0; i < n; i++) buffer[i] = new CrashPoint(run, next + i);
    await writer.WriteAsync(buffer.AsMemory(0, n));
    next += n;
    stdout.WriteLine("ACK " + next.ToString(CultureInfo.InvariantCulture));
    stdout.Flush();
    if (paceMs > 0) Thread.Sleep(paceMs);
}
stdout.WriteLine("DONE");
stdout.Flush();
// Wait to be killed: the test decides when (it never lets this process finish cleanly on its own).
await Task.Delay(Timeout.Infinite);
return 0;
