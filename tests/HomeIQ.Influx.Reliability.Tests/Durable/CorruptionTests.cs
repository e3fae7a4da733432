using System.Collections.Concurrent;
using System.Globalization;
using HomeIQ.Influx.Reliability.Tests.Infrastructure;
using HomeIQ.Influx.Testing;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Reliability.Tests.Durable;

/// <summary>
/// Damage in the middle of a multi-segment durable folder, as a disk does it: one flipped byte, a zeroed 4 KiB page and
/// a record cut short. Every intact acknowledged point must still arrive at the real server, and the reports must
/// name exactly what was lost: file, byte range, records, points, and that they had been acknowledged.
/// </summary>
public sealed class CorruptionTests(ITestOutputHelper output) : IDisposable
{
    private const int Written = 12_000;
    private readonly string _folder = ReliabilityKit.TempFolder("damage");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task DamageCostsOnlyTheDamagedRecordsAndTheReportNamesThem()
    {
        var server = await InfluxServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("damage");
        // 1. 12,000 acknowledged points on disk (server down), 100 per call: records of 100 points, about 4 per 32 KiB segment.
        var options = new WriteOptions
        {
            DurableBufferPath = _folder,
            DurableSegmentBytes = 32 * 1024,
            BatchSize = 500,
            FlushInterval = TimeSpan.FromMilliseconds(20),
            DisposeTimeout = TimeSpan.FromMilliseconds(200),
            Resilience = new InfluxResilienceOptions { MaxRetryAttempts = 1, RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(50) },
        };
        using (var client = new InfluxClient(new InfluxClientOptions { Url = ReliabilityKit.DeadUrl(), Database = database, Api = InfluxApiVersion.V1 }))
        await using (var writer = new MeasurementWriter<CrashPoint>(client, options))
        {
            for (int i = 0; i < Written; i += 100) await writer.WriteAsync(Enumerable.Range(i, 100).Select(s => new CrashPoint("damage", s)));
        }
        var segments = DurableFolder.Segments(_folder);
        Assert.True(segments.Length >= 12, $"{segments.Length} segments");

        // 2. Damage three segments in the middle of the folder.
        var expected = new List<(string Segment, long Start, long End, List<DurableFolder.Record> Lost)>();
        // One flipped bit in the payload of segment 3's second record.
        var a = DurableFolder.Records(segments[2]);
        DurableFolder.FlipByte(segments[2], a[1].Offset + DurableFolder.RecordHeaderSize + 123);
        expected.Add((Path.GetFileName(segments[2]), a[1].Offset, a[1].Offset + a[1].Size, [a[1]]));
        // A zeroed 4 KiB page over the header of segment 5's third record (and whatever else it covers): the records it
        // touches are lost, and the reader must find its way to the next intact one without that header.
        var b = DurableFolder.Records(segments[4]);
        Assert.True(b.Count >= 4, $"{b.Count} records in {segments[4]}");
        var (pageStart, pageEnd) = DurableFolder.ZeroPage(segments[4], b[2].Offset + 20);
        var touched = b.Where(r => r.Offset < pageEnd && r.Offset + r.Size > pageStart).ToList();
        expected.Add((Path.GetFileName(segments[4]), touched[0].Offset, touched[^1].Offset + touched[^1].Size, touched));
        // Segment 7 cut in the middle of its last record.
        var c = DurableFolder.Records(segments[6]);
        DurableFolder.Truncate(segments[6], c[^1].Offset + c[^1].Size / 2);
        expected.Add((Path.GetFileName(segments[6]), c[^1].Offset, c[^1].Offset + c[^1].Size / 2, [c[^1]]));
        var lost = expected.SelectMany(e => e.Lost).SelectMany(r => r.Lines).Select(Seq).ToHashSet();

        // 3. The server is up: a new writer delivers every intact point and reports the damage.
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        using var metrics = new DurableMetrics("damage-writer");
        using (var client = new InfluxClient(new InfluxClientOptions { Url = server.Url, Database = database, Api = InfluxApiVersion.V1 }))
        await using (var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions { DurableBufferPath = _folder, Name = "damage-writer", OnWriteFailed = failures.Enqueue }))
        {
            await writer.FlushAsync();
        }
        foreach (var f in failures) output.WriteLine($"{f.Reason}: {f.ServerMessage}");

        var rows = await server.QueryRowsAsync(database, "SELECT \"seq\" FROM \"crash\" WHERE \"run\" = 'damage'");
        var delivered = rows.Select(r => r["seq"].GetInt64()).ToList();
        Assert.Equal(delivered.Count, delivered.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Written).Select(i => (long)i).Where(s => !lost.Contains(s)), delivered.Order());

        var reports = failures.ToList();
        Assert.All(reports, f => Assert.Equal(WriteFailureReason.Damaged, f.Reason));
        Assert.Equal(expected.Count, reports.Count);
        foreach (var (segment, start, end, records) in expected)
        {
            var report = Assert.Single(reports, f => f.Damage!.Segment == segment);
            var damage = report.Damage!;
            Assert.Equal(start, damage.StartOffset);
            Assert.Equal(end, damage.EndOffset);
            Assert.Equal(records.Count, damage.RecordsLost);
            Assert.Equal(records.Sum(r => r.LineCount), damage.PointsLost);
            Assert.Equal(damage.PointsLost, report.PointCount);
            // EachWrite, one caller: each record was flushed before the next was written, which says so.
            Assert.True(damage.Acknowledged, $"{segment}: acknowledged {damage.Acknowledged}");
            Assert.Contains(segment, report.ServerMessage, StringComparison.Ordinal);
            Assert.Contains("had been acknowledged", report.ServerMessage, StringComparison.Ordinal);
        }
        // The flipped byte left the record's header readable: its 100 lines are named, as read.
        var flipped = reports.Single(f => f.Damage!.Segment == expected[0].Segment);
        Assert.Equal(100, flipped.Lines.Count);
        Assert.Equal(expected[0].Lost[0].Lines.Select(Seq).Take(1), flipped.Lines.Take(1).Select(Seq));

        Assert.Equal(expected.Sum(e => e.Lost.Count), metrics.Sum(InfluxTelemetry.DurableDamagedRecordsInstrument));
        Assert.Equal(expected.Sum(e => e.End - e.Start), metrics.Sum(InfluxTelemetry.DurableDamagedBytesInstrument));
        Assert.Empty(Directory.GetFiles(_folder, "*.hiqlog"));
    }

    private static long Seq(string line) => long.Parse(line.Split(' ')[1].Split(',')[0]["seq=".Length..^1], CultureInfo.InvariantCulture);
}
