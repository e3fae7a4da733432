using System.Buffers;
using System.Text;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>
/// Points line protocol cannot represent: each is refused with a message that names the measurement, the key and the
/// value; the output keeps the points committed before and nothing of the rejected one; the writer goes on working.
/// </summary>
public class ValidationTests
{
    public sealed record Case(string Name, PointAction Bad, string[] InMessage, string? Key = null)
    {
        public override string ToString() => Name;
    }

    private static Case C(string name, PointAction bad, string? key, params string[] inMessage) => new(name, bad, inMessage, key);

    // Shown values: control characters appear as \uXXXX in messages.
    public static TheoryData<Case> Cases => new()
    {
        C("NaN double, UTF-8 key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a"); w.WriteField("load"u8, double.NaN); }, "load", "'cpu'", "'load'", "\"NaN\""),
        C("+Inf double, string key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"); w.WriteField("ok"u8, 1L); w.WriteField("load", double.PositiveInfinity); }, "load", "'cpu'", "'load'", "\"Infinity\""),
        C("-Inf float, UTF-8 key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("temp"u8, float.NegativeInfinity); }, "temp", "'cpu'", "'temp'", "\"-Infinity\""),
        C("NaN float, string key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("temp", float.NaN); }, "temp", "'cpu'", "'temp'", "\"NaN\""),
        C("empty measurement (string)", (ref LineProtocolWriter w) => w.BeginPoint(""), null, "measurement name is empty", "Value: \"\""),
        C("empty measurement (UTF-8)", (ref LineProtocolWriter w) => w.BeginPoint(""u8), null, "measurement name is empty"),
        C("control character in measurement", (ref LineProtocolWriter w) => w.BeginPoint("cp\u0001u"), null, "U+0001", "\"cp\\u0001u\""),
        C("newline in measurement", (ref LineProtocolWriter w) => w.BeginPoint("cp\nu"), null, "U+000A", "\"cp\\u000au\""),
        C("measurement starting with #", (ref LineProtocolWriter w) => w.BeginPoint("#cpu"), null, "'#'", "comment", "\"#cpu\""),
        C("measurement ending with a backslash", (ref LineProtocolWriter w) => w.BeginPoint(@"cpu\"), null, "end with a backslash", @"""cpu\"""),
        C("measurement with a backslash before a comma", (ref LineProtocolWriter w) => w.BeginPoint(@"a\,b"), null, "backslash directly before ','", @"""a\,b"""),
        C("measurement with a backslash before a quote", (ref LineProtocolWriter w) => w.BeginPoint("a\\\"b"), null, "backslash directly before '\"'", "\"a\\\"b\""),
        C("measurement with an unpaired surrogate", (ref LineProtocolWriter w) => w.BeginPoint("a\uD800b"), null, "unpaired surrogate", "\"a\uD800b\""),
        C("empty tag key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"); w.WriteTag("", "v"); }, "", "'cpu'", "key cannot be empty"),
        C("newline in tag key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"); w.WriteTag("ho\nst", "v"); }, null, "'cpu'", "U+000A", "\"ho\\u000ast\""),
        C("newline in tag value, UTF-8 key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a\nb"); }, "host", "'cpu'", "'host'", "U+000A", "\"a\\u000ab\""),
        C("newline in tag value, string key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host", "a\nb"); }, "host", "'cpu'", "'host'", "\"a\\u000ab\""),
        C("newline in tag value, span", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a\nb".AsSpan()); }, "host", "'cpu'", "'host'", "\"a\\u000ab\""),
        C("newline as a char tag", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, '\n'); }, "host", "'cpu'", "'host'", "\"\\u000a\""),
        C("carriage return in tag value", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a\rb"); }, "host", "'cpu'", "U+000D"),
        C("tab in tag value", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a\tb"); }, "host", "'cpu'", "U+0009"),
        C("NUL in tag value", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a\0b"); }, "host", "'cpu'", "U+0000"),
        C("DEL in tag value", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a\u007Fb"); }, "host", "'cpu'", "U+007F"),
        C("newline in field key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("lo\nad", 1.0); }, null, "'cpu'", "\"lo\\u000aad\""),
        C("tag key time", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("time", "v"); }, "time", "'cpu'", "'time' is reserved"),
        C("tag key _measurement", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("_measurement", "v"); }, "_measurement", "'cpu'", "'_measurement' is reserved"),
        C("tag key _field", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("_field", "v"); }, "_field", "'cpu'", "'_field' is reserved"),
        C("tag key time with an empty value", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("time", ""); }, "time", "'cpu'", "'time' is reserved"),
        C("field key time", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("time", 1L); }, "time", "'cpu'", "'time' is reserved"),
        C("field key _field", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("_field", "x"); }, "_field", "'cpu'", "'_field' is reserved"),
        C("field key _measurement", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("_measurement", true); }, "_measurement", "'cpu'", "'_measurement' is reserved"),
        C("field key time with a null value", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("time", (string?)null); }, "time", "'cpu'", "'time' is reserved"),
        C("empty field key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("", 1.0); }, "", "'cpu'", "key cannot be empty"),
        C("no field at all", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a"); w.EndPoint(); }, null, "'cpu'", "at least one field"),
        C("only null fields", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("s"u8, (string?)null); w.WriteField("t", (string?)null); w.EndPoint(); }, null, "'cpu'", "at least one field"),
        C("timestamp without a field", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("host"u8, "a"); w.WriteTimestamp(1L); }, null, "'cpu'", "at least one field"),
        C("tag value ending with a backslash, UTF-8 key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("path"u8, @"C:\"); }, "path", "'cpu'", "'path'", "end with a backslash", @"""C:\"""),
        C("tag value ending with a backslash, string key", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("path", @"C:\"); }, "path", "'cpu'", "'path'", @"""C:\"""),
        C("tag key ending with a backslash", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag(@"k\", "v"); }, null, "'cpu'", @"""k\"""),
        C("field key ending with a backslash", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField(@"f\", 1L); }, null, "'cpu'", @"""f\"""),
        C("tag value with a backslash before a comma", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("t"u8, @"a\,b"); }, "t", "'cpu'", "'t'", @"""a\,b"""),
        C("tag value with a backslash before a space", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("t"u8, @"a\ b"); }, "t", "'cpu'", "'t'", @"""a\ b"""),
        C("tag value with a backslash before =", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("t"u8, @"a\=b"); }, "t", "'cpu'", "'t'", @"""a\=b"""),
        C("tag key with a backslash before =", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag(@"k\=x", "v"); }, null, "'cpu'", @"""k\=x"""),
        C("field key with a backslash before a space", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField(@"f\ x", 1L); }, null, "'cpu'", @"""f\ x"""),
        C("field key with a backslash before a quote", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("f\\\"x", 1L); }, null, "'cpu'", "\"f\\\"x\""),
        C("tag value with an unpaired high surrogate", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("t"u8, "ab\uD83D"); }, "t", "'cpu'", "'t'", "unpaired surrogate"),
        C("tag key with an unpaired low surrogate", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteTag("\uDE00k", "v"); }, null, "'cpu'", "unpaired surrogate", "\"\uDE00k\""),
        C("field key with an unpaired surrogate", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("f\uD800", 1L); }, null, "'cpu'", "unpaired surrogate"),
        C("string field with an unpaired surrogate", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("s"u8, "x\uDC00y"); }, "s", "'cpu'", "'s'", "unpaired surrogate", "\"x\uDC00y\""),
        C("string field (string key) with an unpaired surrogate", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("s", "x\uD800"); }, "s", "'cpu'", "'s'", "unpaired surrogate"),
        C("timestamp out of range", (ref LineProtocolWriter w) => { w.BeginPoint("cpu"u8); w.WriteField("f"u8, 1L); w.WriteTimestamp(long.MaxValue); }, "timestamp", "'cpu'", "'timestamp'", "9223372036854775807"),
        C("a long point that outgrew the output's span", (ref LineProtocolWriter w) =>
        {
            w.BeginPoint("cpu"u8);
            for (int i = 0; i < 50; i++) w.WriteTag("t"u8, new string('x', 200));
            w.WriteField("f"u8, double.NaN);
        }, "f", "'cpu'", "'f'", "\"NaN\""),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RejectedPointsLeaveNothingBehindAndTheWriterGoesOn(Case c)
    {
        // A small initial capacity makes the long case move the point into a pooled buffer first.
        var output = new ArrayBufferWriter<byte>(16);
        var writer = new LineProtocolWriter(output);
        writer.BeginPoint("good"u8);
        writer.WriteField("f"u8, 1L);
        writer.EndPoint();
        var committed = output.WrittenSpan.ToArray();

        LineProtocolException? error = null;
        try { c.Bad(ref writer); }
        catch (LineProtocolException e) { error = e; }

        Assert.NotNull(error);
        foreach (var expected in c.InMessage) Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(c.Key, error.Key);
        Assert.Equal(committed, output.WrittenSpan.ToArray());

        writer.BeginPoint("next"u8);
        writer.WriteTag("t"u8, "v");
        writer.WriteField("f"u8, 2L);
        writer.WriteTimestamp(3L);
        writer.EndPoint();
        Assert.Equal("good f=1i\nnext,t=v f=2i 3\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void TheExceptionNamesMeasurementKeyAndValueInItsProperties()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output);
        writer.BeginPoint("weather station");
        var e = Assert.Throws<LineProtocolException>(() =>
        {
            var w = new LineProtocolWriter(output);
            w.BeginPoint("weather station");
            w.WriteTag("room"u8, "a\nb");
        });
        Assert.Equal(@"weather\ station", e.Measurement); // as written on the wire
        Assert.Equal("room", e.Key);
        Assert.Equal("a\nb", e.Value);
        Assert.Equal("Cannot write line protocol (measurement 'weather\\ station'), key 'room': " + e.Reason + " Value: \"a\\u000ab\"", e.Message);

        var sourced = e.WithSource("MyApp.Reading", "Room");
        Assert.StartsWith("Cannot write line protocol for MyApp.Reading.Room (measurement 'weather\\ station'), key 'room': ", sourced.Message, StringComparison.Ordinal);
        Assert.Equal(("MyApp.Reading", "Room", "room"), (sourced.TypeName, sourced.MemberName, sourced.Key));
    }

    [Fact]
    public void LongValuesAreCutInTheMessage()
    {
        var value = new string('x', 500) + "\n";
        var e = Assert.Throws<LineProtocolException>(() =>
        {
            var w = new LineProtocolWriter(new ArrayBufferWriter<byte>());
            w.BeginPoint("m"u8);
            w.WriteTag("t"u8, value);
        });
        Assert.Contains("... (501 chars)", e.Message, StringComparison.Ordinal);
        Assert.True(e.Message.Length < 400, e.Message);
        Assert.Equal(value, e.Value);
    }

    [Fact]
    public void MisuseThrowsInvalidOperationExceptionAndDiscardsTheUnfinishedPoint()
    {
        var output = new ArrayBufferWriter<byte>();
        var w = new LineProtocolWriter(output);
        Assert.Contains("without BeginPoint", Catch(ref w, (ref LineProtocolWriter x) => x.EndPoint()).Message, StringComparison.Ordinal);
        w.BeginPoint("a"u8);
        w.WriteField("f"u8, 1L);
        Assert.Contains("discarded", Catch(ref w, (ref LineProtocolWriter x) => x.BeginPoint("b"u8)).Message, StringComparison.Ordinal);
        w.BeginPoint("a"u8);
        w.WriteField("f"u8, 1L);
        w.WriteTimestamp(1L);
        Assert.Contains("once per point", Catch(ref w, (ref LineProtocolWriter x) => x.WriteTimestamp(2L)).Message, StringComparison.Ordinal);
        w.BeginPoint("a"u8);
        w.WriteField("f"u8, 1L);
        w.Abandon();
        Assert.Equal(0, output.WrittenCount);
        Assert.Throws<ArgumentNullException>(() => { var x = new LineProtocolWriter(output); x.BeginPoint("m"u8); x.WriteTag((string)null!, "v"); });
        Assert.Throws<ArgumentNullException>(() => { var x = new LineProtocolWriter(output); x.BeginPoint("m"u8); x.WriteField((string)null!, 1L); });
        w.BeginPoint("c"u8);
        w.WriteField("f"u8, 2L);
        w.EndPoint();
        Assert.Equal("c f=2i\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    private static InvalidOperationException Catch(ref LineProtocolWriter writer, PointAction action)
    {
        try { action(ref writer); }
        catch (InvalidOperationException e) { return e; }
        throw new Xunit.Sdk.XunitException("expected InvalidOperationException");
    }
}
