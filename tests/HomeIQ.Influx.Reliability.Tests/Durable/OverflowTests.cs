using System.Diagnostics;
using System.Globalization;
using System.Text;
using HomeIQ.Influx.Reliability.Tests.Infrastructure;
using HomeIQ.Influx.Testing;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Reliability.Tests.Durable;

/// <summary>
/// An outage far longer than memory: a child process writes <c>HOMEIQ_OVERFLOW_POINTS</c> points (default 2,000,000;
/// the large size is 20,000,000) from 4 producers while its real influxd is down, with a memory window of
/// 10,000 points. Every WriteAsync must complete while the server is down (producers are never held back before the
/// disk limit), the child's peak working set must stay under 150 MB (measured in the child, whose memory is its
/// own), and after the server returns every point must arrive exactly once, in order per series.
/// </summary>
public sealed class OverflowTests(ITestOutputHelper output)
{
    private const int Producers = 4;
    private const int Window = 10_000;
    private const long PeakBoundBytes = 150L * 1024 * 1024;
    private static readonly int Points = ReliabilityKit.Knob("HOMEIQ_OVERFLOW_POINTS", 2_000_000);

    [Fact]
    public async Task AnOutageLongerThanMemoryIsHeldOnDiskInBoundedMemoryAndDeliveredExactlyOnceInOrder()
    {
        await using var server = await InfluxServer.StartNewAsync();
        var database = await server.CreateDatabaseAsync("overflow");
        await server.StopAsync();
        var folder = ReliabilityKit.TempFolder("overflow");
        // Room for the whole outage: about 100 bytes of line and 0.1 of a record header per point, twice over.
        long maxBytes = Math.Max(1L << 30, Points * 250L);
        try
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "HomeIQ.Influx.Reliability.CrashChild.dll");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { dll, "overflow", folder, server.Url.ToString(), database, "ovf", Points.ToString(CultureInfo.InvariantCulture),
                Window.ToString(CultureInfo.InvariantCulture), Producers.ToString(CultureInfo.InvariantCulture), maxBytes.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }
            using var child = Process.Start(start)!;
            var errors = new StringBuilder();
            child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
            child.BeginErrorReadLine();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(Points / 100_000 + 5));
                var written = await ReadUntilAsync(child, "WRITTEN ", errors, timeout.Token);
                // Every WriteAsync completed with the server down: none waited for it.
                var w = written.Split(' ');
                long writeMs = long.Parse(w[1], CultureInfo.InvariantCulture), maxDurable = long.Parse(w[2], CultureInfo.InvariantCulture), backlog = long.Parse(w[3], CultureInfo.InvariantCulture);
                output.WriteLine($"{Points:N0} points written during the outage in {writeMs:N0} ms ({Points * 1000.0 / Math.Max(1, writeMs):N0} points/s); durable buffer up to {maxDurable:N0} bytes ({maxDurable / (double)Points:F1} bytes per point), {backlog:N0} points only on disk");
                Assert.False(server.IsRunning);
                Assert.InRange(maxDurable, 1, maxBytes);
                Assert.InRange(backlog, Points - Window - 5_000, Points); // memory held the window, the rest was on disk only

                await server.StartAsync();
                var result = (await ReadUntilAsync(child, "RESULT ", errors, timeout.Token)).Split(' ');
                long accepted = long.Parse(result[1], CultureInfo.InvariantCulture), peak = long.Parse(result[3], CultureInfo.InvariantCulture), flushMs = long.Parse(result[4], CultureInfo.InvariantCulture);
                output.WriteLine($"after the outage: {accepted:N0} lines accepted by the server in {flushMs:N0} ms; order: {result[2]}; peak working set {peak / 1024.0 / 1024.0:F1} MB (bound {PeakBoundBytes / 1024 / 1024} MB)");
                Assert.True(peak < PeakBoundBytes, $"peak working set {peak:N0} bytes");
                Assert.Equal("ordered", result[2]); // per series, each accepted body continued exactly where the last ended
                Assert.Equal(Points, accepted); // and no line was accepted twice
                if (!child.WaitForExit(60_000)) Assert.Fail("the child did not exit after its report");
                Assert.Equal(0, child.ExitCode);
            }
            finally
            {
                if (!child.HasExited) child.Kill();
            }

            // Exactly once at the server: per series, as many points as written, all distinct, from 0 to the last.
            for (int p = 0; p < Producers; p++)
            {
                long mine = Points / Producers + (p < Points % Producers ? 1 : 0);
                var where = $"WHERE \"run\" = 'ovf-{p}'";
                Assert.Equal(mine, await ReliabilityKit.ScalarAsync(server, database, $"SELECT COUNT(\"seq\") FROM \"crash\" {where}"));
                Assert.Equal(mine, await ReliabilityKit.ScalarAsync(server, database, $"SELECT COUNT(DISTINCT(\"seq\")) FROM \"crash\" {where}"));
                Assert.Equal(0, await ReliabilityKit.ScalarAsync(server, database, $"SELECT MIN(\"seq\") FROM \"crash\" {where}"));
                Assert.Equal(mine - 1, await ReliabilityKit.ScalarAsync(server, database, $"SELECT MAX(\"seq\") FROM \"crash\" {where}"));
            }
            Assert.Empty(Directory.GetFiles(folder, "*.hiqlog"));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<string> ReadUntilAsync(Process child, string prefix, StringBuilder errors, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await child.StandardOutput.ReadLineAsync(cancellationToken);
            if (line is null) throw new InvalidOperationException($"the overflow child ended before '{prefix.Trim()}' (exit {(child.HasExited ? child.ExitCode : -1)}): {errors}");
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
    }
}
