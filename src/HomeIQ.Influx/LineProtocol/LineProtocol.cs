using System.Buffers;
using System.Text;

namespace HomeIQ.Influx;

/// <summary>Entry points for writing <see cref="ILineProtocolPoint{TSelf}"/> types (the generated serializers).</summary>
public static partial class LineProtocol
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_lineBuffer;

    /// <summary>Appends <paramref name="point"/> to <paramref name="output"/> as one UTF-8 line ending with <c>\n</c>.</summary>
    /// <exception cref="LineProtocolException">The point cannot be represented; nothing was written.</exception>
    public static void Write<T>(IBufferWriter<byte> output, in T point, WritePrecision precision = WritePrecision.Nanoseconds)
        where T : ILineProtocolPoint<T>
    {
        var writer = new LineProtocolWriter(output, precision);
        T.WriteLineProtocol(ref writer, in point);
    }

    /// <summary>Returns <paramref name="point"/> as one line of line protocol, without the trailing <c>\n</c>.</summary>
    /// <exception cref="LineProtocolException">The point cannot be represented.</exception>
    public static string ToLine<T>(in T point, WritePrecision precision = WritePrecision.Nanoseconds)
        where T : ILineProtocolPoint<T>
    {
        var buffer = t_lineBuffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        Write(buffer, in point, precision);
        var line = buffer.WrittenSpan;
        if (!line.IsEmpty && line[^1] == (byte)'\n') line = line[..^1];
        return Encoding.UTF8.GetString(line);
    }
}
