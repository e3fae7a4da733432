using System.Buffers;
using System.Text;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>
/// The writer copies short plain-ASCII text byte by byte and hands anything else (longer text, escapes, checks,
/// non-ASCII) to its vectorized path, switching in the middle of a text. These tests hold both paths, and the switch
/// between them, to one reference: the escaping rules written out plainly, on random text of 0 to 80 characters
/// (both sides of the 32-character limit of the fast path).
/// </summary>
public class TextPathTests(ITestOutputHelper output)
{
    // Plain characters, every special of every kind of text, a control character, non-ASCII and a surrogate pair, and
    // a lone surrogate; weighted towards plain text so that long plain prefixes occur.
    private static readonly string[] Alphabet =
        ["a", "b", "Z", "0", "-", "_", ".", "#", ",", "=", " ", "\"", "\\", "\t", "\u007F", "é", "日", "😀", "\uD800"];

    [Fact]
    public void TagValuesMeasurementsAndStringFieldsMatchTheReferenceRulesOnRandomText()
    {
        int seed = Random.Shared.Next();
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        for (int n = 0; n < 20_000; n++)
        {
            string text = RandomText(random);
            Check(seed, "tag value", text, Expected(text, Kind.TagValue), (ref LineProtocolWriter w) =>
            {
                w.BeginPoint("m"u8);
                w.WriteTag("t"u8, text);
                w.WriteField("f"u8, 1L);
                w.EndPoint();
            }, text.Length == 0 ? "m" : "m,t=", " f=1i\n"); // an empty tag value is left out, key and all
            Check(seed, "tag key", text, text.Length == 0 ? null : Expected(text, Kind.Key), (ref LineProtocolWriter w) =>
            {
                w.BeginPoint("m"u8);
                w.WriteTag(text, "v");
                w.WriteField("f"u8, 1L);
                w.EndPoint();
            }, "m,", "=v f=1i\n");
            Check(seed, "measurement", text, text.Length == 0 || text[0] == '#' ? null : Expected(text, Kind.Measurement), (ref LineProtocolWriter w) =>
            {
                w.BeginPoint(text);
                w.WriteField("f"u8, 1L);
                w.EndPoint();
            }, "", " f=1i\n");
            Check(seed, "string field", text, Expected(text, Kind.StringField), (ref LineProtocolWriter w) =>
            {
                w.BeginPoint("m"u8);
                w.WriteField("f"u8, text);
                w.EndPoint();
            }, "m f=\"", "\"\n");
        }
    }

    private enum Kind { Measurement, Key, TagValue, StringField }

    private static void Check(int seed, string what, string text, string? expected, PointAction write, string before, string after)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(buffer);
        string? actual;
        try
        {
            write(ref writer);
            actual = Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (LineProtocolException)
        {
            actual = null;
            Assert.Equal(0, buffer.WrittenCount);
        }
        string? wanted = expected is null ? null : before + expected + after;
        if (actual != wanted)
            Assert.Fail($"seed {seed}: {what} {Show(text)} ({text.Length} chars) wrote {Show(actual)}, expected {Show(wanted)}");
    }

    // The rules, one character at a time (see LineProtocolWriter.WriteName and WriteEscapedStringValue for why).
    // Null: the text must be refused.
    private static string? Expected(string text, Kind kind)
    {
        var result = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1])) return null;
                result.Append(c).Append(text[++i]);
                continue;
            }
            if (kind == Kind.StringField)
            {
                if (c is '"' or '\\') result.Append('\\');
                result.Append(c);
                continue;
            }
            if (c < 0x20 || c == 0x7F) return null;
            if (c == '\\')
            {
                if (i + 1 == text.Length) return null;
                char next = text[i + 1];
                if (next is ',' or '=' or ' ' || (next == '"' && kind != Kind.TagValue)) return null;
            }
            else if (c is ',' or ' ' || (c == '=' && kind != Kind.Measurement))
            {
                result.Append('\\');
            }
            result.Append(c);
        }
        return result.ToString();
    }

    private static string RandomText(Random random)
    {
        int length = random.Next(4) == 0 ? random.Next(28, 40) : random.Next(0, 81); // often right around the limit
        var text = new StringBuilder();
        bool plain = random.Next(2) == 0; // half the texts are plain except for one character somewhere
        int odd = random.Next(Math.Max(1, length));
        while (text.Length < length)
        {
            bool pickSpecial = plain ? text.Length == odd : random.Next(4) == 0;
            text.Append(Alphabet[pickSpecial ? random.Next(Alphabet.Length) : random.Next(7)]);
        }
        return text.ToString();
    }

    private static string Show(string? s) =>
        s is null ? "(refused)" : "\"" + string.Concat(s.Select(c => c < 0x20 || c == 0x7F || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
}
