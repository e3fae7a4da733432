using System.Buffers;
using System.Text;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>Writes through a <see cref="LineProtocolWriter"/> (a ref struct, so it cannot be captured by a lambda).</summary>
public delegate void PointAction(ref LineProtocolWriter writer);

/// <summary>Helpers that run a writer over a fresh buffer and return the UTF-8 text it committed.</summary>
internal static class Lines
{
    public static string Write(PointAction action, WritePrecision precision = WritePrecision.Nanoseconds)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output, precision);
        action(ref writer);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>One point: measurement <c>m</c>, the given tags and fields, no timestamp.</summary>
    public static string Point(PointAction tagsAndFields, WritePrecision precision = WritePrecision.Nanoseconds) =>
        Write((ref LineProtocolWriter w) =>
        {
            w.BeginPoint("m"u8);
            tagsAndFields(ref w);
            w.EndPoint();
        }, precision);

    /// <summary>One point <c>m</c> with a single field written by <paramref name="field"/>; returns the field text.</summary>
    public static string Field(PointAction field)
    {
        var line = Point(field);
        Assert.StartsWith("m ", line, StringComparison.Ordinal);
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        return line[2..^1];
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
