using System.Buffers;
using System.Text;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>Every escaping rule of line protocol, with the exact bytes expected.</summary>
public class EscapingTests
{
    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a b", @"a\ b")]
    [InlineData(" ,", @"\ \,")]
    [InlineData("a=b", "a=b")]                 // '=' is not special in a measurement
    [InlineData("a\"b", "a\"b")]               // nor are quotes
    [InlineData(@"a\b", @"a\b")]               // a backslash before an ordinary character is literal
    [InlineData(@"a\\b", @"a\\b")]
    [InlineData("x#y", "x#y")]                 // '#' only matters at the start of the line
    [InlineData("é日😀", "é日😀")]              // UTF-8, not escaped
    public void MeasurementEscapesOnlyCommaAndSpace(string measurement, string expected)
    {
        var line = Lines.Write((ref LineProtocolWriter w) => { w.BeginPoint(measurement); w.WriteField("f"u8, 1L); w.EndPoint(); });
        Assert.Equal(expected + " f=1i\n", line);
        Assert.Equal(Lines.Bytes(expected + " f=1i\n"), Encoding.UTF8.GetBytes(line));
    }

    [Theory]
    [InlineData("k", "k")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a=b", @"a\=b")]
    [InlineData("a b", @"a\ b")]
    [InlineData(",= ", @"\,\=\ ")]
    [InlineData("a\"b", "a\"b")]
    [InlineData(@"a\b", @"a\b")]
    [InlineData("#é😀", "#é😀")]
    public void TagKeyEscapesCommaEqualsAndSpace(string key, string expected)
    {
        var line = Lines.Point((ref LineProtocolWriter w) => { w.WriteTag(key, "v"); w.WriteField("f"u8, true); });
        Assert.Equal($"m,{expected}=v f=true\n", line);
    }

    [Theory]
    [InlineData("v", "v")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a=b", @"a\=b")]
    [InlineData("a b", @"a\ b")]
    [InlineData("living room, 1st=floor", @"living\ room\,\ 1st\=floor")]
    [InlineData("a\"b\"", "a\"b\"")]
    [InlineData(@"a\b", @"a\b")]
    [InlineData(@"a\""b", @"a\""b")]           // backslash before a quote is fine in a tag value
    [InlineData(@"\\a", @"\\a")]                  // two backslashes stay two (InfluxDB 1.x does not collapse them)
    public void TagValueEscapesCommaEqualsAndSpace(string value, string expected)
    {
        var withStringKey = Lines.Point((ref LineProtocolWriter w) => { w.WriteTag("t", value); w.WriteField("f"u8, true); });
        var withU8Key = Lines.Point((ref LineProtocolWriter w) => { w.WriteTag("t"u8, value); w.WriteField("f"u8, true); });
        var withSpan = Lines.Point((ref LineProtocolWriter w) => { w.WriteTag("t"u8, value.AsSpan()); w.WriteField("f"u8, true); });
        Assert.Equal($"m,t={expected} f=true\n", withStringKey);
        Assert.Equal(withStringKey, withU8Key);
        Assert.Equal(withStringKey, withSpan);
    }

    [Theory]
    [InlineData("f", "f")]
    [InlineData("a,b", @"a\,b")]
    [InlineData("a=b", @"a\=b")]
    [InlineData("a b", @"a\ b")]
    [InlineData("a\"b", "a\"b")]
    [InlineData(@"a\b", @"a\b")]
    [InlineData("日本", "日本")]
    public void FieldKeyEscapesCommaEqualsAndSpace(string key, string expected)
    {
        Assert.Equal($"{expected}=1i", Lines.Field((ref LineProtocolWriter w) => w.WriteField(key, 1L)));
        Assert.Equal($"{expected}=\"x\"", Lines.Field((ref LineProtocolWriter w) => w.WriteField(key, "x")));
    }

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"C:\temp\", @"""C:\\temp\\""")]          // a trailing backslash is fine inside quotes once escaped
    [InlineData(@"\", @"""\\""")]
    [InlineData(@"\""", @"""\\\""""")]
    [InlineData("a, b=c", "\"a, b=c\"")]                  // comma, space and '=' are not escaped inside quotes
    [InlineData("line\nbreak\ttab\r\0", "\"line\nbreak\ttab\r\0\"")] // control characters are allowed as they are
    [InlineData("é日😀", "\"é日😀\"")]
    [InlineData("", "\"\"")]
    public void StringFieldEscapesOnlyQuoteAndBackslash(string value, string expected)
    {
        Assert.Equal($"s={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("s"u8, value)));
        Assert.Equal($"s={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("s", value)));
        Assert.Equal($"s={expected}", Lines.Field((ref LineProtocolWriter w) => w.WriteField("s"u8, value.AsSpan())));
    }

    [Fact]
    public void MultiByteTextIsWrittenAsUTF8Bytes()
    {
        var output = new ArrayBufferWriter<byte>();
        var w = new LineProtocolWriter(output);
        w.BeginPoint("é");
        w.WriteTag("t"u8, "😀");
        w.WriteField("s"u8, "日");
        w.EndPoint();
        byte[] expected = [0xC3, 0xA9, (byte)',', (byte)'t', (byte)'=', 0xF0, 0x9F, 0x98, 0x80, (byte)' ', (byte)'s', (byte)'=', (byte)'"', 0xE6, 0x97, 0xA5, (byte)'"', (byte)'\n'];
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void PreEscapedUTF8NamesAreCopiedAsTheyAre()
    {
        var line = Lines.Write((ref LineProtocolWriter w) =>
        {
            w.BeginPoint(@"my\ measurement"u8);
            w.WriteEscapedTag(@"tag\,key"u8, @"enum\ value"u8);
            w.WriteEscapedStringField("s"u8, @"pre \""escaped\"""u8);
            w.EndPoint();
        });
        Assert.Equal(@"my\ measurement,tag\,key=enum\ value s=""pre \""escaped\""""" + "\n", line);
    }

    [Fact]
    public void LinesAreSeparatedByNewlineAndNothingElse()
    {
        var line = Lines.Write((ref LineProtocolWriter w) =>
        {
            w.BeginPoint("a"u8); w.WriteField("f"u8, 1L); w.EndPoint();
            w.BeginPoint("b"u8); w.WriteField("f"u8, 2L); w.WriteTimestamp(3L); w.EndPoint();
        });
        Assert.Equal("a f=1i\nb f=2i 3\n", line);
    }
}
