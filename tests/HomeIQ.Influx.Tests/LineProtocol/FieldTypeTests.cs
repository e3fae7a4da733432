namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>Every field type, with the exact text expected (invariant culture, shortest round-trip floats).</summary>
public class FieldTypeTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(1.0, "1")]
    [InlineData(21.5, "21.5")]
    [InlineData(0.1, "0.1")]                                     // shortest text, not 0.10000000000000001 (G17)
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(-123.456, "-123.456")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e16, "10000000000000000")]
    [InlineData(123456789012345.0, "123456789012345")]
    [InlineData(1e21, "1E+21")]                                  // exponent forms InfluxDB parses (checked in FloatFormatRoundTripTests)
    [InlineData(1e-7, "1E-07")]
    [InlineData(1.2345678901234567e-300, "1.2345678901234568E-300")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.MinValue, "-1.7976931348623157E+308")]
    [InlineData(double.Epsilon, "5E-324")]
    public void DoubleIsTheShortestTextThatRoundTrips(double value, string expected)
    {
        Assert.Equal($"f={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, value)));
        Assert.Equal($"f={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", value)));
        Assert.Equal(value, double.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void DoublesRoundTripBitForBit()
    {
        var random = new Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            double value = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (!double.IsFinite(value)) continue;
            var text = Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, value))[2..];
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Theory]
    [InlineData(0.1f, "0.1")]                                    // the float's own shortest text, not 0.10000000149011612
    [InlineData(1.5f, "1.5")]
    [InlineData(16777216f, "16777216")]
    [InlineData(float.MaxValue, "3.4028235E+38")]
    [InlineData(float.Epsilon, "1E-45")]
    [InlineData(-2.5e-10f, "-2.5E-10")]
    public void FloatIsTheShortestTextOfTheFloat(float value, string expected)
    {
        Assert.Equal($"f={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, value)));
        Assert.Equal($"f={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", value)));
    }

    public static TheoryData<decimal, string> Decimals => new()
    {
        { 0m, "0" },
        { 1.50m, "1.50" },                                       // the decimal's own scale, invariant culture
        { -0.0001m, "-0.0001" },
        { decimal.MaxValue, "79228162514264337593543950335" },
        { decimal.MinValue, "-79228162514264337593543950335" },
        { 0.0000000000000000000000000001m, "0.0000000000000000000000000001" },
    };

    [Theory]
    [MemberData(nameof(Decimals))]
    public void DecimalIsAFloatInInvariantFormat(decimal value, string expected)
    {
        Assert.Equal($"f={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, value)));
        Assert.Equal($"f={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", value)));
    }

    [Fact]
    public void SignedIntegersEndWithI()
    {
        Assert.Equal("f=-128i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, sbyte.MinValue)));
        Assert.Equal("f=127i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, sbyte.MaxValue)));
        Assert.Equal("f=-32768i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, short.MinValue)));
        Assert.Equal("f=32767i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, short.MaxValue)));
        Assert.Equal("f=-2147483648i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, int.MinValue)));
        Assert.Equal("f=2147483647i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, int.MaxValue)));
        Assert.Equal("f=-9223372036854775808i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, long.MinValue)));
        Assert.Equal("f=9223372036854775807i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, long.MaxValue)));
        Assert.Equal("f=0i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, 0)));
        Assert.Equal("f=-9223372036854775808i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", long.MinValue)));
        Assert.Equal("f=87i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", 87)));
    }

    [Fact]
    public void UnsignedIntegersEndWithU()
    {
        Assert.Equal("f=255u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, byte.MaxValue)));
        Assert.Equal("f=65535u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, ushort.MaxValue)));
        Assert.Equal("f=4294967295u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, uint.MaxValue)));
        Assert.Equal("f=18446744073709551615u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, ulong.MaxValue)));
        Assert.Equal("f=0u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, (ulong)0)));
        Assert.Equal("f=18446744073709551615u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", ulong.MaxValue)));
        // The string-key overloads agree with the UTF-8 ones (found by the differential test: uint once wrote 1i).
        Assert.Equal("f=4294967295u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", uint.MaxValue)));
        Assert.Equal("f=65535u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", ushort.MaxValue)));
        Assert.Equal("f=255u", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", byte.MaxValue)));
    }

    [Fact]
    public void StringKeyOverloadsWriteEverySignedTypeWithI()
    {
        Assert.Equal("f=-2147483648i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", int.MinValue)));
        Assert.Equal("f=-32768i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", short.MinValue)));
        Assert.Equal("f=-128i", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", sbyte.MinValue)));
        Assert.Equal("f=\"\\\"\"", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", '"')));
        Assert.Equal("f=\"😀\"", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", "😀")));
    }

    [Fact]
    public void BooleansAreTrueAndFalse()
    {
        Assert.Equal("f=true", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, true)));
        Assert.Equal("f=false", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, false)));
        Assert.Equal("f=true", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", true)));
        Assert.Equal("f=false", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f", false)));
    }

    [Fact]
    public void CharsAreOneCharacterStrings()
    {
        Assert.Equal("f=\"x\"", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, 'x')));
        Assert.Equal("f=\"\\\"\"", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, '"')));
        Assert.Equal("f=\"\\\\\"", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, '\\')));
        Assert.Equal("f=\"é\"", Lines.Field((ref LineProtocolWriter w) => w.WriteField("f"u8, 'é')));
    }

    [Fact]
    public void NullStringFieldsAreLeftOut()
    {
        Assert.Equal("m b=1i\n", Lines.Point((ref LineProtocolWriter w) => { w.WriteField("a"u8, (string?)null); w.WriteField("b"u8, 1L); }));
        Assert.Equal("m b=1i\n", Lines.Point((ref LineProtocolWriter w) => { w.WriteField("a", (string?)null); w.WriteField("b"u8, 1L); }));
    }

    [Fact]
    public void FieldsAreSeparatedByCommasInTheOrderWritten()
    {
        var line = Lines.Point((ref LineProtocolWriter w) =>
        {
            w.WriteField("z"u8, 1.5);
            w.WriteField("a"u8, 2L);
            w.WriteField("m", "s");
            w.WriteField("b"u8, false);
        });
        Assert.Equal("m z=1.5,a=2i,m=\"s\",b=false\n", line);
    }
}
