using System.Buffers;
using HomeIQ.Influx.Consumer.Tests.Models;
using Xunit;

namespace HomeIQ.Influx.Consumer.Tests;

/// <summary>The generated serializer allocates nothing per point once the output buffer has its working size.</summary>
public class AllocationTests
{
    [Fact]
    public void Writing_points_allocates_zero_bytes_after_warm_up()
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var reading = new Reading
        {
            Room = "living room", Device = "sensor-1", Mode = Mode.Heat, Floor = 2, Temperature = 21.5, Humidity = 40.25f, Count = 12345,
            Total = 99, Battery = 80, Online = true, Label = "say \"hi\"", Price = 1.25m, Time = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        var tags = new TagTypes
        {
            Text = "t", Mode = Mode.Cool, Flag = true, Letter = 'x', I8 = 1, I16 = 2, I32 = 3, I64 = 4, U8 = 5, U16 = 6, U32 = 7, U64 = 8,
            Id = Guid.NewGuid(), Value = 1,
        };
        var nullableFields = new NullableFieldTypes { F64 = 1, F32 = 2, Dec = 3, I32 = 4, U64 = 5, Flag = true, Text = "x", Letter = 'y', Mode = Mode.Heat };
        var positional = new Positional("kitchen", 20, DateTime.UtcNow);

        void WriteAll(int count)
        {
            for (int i = 0; i < count; i++)
            {
                output.ResetWrittenCount();
                LineProtocol.Write(output, reading);
                LineProtocol.Write(output, tags);
                LineProtocol.Write(output, nullableFields);
                LineProtocol.Write(output, positional, WritePrecision.Milliseconds);
            }
        }

        WriteAll(1_000); // warm-up: JIT, tiering, static SearchValues
        long before = GC.GetAllocatedBytesForCurrentThread();
        WriteAll(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(output.WrittenCount > 0);
    }
}
