using System.Buffers;
using HomeIQ.Influx.Consumer.Tests.Models;
using Xunit;

namespace HomeIQ.Influx.Consumer.Tests;

/// <summary>The generated serializer allocates nothing per point once the output buffer has its working size.</summary>
public class AllocationTests
{
    [Fact]
    public void WritingPointsAllocatesZeroBytesAfterWarmUp()
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

    [Fact]
    public void EveryShapeOfIssue15WritesWithZeroBytesPerPoint()
    {
        var output = new ArrayBufferWriter<byte>(64 * 1024);
        var time = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var air = new AirQuality { Room = Room.Hall, Co2 = 612, Voc = 0.25, Time = time };
        var plug = new PlugReading { Device = "plug-1", Rssi = -51, Watts = 1234.5, Time = time };
        plug.OnFloor(2);
        var humidity = new Humidity { Room = "bath", Value = 55.5, Time = time.UtcDateTime };
        var rules = new OverrideAndNew { Room = "hall", Device = "d1", Value = 7, Time = time };
        var energy = new EnergyMeter("meter 1", 1_000_000, time);
        var phase = new Phase("m1", 230.5) { Amps = 1.5, Line = "L2", Time = time.UtcDateTime };
        var door = new DoorState { Door = "front", Open = true, Battery = 87, Time = time };
        var motion = new Motion(Zone.Outdoor, 3, true, true, uint.MaxValue, time);
        // The run-time name is escaped and validated on every point, from a string the caller already has.
        var tenant = new TenantClimate { Table = "climate_2024, tenant 7", Room = "kitchen", Temperature = 21.5, Count = 3, Time = time };
        var declared = new TenantClimate { Table = null, Room = "kitchen", Temperature = 21.5, Count = 3, Time = time };

        void WriteAll(int count)
        {
            for (int i = 0; i < count; i++)
            {
                output.ResetWrittenCount();
                LineProtocol.Write(output, air);
                LineProtocol.Write(output, plug);
                LineProtocol.Write(output, humidity);
                LineProtocol.Write(output, rules);
                LineProtocol.Write(output, energy);
                LineProtocol.Write(output, phase);
                LineProtocol.Write(output, door);
                LineProtocol.Write(output, motion);
                LineProtocol.Write(output, tenant);
                LineProtocol.Write(output, declared);
            }
        }

        WriteAll(1_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        WriteAll(10_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Contains("climate_2024\\,\\ tenant\\ 7,room=kitchen", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
