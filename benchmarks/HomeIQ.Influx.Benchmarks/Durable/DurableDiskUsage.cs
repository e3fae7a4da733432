using System.Globalization;
using System.Text;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Durable;

/// <summary>
/// <c>--durable-bytes</c>: bytes on disk per point of the durable buffer, measured, for the README's sizing table. Writes
/// 100,000 readings (<see cref="DurableSampleData"/>) to an unreachable server in calls of 1, 10, 100 and 1,000 points and
/// divides the size of the segment files by the points; the line-protocol bytes per point are the floor.
/// </summary>
public static class DurableDiskUsage
{
    private const int Points = 100_000;

    /// <summary>Prints the table; returns the exit code.</summary>
    public static int Run()
    {
        var points = DurableSampleData.Create(Points);
        double lineBytes = points.Average(p => Encoding.UTF8.GetByteCount(LineProtocol.ToLine(p)) + 1.0);
        Console.WriteLine($"Durable buffer on disk, {Points:N0} readings ({lineBytes:F1} bytes of line protocol per point with its newline):");
        Console.WriteLine();
        Console.WriteLine("| points per WriteAsync call | bytes on disk per point | overhead per point |");
        Console.WriteLine("|---:|---:|---:|");
        foreach (int perCall in new[] { 1, 10, 100, 1_000 })
        {
            var folder = DurableBench.CreateFolder("size");
            try
            {
                using var client = new InfluxClient(new InfluxClientOptions { Url = DurableBench.DeadUrl(), Api = InfluxApiVersion.V1, Database = "bench" });
                var options = DurableBench.Options(folder, DurableFlushMode.Interval, Points);
                options.DisposeTimeout = TimeSpan.Zero;
                long bytes;
                using (var writer = new MeasurementWriter<SensorPoint>(client, options))
                {
                    for (int start = 0; start < Points; start += perCall) writer.WriteAsync(points.AsMemory(start, perCall)).AsTask().GetAwaiter().GetResult();
                    bytes = DurableBench.SegmentBytes(folder);
                }
                double perPoint = bytes / (double)Points;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {perCall:N0} | {perPoint:F1} | {perPoint - lineBytes:F1} |"));
            }
            finally
            {
                DurableBench.DeleteFolder(folder);
            }
        }
        return 0;
    }
}
