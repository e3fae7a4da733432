using System.Buffers;
using System.Globalization;
using System.Text;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>
/// Float fields are written by the writer's own shortest round-trip formatter (<c>RoundTripFormat</c>), and the
/// promise is that the bytes are exactly those of the runtime's "R"; these tests hold the writer (both key overloads)
/// to it on values of every kind. <see cref="RoundTripFormatTests"/> is the formatter's own differential test.
/// </summary>
public class FloatFormatTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(21.5)]
    [InlineData(-21.5)]
    [InlineData(45.25)]
    [InlineData(0.1)]
    [InlineData(0.0001)]       // the smallest value "R" writes without an exponent
    [InlineData(0.00009999)]   // below it: "R" writes 9.999E-05
    [InlineData(0.000123)]
    [InlineData(0.0045)]
    [InlineData(1.000001)]     // 6 decimals
    [InlineData(1.0000001)]    // 7 decimals
    [InlineData(0.30000000000000004)]
    [InlineData(100)]
    [InlineData(123456789)]
    [InlineData(3999999999.999999)]
    [InlineData(4e9)]
    [InlineData(1e15)]
    [InlineData(1e16)]         // 17 digits: "R" still writes it in full
    [InlineData(1e17)]         // "R" switches to an exponent here (1E+17)
    [InlineData(123456789012345.6)]
    [InlineData(0)]
    [InlineData(-0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    public void WritesExactlyWhatRWrites(double value) => AssertSameAsR(value);

    [Theory]
    [InlineData(0.1f)]
    [InlineData(21.5f)]
    [InlineData(-0.0f)]
    [InlineData(1e8f)]          // 9 digits: a float's "R" still writes it in full
    [InlineData(1e9f)]          // 1E+09
    [InlineData(1e-5f)]         // 1E-05
    [InlineData(float.Epsilon)]
    [InlineData(float.MaxValue)]
    [InlineData(1.17549435e-38f)] // the smallest normal float
    [InlineData(16777217f)]
    public void FloatFieldsAreWrittenExactlyAsTheFloatsR(float value)
    {
        string line = Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, value));
        Assert.Equal("f=" + value.ToString("R", CultureInfo.InvariantCulture), line);
        Assert.Equal(line, Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", value)));
    }

    [Fact]
    public void RandomValuesOfEveryKindAreWrittenExactlyAsRWritesThem()
    {
        int seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var buffer = new ArrayBufferWriter<byte>(64);
        for (int i = 0; i < 400_000; i++)
        {
            double value = (i % 4) switch
            {
                // a decimal with 0-9 places, as a sensor reports it
                0 => random.NextInt64(0, (long)Math.Pow(10, random.Next(1, 13))) / Math.Pow(10, random.Next(0, 10)),
                // any finite double
                1 => RandomBits(random),
                // arithmetic on such values: sums, scaled and averaged readings
                2 => (random.Next(0, 100_000) * 0.1 + random.Next(0, 1_000) * 0.01) / (random.Next(3) + 1),
                // close to powers of ten and to where decimals get long
                _ => Near(random),
            };
            if (random.Next(2) == 0) value = -value;
            buffer.ResetWrittenCount();
            var writer = new LineProtocolWriter(buffer);
            writer.BeginPoint("m"u8);
            writer.WriteField("f"u8, value);
            writer.EndPoint();
            string actual = Encoding.UTF8.GetString(buffer.WrittenSpan);
            string expected = "m f=" + value.ToString("R", CultureInfo.InvariantCulture) + "\n";
            if (actual != expected)
                Assert.Fail($"seed {seed}: {value.ToString("R", CultureInfo.InvariantCulture)} (bits {BitConverter.DoubleToInt64Bits(value):X16}) was written as {actual.TrimEnd()}");
        }
    }

    private static void AssertSameAsR(double value)
    {
        string line = Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, value));
        Assert.Equal("f=" + value.ToString("R", CultureInfo.InvariantCulture), line);
        string withStringKey = Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", value));
        Assert.Equal(line, withStringKey);
    }

    private static double RandomBits(Random random)
    {
        while (true)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (double.IsFinite(value)) return value;
        }
    }

    private static double Near(Random random)
    {
        double[] anchors = [1e-4, 4e9, 1, 10, 0.1, 1e6, 1e-3, 2e9, 9007199254.740992];
        double anchor = anchors[random.Next(anchors.Length)] * Math.Pow(10, random.Next(-2, 3));
        // a few ulps either side, or a few millionths
        return random.Next(2) == 0
            ? BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(anchor) + random.Next(-4, 5))
            : anchor + random.Next(-5, 6) * 1e-6;
    }
}
