namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>Every tag overload, with the exact text expected.</summary>
public class TagTests
{
    private static string Tag(PointAction tag) => Lines.Point((ref LineProtocolWriter w) => { tag(ref w); w.WriteField("f"u8, 1L); });

    [Fact]
    public void EveryOverloadWritesKeyEqualsValue()
    {
        Assert.Equal("m,t=a\\ b f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, "a b")));
        Assert.Equal("m,t=a\\ b f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, "a b".AsSpan())));
        Assert.Equal("m,t=a\\ b f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t", "a b")));
        Assert.Equal("m,t=\\, f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, ',')));
        Assert.Equal("m,t=x f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, 'x')));
        Assert.Equal("m,t=-9223372036854775808 f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, long.MinValue)));
        Assert.Equal("m,t=42 f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, 42L)));
        Assert.Equal("m,t=18446744073709551615 f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, ulong.MaxValue)));
        Assert.Equal("m,t=true f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, true)));
        Assert.Equal("m,t=false f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, false)));
        Assert.Equal("m,t=0f8fad5b-d9cb-469f-a165-70867728950e f=1i\n",
            Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, Guid.Parse("0F8FAD5B-D9CB-469F-A165-70867728950E"))));
        Assert.Equal("m,t=v\\ 1 f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteEscapedTag("t"u8, "v\\ 1"u8)));
    }

    [Fact]
    public void NullOrEmptyValuesLeaveTheTagOut()
    {
        Assert.Equal("m f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, (string?)null)));
        Assert.Equal("m f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, "")));
        Assert.Equal("m f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t"u8, ReadOnlySpan<char>.Empty)));
        Assert.Equal("m f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t", null)));
        Assert.Equal("m f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteTag("t", "")));
        Assert.Equal("m f=1i\n", Tag((ref LineProtocolWriter w) => w.WriteEscapedTag("t"u8, ""u8)));
    }

    [Fact]
    public void TagsAreWrittenInTheOrderGiven()
    {
        // The writer does not sort: callers (the generated serializers) pass tags in ordinal key order.
        var line = Tag((ref LineProtocolWriter w) => { w.WriteTag("b"u8, "1"); w.WriteTag("a", "2"); w.WriteTag("c"u8, 3L); });
        Assert.Equal("m,b=1,a=2,c=3 f=1i\n", line);
    }

    [Fact]
    public void ATagAfterAFieldIsAnErrorAndThePointIsDiscarded()
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        var w = new LineProtocolWriter(output);
        w.BeginPoint("m"u8);
        w.WriteField("f"u8, 1L);
        try { w.WriteTag("t"u8, "v"); Assert.Fail("expected an exception"); }
        catch (InvalidOperationException e) { Assert.Contains("Tags must be written", e.Message, StringComparison.Ordinal); }
        Assert.Equal(0, output.WrittenCount);
        w.BeginPoint("m"u8);
        w.WriteField("f"u8, 2L);
        w.EndPoint();
        Assert.Equal("m f=2i\n", System.Text.Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
