using System.Diagnostics;
using System.Globalization;
using System.Text;
using HomeIQ.Influx.Reliability.Tests.Infrastructure;
using HomeIQ.Influx.Testing;
using Xunit;
using Xunit.Abstractions;

// HIQ002 (client created per call) is expected here: each crash round opens a fresh client and writer on the killed child's folder on purpose: recovery is what is tested.
#pragma warning disable HIQ002

namespace HomeIQ.Influx.Reliability.Tests.Durable;

/// <summary>
/// A child process writes with the durable buffer to a server that is down and is killed with SIGKILL at a random
/// moment; a new writer on the same folder, with the server up, must deliver every acknowledged point exactly once.
/// </summary>
/// <remarks>
/// Sizes: <c>HOMEIQ_CRASH_POINTS</c> points per child (default 50,000; the full size is 200,000),
/// <c>HOMEIQ_CRASH_ROUNDS</c> kill rounds (default 5), <c>HOMEIQ_CRASH_SEED</c> to replay a run.
/// </remarks>
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Chunk = 500;
    private static readonly int Points = ReliabilityKit.Knob("HOMEIQ_CRASH_POINTS", 50_000);
    private static readonly int Rounds = ReliabilityKit.Knob("HOMEIQ_CRASH_ROUNDS", 5);

    [Fact]
    public async Task EveryAcknowledgedPointIsDeliveredExactlyOnceAfterSigkill()
    {
        int seed = ReliabilityKit.Seed("HOMEIQ_CRASH_SEED");
        output.WriteLine($"seed {seed} (HOMEIQ_CRASH_SEED={seed} replays it), {Points} points, {Rounds} rounds");
        var random = new Random(seed);
        var server = await InfluxServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("crash");
        var kills = new HashSet<int>();
        for (int round = 0; round < Rounds; round++)
        {
            // Different kill moments: a distinct acknowledgement count each round, plus a random delay after it so
            // the kill lands in the middle of later appends too.
            int chunks = (Points + Chunk - 1) / Chunk;
            int killAfter;
            do killAfter = random.Next(1, chunks + 1); while (!kills.Add(killAfter) && kills.Count < chunks);
            int delayMs = random.Next(0, 30);
            await RunRoundAsync(server, database, $"r{round}", killAfter, delayMs, tear: false, $"seed {seed}, round {round}");
        }
    }

    [Fact]
    public async Task ATornSegmentTailIsCutOffAndNeverSent()
    {
        int seed = ReliabilityKit.Seed("HOMEIQ_CRASH_SEED");
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var server = await InfluxServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("torn");
        int chunks = (Points + Chunk - 1) / Chunk;
        await RunRoundAsync(server, database, "torn", random.Next(1, chunks + 1), random.Next(0, 30), tear: true, $"seed {seed}, torn");
    }

    [Fact]
    public async Task ACrashWithTheServerUpResendsAtMostTheBatchInFlight()
    {
        // The child writes to a live server through a proxy that logs every line it forwards, and is killed at a random
        // moment; a new writer on its folder sends the rest through the same proxy. The checkpoint (written before the
        // sender takes the next batch) must limit the lines forwarded twice to the one batch in flight at the kill.
        const int BatchSize = 1_000;
        int seed = ReliabilityKit.Seed("HOMEIQ_CRASH_SEED");
        var random = new Random(seed);
        var server = await InfluxServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("resend");
        await using var proxy = new FaultInjectingProxy(server.Url);
        var folder = ReliabilityKit.TempFolder("resend");
        try
        {
            int chunks = Points / Chunk;
            int killAfter = random.Next(chunks / 4, chunks * 3 / 4);
            long acknowledged = await RunChildUntilKilledAsync(folder, proxy.Url, database, "resend", (long)killAfter * Chunk, random.Next(0, 30), BatchSize);
            int beforeRestart = proxy.Requests.Count;
            var failures = new List<WriteFailedEventArgs>();
            long recovered;
            using (var client = new InfluxClient(new InfluxClientOptions { Url = proxy.Url, Database = database, Api = InfluxApiVersion.V1 }))
            {
                await using var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions
                {
                    DurableBufferPath = folder,
                    FlushInterval = TimeSpan.FromMilliseconds(50),
                    OnWriteFailed = e => { lock (failures) failures.Add(e); },
                });
                recovered = writer.RecoveredPoints;
                await writer.FlushAsync();
            }
            // How often each point crossed the proxy to the server (every logged request was forwarded).
            var sent = new Dictionary<long, int>();
            foreach (var request in proxy.Requests.Where(r => r.PathAndQuery.StartsWith("/write", StringComparison.Ordinal)))
            {
                foreach (var line in request.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    long seq = long.Parse(line.Split(' ')[1].Split(',')[0]["seq=".Length..^1], CultureInfo.InvariantCulture);
                    sent[seq] = sent.GetValueOrDefault(seq) + 1;
                }
            }
            long twice = sent.Values.Sum(n => (long)n - 1);
            long stored = await ReliabilityKit.ScalarAsync(server, database, "SELECT COUNT(\"seq\") FROM \"crash\" WHERE \"run\" = 'resend'");
            output.WriteLine($"seed {seed}: killed after {acknowledged} acknowledged points; {beforeRestart} requests before the restart; the new writer recovered {recovered}; {stored} stored; {twice} points sent twice (batch size {BatchSize})");
            Assert.All(failures, f => Assert.Equal(WriteFailureReason.Damaged, f.Reason)); // at most a record the kill cut short
            Assert.True(stored >= acknowledged, $"stored {stored} < acknowledged {acknowledged}");
            await ReliabilityKit.AssertExactlyAsync(server, database, "resend", stored, $"seed {seed}");
            Assert.Equal(stored, sent.Count);
            Assert.InRange(twice, 0, BatchSize);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private async Task RunRoundAsync(InfluxServer server, string database, string run, int killAfter, int delayMs, bool tear, string context)
    {
        var folder = ReliabilityKit.TempFolder("crash");
        try
        {
            long acknowledged = await RunChildUntilKilledAsync(folder, database, run, killAfter * Chunk, delayMs);
            if (acknowledged == Points) output.WriteLine($"{context}: the child finished before the kill (it still had unsent points in memory and on disk)");
            output.WriteLine($"{context}: killed after {acknowledged} acknowledged points (target {killAfter * Chunk}, +{delayMs} ms)");
            Assert.True(acknowledged >= Chunk, $"{context}: the child acknowledged nothing");

            long tornSeq = 9_000_000;
            if (tear)
            {
                // A record of 50 points cut in the middle, as a crash in the middle of an append leaves it.
                var last = DurableFolder.Segments(folder)[^1];
                DurableFolder.AppendTornRecord(last, Enumerable.Range(0, 50).Select(i => LineProtocol.ToLine(new CrashPoint(run, tornSeq + i))).ToList());
            }

            var logs = new CapturingLoggerFactory();
            var failures = new List<WriteFailedEventArgs>();
            long recovered;
            using (var client = new InfluxClient(new InfluxClientOptions { Url = server.Url, Database = database, Api = InfluxApiVersion.V1 }, logs))
            {
                await using var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions
                {
                    DurableBufferPath = folder,
                    MaxBufferedPoints = 20_000, // less than what is on disk: the replay waits for room like any producer
                    FlushInterval = TimeSpan.FromMilliseconds(50),
                    OnWriteFailed = e => { lock (failures) failures.Add(e); },
                });
                recovered = writer.RecoveredPoints;
                await writer.FlushAsync();
            }
            output.WriteLine($"{context}: recovered {recovered} points");
            // The only report allowed: a record the kill (or the test) cut short at the very end, never acknowledged.
            foreach (var failure in failures) output.WriteLine($"{context}: reported {failure.Reason}: {failure.ServerMessage}");
            Assert.All(failures, f =>
            {
                Assert.Equal(WriteFailureReason.Damaged, f.Reason);
                Assert.Equal(false, f.Damage!.Acknowledged);
            });
            if (tear)
            {
                var torn = Assert.Single(failures);
                Assert.Equal(50, torn.Damage!.PointsLost);
                Assert.Equal(1, torn.Damage.RecordsLost);
                Assert.Contains("cut short", torn.Damage.Problem, StringComparison.Ordinal);
            }
            Assert.True(recovered >= acknowledged, $"{context}: recovered {recovered} < acknowledged {acknowledged}");
            Assert.True(recovered <= Points, $"{context}: recovered {recovered} > written {Points}");
            // Every recovered point (all acknowledged ones, and any appended after the last acknowledgement was read)
            // arrived exactly once and exactly as written, and nothing else of this run.
            await ReliabilityKit.AssertExactlyAsync(server, database, run, recovered, context);
            Assert.Equal(0, await ReliabilityKit.ScalarAsync(server, database, $"SELECT COUNT(\"seq\") FROM \"crash\" WHERE \"run\" = '{run}' AND \"seq\" >= {tornSeq}"));
            if (tear) Assert.Contains(logs.Entries, e => e.Id.Id == 1302);
            // Confirmed segments are deleted.
            Assert.Empty(Directory.GetFiles(folder, "*.hiqlog"));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    // Starts the child, reads its acknowledgements, kills it with SIGKILL after `killAt` acknowledged points (+delay).
    private static Task<long> RunChildUntilKilledAsync(string folder, string database, string run, long killAt, int delayMs) =>
        RunChildUntilKilledAsync(folder, ReliabilityKit.DeadUrl(), database, run, killAt, delayMs, batchSize: 5_000);

    private static async Task<long> RunChildUntilKilledAsync(string folder, Uri url, string database, string run, long killAt, int delayMs, int batchSize)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "HomeIQ.Influx.Reliability.CrashChild.dll");
        Assert.True(File.Exists(dll), $"the crash child was not built next to the tests: {dll}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { dll, folder, url.ToString(), database, run, Points.ToString(CultureInfo.InvariantCulture), Chunk.ToString(CultureInfo.InvariantCulture), "2", batchSize.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        var errors = new StringBuilder();
        child.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (errors) errors.AppendLine(e.Data); };
        child.BeginErrorReadLine();
        long acknowledged = 0;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (true)
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token);
                if (line is null) throw new InvalidOperationException($"the crash child ended early (exit {(child.HasExited ? child.ExitCode : -1)}): {errors}");
                if (line.StartsWith("ACK ", StringComparison.Ordinal)) acknowledged = long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
                if (acknowledged >= killAt || line == "DONE") break;
            }
            if (delayMs > 0) Thread.Sleep(delayMs);
        }
        finally
        {
            child.Kill(); // SIGKILL on Unix: no finalizers, no flush, no dispose
            await child.WaitForExitAsync();
        }
        // Acknowledgements printed between the last one read and the kill count too: they were acknowledged.
        var rest = await child.StandardOutput.ReadToEndAsync();
        foreach (var line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (line.StartsWith("ACK ", StringComparison.Ordinal)) acknowledged = long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
        return acknowledged;
    }
}
