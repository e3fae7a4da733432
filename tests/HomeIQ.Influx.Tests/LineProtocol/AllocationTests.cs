using System.Buffers;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>The promise of the writer: nothing is allocated per point once the output has its working size.</summary>
public class AllocationTests
{
    private static readonly string[] Rooms = ["living room", "kitchen", "bed,room"];

    [Fact]
    public void APointWith3TagsAnd4FieldsAllocatesNothingOnceWarmedUp()
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        WritePoints(output, start, 1000); // warm up: JIT, tiering, static SearchValues
        WritePoints(output, start, 1000);

        // Background tiered compilation can replace the loop's code while it runs (and that may allocate once on
        // this thread), so the steady state is the best of a few rounds; each round is 10,000 points.
        var rounds = new List<long>();
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            int written = WritePoints(output, start, 10_000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(written > 10_000 * 60, $"wrote only {written} bytes"); // the loop really wrote the points
            rounds.Add(allocated);
            if (allocated == 0) break;
        }
        Assert.True(rounds[^1] == 0, $"bytes allocated per 10,000 points in each round: {string.Join(", ", rounds)}");
    }

    private static int WritePoints(ArrayBufferWriter<byte> output, DateTime start, int count)
    {
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            output.ResetWrittenCount();
            var w = new LineProtocolWriter(output, WritePrecision.Milliseconds);
            w.BeginPoint("sensor"u8);
            w.WriteTag("building"u8, "HQ west");
            w.WriteTag("floor"u8, "2");
            w.WriteTag("room"u8, Rooms[i % Rooms.Length]);
            w.WriteField("battery"u8, (long)(i % 100));
            w.WriteField("label"u8, "say \"hi\"");
            w.WriteField("online"u8, (i & 1) == 0);
            w.WriteField("temperature"u8, 20.0 + i * 0.01);
            w.WriteTimestamp(start.AddSeconds(i));
            w.EndPoint();
            total += output.WrittenCount;
        }
        return total;
    }
}
