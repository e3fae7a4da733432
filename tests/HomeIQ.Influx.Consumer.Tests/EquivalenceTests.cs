using System.Buffers;
using System.Globalization;
using System.Text;
using HomeIQ.Influx.Consumer.Tests.Models;
using InfluxDB.Client.Writes;
using Xunit;
using ClientPrecision = InfluxDB.Client.Api.Domain.WritePrecision;

namespace HomeIQ.Influx.Consumer.Tests;

/// <summary>
/// The generated serializer agrees with a hand-built <see cref="LineProtocolWriter"/> sequence and with
/// InfluxDB.Client 5.1.0's <see cref="PointData"/> for seeded random values.
/// </summary>
public class EquivalenceTests
{
    // HIQ_EQUIVALENCE_POINTS raises the count for a longer soak; the default keeps the run short.
    private static readonly int PointCount =
        int.TryParse(Environment.GetEnvironmentVariable("HIQ_EQUIVALENCE_POINTS"), out var n) && n > 0 ? n : 2_000;

    private const string Alphabet = "abcxyzABC019 ,=\"\\é€_-.";

    [Fact]
    public void GeneratedOutputEqualsHandBuiltWriterOutput()
    {
        // Tag values here may break the writer's backslash rule (a backslash before ',', '=' or space, or at the end):
        // then both sides must refuse the point, and otherwise write the same bytes.
        var random = new Random(20261127);
        var generated = new ArrayBufferWriter<byte>();
        var manual = new ArrayBufferWriter<byte>();
        int written = 0, refused = 0;
        for (int i = 0; i < PointCount; i++)
        {
            // Any finite double here: both sides use the same writer formatting.
            var point = RandomReading(random, anyDouble: true, readableBackslashes: false);
            generated.ResetWrittenCount();
            manual.ResetWrittenCount();

            var generatedError = Catch(() => LineProtocol.Write(generated, point));
            var manualError = Catch(() => WriteByHand(manual, point));
            Assert.True((generatedError is null) == (manualError is null),
                $"room '{point.Room}', device '{point.Device}': generated {generatedError?.Message ?? "wrote"}, by hand {manualError?.Message ?? "wrote"}");
            if (manualError is null)
            {
                Assert.Equal(Encoding.UTF8.GetString(manual.WrittenSpan), Encoding.UTF8.GetString(generated.WrittenSpan));
                written++;
            }
            else
            {
                Assert.Equal(0, generated.WrittenCount); // a refused point leaves nothing behind
                refused++;
            }
        }
        Assert.Equal(PointCount, written + refused);
        Assert.True(written > PointCount / 2 && refused > 0, $"written {written}, refused {refused}");
    }

    [Fact]
    public void GeneratedOutputEqualsInfluxDBClientPointData()
    {
        var random = new Random(42);
        int compared = 0;
        for (int i = 0; i < PointCount; i++)
        {
            // PointData prints doubles with "G17", this library with the shortest round-trip form: they agree on
            // values with a short exact binary form (k/8), so those are used here.
            var point = RandomReading(random, anyDouble: false, readableBackslashes: true);
            var expected = ToPointData(point).ToLineProtocol();
            Assert.Equal(expected, LineProtocol.ToLine(point));
            compared++;
        }
        Assert.Equal(PointCount, compared);
    }

    private static LineProtocolException? Catch(Action write)
    {
        try
        {
            write();
            return null;
        }
        catch (LineProtocolException ex)
        {
            return ex;
        }
    }

    private static Reading RandomReading(Random random, bool anyDouble, bool readableBackslashes) => new()
    {
        Room = RandomText(random, allowEmpty: true, readableBackslashes),
        Device = random.Next(5) == 0 ? null : RandomText(random, allowEmpty: false, readableBackslashes),
        Mode = (Mode)random.Next(3),
        Floor = random.Next(-3, 50),
        Temperature = anyDouble ? RandomDouble(random) : random.Next(-8_000_000, 8_000_000) / 8.0,
        Humidity = (float)(random.NextDouble() * 100),
        Count = random.NextInt64(long.MinValue, long.MaxValue),
        Total = (ulong)random.NextInt64() * 2 + (ulong)random.Next(2),
        Battery = random.Next(4) == 0 ? null : random.Next(0, 101),
        Online = random.Next(2) == 0,
        Label = random.Next(4) == 0 ? null : RandomText(random, allowEmpty: true, readableBackslashes: false), // a string field takes any text
        Price = new decimal(random.Next(), random.Next(), 0, random.Next(2) == 0, (byte)random.Next(0, 6)),
        Time = new DateTime(random.NextInt64(DateTime.UnixEpoch.Ticks, new DateTime(2200, 1, 1).Ticks), DateTimeKind.Utc),
    };

    private static double RandomDouble(Random random)
    {
        double value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-30, 30));
        return double.IsFinite(value) ? value : 0;
    }

    // Tag values never hold control characters here. With readableBackslashes, they also keep the writer's backslash
    // rule (no backslash directly before ',', '=' or space, none at the end), so every point can be written; without
    // it, some points break the rule on purpose.
    private static string RandomText(Random random, bool allowEmpty, bool readableBackslashes)
    {
        int length = random.Next(allowEmpty ? 0 : 1, 12);
        var chars = new char[length];
        for (int i = 0; i < length; i++) chars[i] = Alphabet[random.Next(Alphabet.Length)];
        if (readableBackslashes)
        {
            for (int i = 0; i < length; i++)
            {
                if (chars[i] == '\\' && (i + 1 == length || chars[i + 1] is ',' or '=' or ' ')) chars[i] = 'q';
            }
        }
        return new string(chars);
    }

    private static void WriteByHand(IBufferWriter<byte> output, Reading point)
    {
        var writer = new LineProtocolWriter(output);
        writer.BeginPoint("reading"u8);
        writer.WriteTag("device"u8, point.Device);
        writer.WriteTag("floor"u8, point.Floor);
        writer.WriteTag("mode"u8, point.Mode.ToString());
        writer.WriteTag("room"u8, point.Room);
        if (point.Battery is { } battery) writer.WriteField("battery"u8, battery);
        writer.WriteField("count"u8, point.Count);
        writer.WriteField("humidity"u8, point.Humidity);
        writer.WriteField("label"u8, point.Label);
        writer.WriteField("online"u8, point.Online);
        writer.WriteField("price"u8, point.Price);
        writer.WriteField("temperature"u8, point.Temperature);
        writer.WriteField("total"u8, point.Total);
        writer.WriteTimestamp(point.Time);
        writer.EndPoint();
    }

    private static PointData ToPointData(Reading point)
    {
        var data = PointData.Measurement("reading")
            .Tag("room", point.Room)
            .Tag("device", point.Device)
            .Tag("mode", point.Mode.ToString())
            .Tag("floor", point.Floor.ToString(CultureInfo.InvariantCulture))
            .Field("temperature", point.Temperature)
            .Field("humidity", point.Humidity)
            .Field("count", point.Count)
            .Field("total", point.Total)
            .Field("online", point.Online)
            .Field("price", point.Price)
            .Timestamp(point.Time, ClientPrecision.Ns);
        if (point.Battery is { } battery) data = data.Field("battery", battery);
        if (point.Label is not null) data = data.Field("label", point.Label);
        return data;
    }
}
