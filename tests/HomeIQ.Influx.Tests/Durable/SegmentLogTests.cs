using System.Buffers.Binary;
using System.Text;
using HomeIQ.Influx.Writing.Stores.Durable;

namespace HomeIQ.Influx.Tests.Durable;

/// <summary>
/// The durable log's file format from the inside: random damage costs only the damaged records (the reader finds every
/// intact record after it), the checkpoint survives a torn slot, a torn tail is cut off at open, and group commit
/// completes every waiter with few flushes.
/// </summary>
public sealed class SegmentLogTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "homeiq-log-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomDamageCostsOnlyTheDamagedRecords(int seed)
    {
        var random = new Random(seed);
        // One segment of 300 records of 1-20 lines each (lines of varied length, some non-ASCII).
        var written = new List<(long Offset, int Size, long FirstLsn, string[] Lines)>();
        string path;
        using (var log = DurableLog.Open(_folder, segmentBytes: 64L << 20, interval: false))
        {
            for (int r = 0; r < 300; r++)
            {
                var lines = Enumerable.Range(0, random.Next(1, 21)).Select(i => $"m,r={r} v={i},s=\"{new string('é', random.Next(0, 40))}\" {r * 100 + i}").ToArray();
                var payload = Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
                var (segment, offset, firstLsn) = log.Append(payload, lines.Length, nowMs: 1_000 + r);
                written.Add((offset, SegmentFormat.RecordHeaderSize + payload.Length, firstLsn, lines));
            }
            path = log.Active!.Path;
        }

        // Damage: a few flipped bytes, a zeroed range and a run of random bytes, anywhere after the segment header.
        var bytes = File.ReadAllBytes(path);
        var damaged = new bool[bytes.Length];
        for (int k = 0; k < 4; k++)
        {
            int at = random.Next(SegmentFormat.FileHeaderSize, bytes.Length);
            bytes[at] ^= (byte)(1 << random.Next(8));
            damaged[at] = true;
        }
        int zero = random.Next(SegmentFormat.FileHeaderSize, bytes.Length - 4096);
        for (int i = zero; i < zero + 4096; i++) { damaged[i] |= bytes[i] != 0; bytes[i] = 0; }
        int noise = random.Next(SegmentFormat.FileHeaderSize, bytes.Length - 300);
        for (int i = noise; i < noise + 300; i++) { byte b = (byte)random.Next(256); damaged[i] |= bytes[i] != b; bytes[i] = b; }
        File.WriteAllBytes(path, bytes);

        var intact = written.Where(w => !damaged.AsSpan((int)w.Offset, w.Size).Contains(true)).ToList();
        var read = new List<(long Offset, string[] Lines)>();
        var gaps = new List<DamageFound>();
        using (var reader = new SegmentReader(path, SegmentFormat.FileHeaderSize))
        {
            long expected = 0, last = -1;
            while (true)
            {
                var kind = reader.Next(bytes.Length, expected, last);
                if (kind == ReadKind.End) break;
                if (kind == ReadKind.Record)
                {
                    read.Add((reader.RecordOffset, Encoding.UTF8.GetString(reader.Payload).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
                    (expected, last) = (reader.Header.EndLsn, reader.Header.Number);
                }
                else
                {
                    gaps.Add(reader.Damage!);
                    if (reader.Damage!.Next is { } next) (expected, last) = (next.FirstLsn, next.Number - 1);
                }
            }
        }
        // Every intact record is read back exactly, and nothing damaged passes as intact.
        Assert.Equal(intact.Select(w => w.Offset), read.Select(r => r.Offset));
        Assert.All(read, r => Assert.Equal(written.Single(w => w.Offset == r.Offset).Lines, r.Lines));
        // The damage reports cover exactly the records that were not read.
        var lostOffsets = written.Select(w => w.Offset).Except(intact.Select(w => w.Offset)).ToList();
        Assert.All(lostOffsets, o => Assert.Contains(gaps, g => o >= g.Start && o < g.End));
        Assert.All(gaps, g => Assert.DoesNotContain(intact, w => w.Offset >= g.Start && w.Offset < g.End));
    }

    [Fact]
    public void TheCheckpointSurvivesATornSlot()
    {
        Directory.CreateDirectory(_folder);
        using (var checkpoint = CheckpointFile.Open(_folder))
        {
            Assert.Equal(0, checkpoint.ConfirmedLsn);
            checkpoint.Write(1_000, flush: true);
            checkpoint.Write(2_000, flush: true);
            checkpoint.Write(3_000, flush: true); // generation 3: slot 1 holds 3,000, slot 0 holds 2,000
        }
        using (var checkpoint = CheckpointFile.Open(_folder)) Assert.Equal(3_000, checkpoint.ConfirmedLsn);

        // A crash tears the newest slot: the previous checkpoint holds (a little more is resent, nothing is lost).
        var path = Path.Combine(_folder, CheckpointFile.FileName);
        var bytes = File.ReadAllBytes(path);
        bytes[512 + 17] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        using (var checkpoint = CheckpointFile.Open(_folder))
        {
            Assert.Equal(2_000, checkpoint.ConfirmedLsn);
            Assert.False(checkpoint.WasUnreadable);
            checkpoint.Write(4_000, flush: true); // overwrites the torn slot
        }
        using (var checkpoint = CheckpointFile.Open(_folder)) Assert.Equal(4_000, checkpoint.ConfirmedLsn);

        // Both slots unreadable: everything is resent, and that is said.
        File.WriteAllBytes(path, new byte[1024]);
        using (var checkpoint = CheckpointFile.Open(_folder))
        {
            Assert.Equal(0, checkpoint.ConfirmedLsn);
            Assert.True(checkpoint.WasUnreadable);
        }
    }

    [Fact]
    public void ATornTailIsCutOffAtOpenAndReportedAsNeverAcknowledged()
    {
        string path;
        using (var log = DurableLog.Open(_folder, 64L << 20, interval: false))
        {
            for (int r = 0; r < 10; r++) log.Append("m v=1 1\nm v=2 2\n"u8, 2, 1_000);
            path = log.Active!.Path;
        }
        long intactLength = new FileInfo(path).Length;
        // Half of one more record: its header says 2 lines.
        var header = new byte[SegmentFormat.RecordHeaderSize];
        new RecordHeader(10, 20, 16, 2, 1_000, 20, SegmentFormat.Crc("m v=3 3\nm v=4 4\n"u8)).Write(header);
        using (var file = new FileStream(path, FileMode.Append)) { file.Write(header); file.Write("m v=3 3\n"u8); }

        using (var log = DurableLog.Open(_folder, 64L << 20, interval: false))
        {
            var (damage, lines) = Assert.Single(log.TornAtOpen);
            Assert.Equal(intactLength, damage.StartOffset);
            Assert.Equal(2, damage.PointsLost);
            Assert.Equal(1, damage.RecordsLost);
            Assert.False(damage.Acknowledged);
            Assert.Empty(lines);
            Assert.Equal(20, log.TailLsn);
            Assert.Equal(20, log.PendingLines(0));
        }
        Assert.Equal(intactLength, new FileInfo(path).Length);
    }

    [Fact]
    public async Task GroupCommitCompletesEveryWaiterWithFewFlushes()
    {
        long appended = 0, synced = 0;
        int flushes = 0;
        using var commit = new GroupCommit(() =>
        {
            long target = Interlocked.Read(ref appended);
            Interlocked.Increment(ref flushes);
            Thread.Sleep(2); // a disk flush takes time: calls arriving meanwhile wait for the next one
            Interlocked.Exchange(ref synced, target);
            return target;
        }, () => Interlocked.Read(ref synced), ex => throw ex);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < 200; i++)
            {
                long lsn = Interlocked.Increment(ref appended);
                await commit.WaitAsync(lsn);
                Assert.True(Interlocked.Read(ref synced) >= lsn);
            }
        })));
        Assert.InRange(flushes, 1, 800);
    }

    [Fact]
    public async Task AFailedFlushFailsEveryWaiterWithAClearError()
    {
        using var commit = new GroupCommit(() => throw new IOException("disk gone"), () => 0, _ => { });
        var ex = await Assert.ThrowsAsync<IOException>(async () => await commit.WaitAsync(1));
        Assert.Contains("could not flush", ex.Message, StringComparison.Ordinal);
        Assert.Equal("disk gone", ex.InnerException!.Message);
    }

    [Fact]
    public void TheRecordHeaderIsTheDocumentedLayout()
    {
        var header = new byte[SegmentFormat.RecordHeaderSize];
        new RecordHeader(7, 1234, 99, 3, 1_700_000_000_000, 1200, 0xCAFEBABE).Write(header);
        Assert.Equal(new byte[] { 0xFF, (byte)'H', (byte)'I', (byte)'Q', (byte)'R', (byte)'E', (byte)'C', 0xFE }, header[..8]);
        Assert.Equal(7, BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(8)));
        Assert.Equal(1234, BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(16)));
        Assert.Equal(99, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24)));
        Assert.Equal(3, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(28)));
        Assert.Equal(1_700_000_000_000, BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(32)));
        Assert.Equal(1200, BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(40)));
        Assert.Equal(0xCAFEBABE, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(48)));
        Assert.True(RecordHeader.TryRead(header, out var back));
        Assert.Equal(new RecordHeader(7, 1234, 99, 3, 1_700_000_000_000, 1200, 0xCAFEBABE), back);
        header[30] ^= 1;
        Assert.False(RecordHeader.TryRead(header, out _));
    }
}
