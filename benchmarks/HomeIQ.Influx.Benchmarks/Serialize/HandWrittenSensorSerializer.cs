using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Serialize;

/// <summary>
/// The baseline: a line-protocol writer hand-written for <see cref="SensorPoint"/>, the practical limit for this type.
/// Constant parts are <c>u8</c> literals, numbers go through <see cref="Utf8Formatter"/>/<see cref="IUtf8SpanFormattable"/>
/// straight into a reusable buffer. It still does what any correct writer must: escape tag values and the string
/// field, refuse NaN/infinity and control characters in tags; text without special characters takes one vectorized
/// check and one transcode.
/// </summary>
public static class HandWrittenSensorSerializer
{
    private const long UnixEpochTicks = 621355968000000000;
    private static readonly SearchValues<char> TagSpecials = SearchValues.Create(",= " + ControlCharacters());
    private static readonly SearchValues<char> StringSpecials = SearchValues.Create("\"\\");

    /// <summary>Appends <paramref name="point"/> as one line ending with <c>\n</c>, timestamp in nanoseconds.</summary>
    public static void Write(SensorPoint point, ByteBuffer output)
    {
        // Worst case: every char of the text escaped or 3 bytes of UTF-8; numbers at most 32 bytes each.
        int bound = 96 + 3 * (point.Home.Length + point.Room.Length + point.SensorId.Length + point.Status.Length) + 4 * 32;
        Span<byte> span = output.Reserve(bound);
        int pos = 0;

        "sensor,home="u8.CopyTo(span);
        pos += 12;
        pos += WriteTagValue(point.Home, span[pos..]);
        ",room="u8.CopyTo(span[pos..]);
        pos += 6;
        pos += WriteTagValue(point.Room, span[pos..]);
        ",sensor_id="u8.CopyTo(span[pos..]);
        pos += 11;
        pos += WriteTagValue(point.SensorId, span[pos..]);

        " battery="u8.CopyTo(span[pos..]);
        pos += 9;
        Utf8Formatter.TryFormat(point.Battery, span[pos..], out int written);
        pos += written;
        span[pos++] = (byte)'i';

        ",humidity="u8.CopyTo(span[pos..]);
        pos += 10;
        pos += WriteDouble(point.Humidity, span[pos..]);

        ",status=\""u8.CopyTo(span[pos..]);
        pos += 9;
        pos += WriteStringValue(point.Status, span[pos..]);
        span[pos++] = (byte)'"';

        ",temperature="u8.CopyTo(span[pos..]);
        pos += 13;
        pos += WriteDouble(point.Temperature, span[pos..]);

        span[pos++] = (byte)' ';
        var time = point.Time.Kind == DateTimeKind.Local ? point.Time.ToUniversalTime() : point.Time;
        Utf8Formatter.TryFormat((time.Ticks - UnixEpochTicks) * 100, span[pos..], out written);
        pos += written;
        span[pos++] = (byte)'\n';
        output.Advance(pos);
    }

    private static int WriteTagValue(string value, Span<byte> destination)
    {
        if (value.Length == 0) throw new ArgumentException("An empty tag value must be omitted.", nameof(value));
        if (value.AsSpan().IndexOfAny(TagSpecials) < 0 && value[^1] != '\\') return Encoding.UTF8.GetBytes(value, destination);
        // Like HomeIQ's writer: a trailing backslash would escape the separator after it, so it is refused.
        if (value[^1] == '\\') throw new ArgumentException($"Tag value '{value}' ends with a backslash.", nameof(value));
        int pos = 0;
        foreach (char c in value)
        {
            if (c < 0x20 || c == 0x7F) throw new ArgumentException($"Control character U+{(int)c:X4} in tag value '{value}'.", nameof(value));
            if (c is ',' or '=' or ' ') destination[pos++] = (byte)'\\';
            pos += Encoding.UTF8.GetBytes(new ReadOnlySpan<char>(in c), destination[pos..]);
        }
        return pos;
    }

    private static int WriteStringValue(string value, Span<byte> destination)
    {
        if (value.AsSpan().IndexOfAny(StringSpecials) < 0) return Encoding.UTF8.GetBytes(value, destination);
        int pos = 0;
        foreach (char c in value)
        {
            if (c is '"' or '\\') destination[pos++] = (byte)'\\';
            pos += Encoding.UTF8.GetBytes(new ReadOnlySpan<char>(in c), destination[pos..]);
        }
        return pos;
    }

    private static int WriteDouble(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "NaN and infinity cannot be written.");
        value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        return written;
    }

    private static string ControlCharacters()
    {
        var chars = new char[33];
        for (int i = 0; i < 32; i++) chars[i] = (char)i;
        chars[32] = (char)0x7F;
        return new string(chars);
    }
}
