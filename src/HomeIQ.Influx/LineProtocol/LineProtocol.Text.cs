using System.Buffers;
using System.Text;

namespace HomeIQ.Influx;

// Points as text, for APIs that take line protocol as strings: InfluxDB.Client's WriteRecordAsync/WriteRecords, which the
// code generated for InfluxDB.Client's [Measurement] classes calls, or any HTTP client of the user's own.
public static partial class LineProtocol
{
    /// <summary>
    /// Returns <paramref name="points"/> as line protocol text: one line per point, separated by <c>\n</c>, without a
    /// trailing <c>\n</c> (empty when there are no points). Every point is written before the text is made, so a point
    /// that cannot be written throws before any text exists.
    /// </summary>
    /// <param name="points">The points, enumerated once.</param>
    /// <param name="precision">The unit of the timestamps.</param>
    /// <exception cref="LineProtocolException">A point cannot be represented; the message names its type, member and value.</exception>
    public static string ToText<T>(IEnumerable<T> points, WritePrecision precision = WritePrecision.Nanoseconds)
        where T : ILineProtocolPoint<T>
    {
        ArgumentNullException.ThrowIfNull(points);
        using var buffer = new PooledBufferWriter();
        foreach (var point in points) Write(buffer, in point, precision);
        var text = buffer.WrittenSpan;
        return text.IsEmpty ? string.Empty : Encoding.UTF8.GetString(text[..^1]);
    }

    /// <summary>Returns each of <paramref name="points"/> as one line of line protocol, without its <c>\n</c>.</summary>
    /// <param name="points">The points, enumerated once.</param>
    /// <param name="precision">The unit of the timestamps.</param>
    /// <exception cref="LineProtocolException">A point cannot be represented; the message names its type, member and value.</exception>
    public static List<string> ToLines<T>(IEnumerable<T> points, WritePrecision precision = WritePrecision.Nanoseconds)
        where T : ILineProtocolPoint<T>
    {
        ArgumentNullException.ThrowIfNull(points);
        var lines = points.TryGetNonEnumeratedCount(out int count) ? new List<string>(count) : [];
        using var buffer = new PooledBufferWriter();
        foreach (var point in points)
        {
            buffer.Clear();
            Write(buffer, in point, precision);
            lines.Add(Encoding.UTF8.GetString(buffer.WrittenSpan[..^1]));
        }
        return lines;
    }

    // A growable buffer rented from ArrayPool<byte>.Shared and returned on the same thread when the call ends: no buffer
    // is kept between calls (a thread-static one would keep the largest batch ever written alive on every thread).
    private sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
        private int _written;

        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

        public void Clear() => _written = 0;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }

        private void Ensure(int sizeHint)
        {
            int needed = _written + Math.Max(sizeHint, 1);
            if (needed <= _buffer.Length) return;
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
    }
}
