using System.Buffers;
using System.Text;

namespace HomeIQ.Influx.Writing.Batching;

/// <summary>
/// A batch of complete lines in one pooled UTF-8 buffer, with the end offset of every line so that lines can be
/// reported, dropped from the front, or split without parsing. Not thread-safe: the writer guards it.
/// </summary>
internal sealed class WriteBatch : IDisposable
{
    private byte[] _bytes;
    private int[] _ends;
    private int _length;
    private int _count;

    public WriteBatch(long baseSequence, int initialBytes, int initialLines)
    {
        BaseSequence = baseSequence;
        _bytes = BatchBufferPool.Bytes.Rent(Math.Max(initialBytes, 1024));
        _ends = BatchBufferPool.Ends.Rent(Math.Max(initialLines, 16));
    }

    /// <summary>The writer's sequence number of line 0; line i is point <c>BaseSequence + i</c>.</summary>
    public long BaseSequence { get; }

    /// <summary>Lines before this index were dropped (backpressure) and are not sent.</summary>
    public int Start { get; private set; }

    /// <summary>Lines appended, including dropped ones.</summary>
    public int Count => _count;

    /// <summary>Lines still to send.</summary>
    public int LiveCount => _count - Start;

    /// <summary>Bytes of all lines appended, including dropped ones.</summary>
    public int ByteCount => _length;

    /// <summary>Bytes of the lines still to send.</summary>
    public int LiveBytes => _length - LineStart(Start);

    /// <summary>When the first line was appended (Stopwatch timestamp), for the flush interval.</summary>
    public long FirstLineTimestamp { get; private set; }

    public void Append(ReadOnlySpan<byte> line)
    {
        if (_length + line.Length > _bytes.Length) Grow(BatchBufferPool.Bytes, ref _bytes, _length + line.Length, _length);
        if (_count == _ends.Length) Grow(BatchBufferPool.Ends, ref _ends, _count + 1, _count);
        if (_count == 0) FirstLineTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        line.CopyTo(_bytes.AsSpan(_length));
        _length += line.Length;
        _ends[_count++] = _length;
    }

    /// <summary>Drops the oldest live line and returns its text (for the report).</summary>
    public string DropFirst()
    {
        var text = LineText(Start);
        Start++;
        return text;
    }

    public int LineStart(int index) => index == 0 ? 0 : _ends[index - 1];

    /// <summary>Line <paramref name="index"/> including its <c>\n</c>.</summary>
    public ReadOnlySpan<byte> Line(int index) => _bytes.AsSpan(LineStart(index), _ends[index] - LineStart(index));

    /// <summary>Lines <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) as one body.</summary>
    public ReadOnlyMemory<byte> Range(int from, int to) => _bytes.AsMemory(LineStart(from), _ends[to - 1] - LineStart(from));

    /// <summary>Line <paramref name="index"/> as text, without its <c>\n</c>.</summary>
    public string LineText(int index)
    {
        var line = Line(index);
        if (!line.IsEmpty && line[^1] == (byte)'\n') line = line[..^1];
        return Encoding.UTF8.GetString(line);
    }

    public string[] LineTexts(int from, int to)
    {
        var lines = new string[to - from];
        for (int i = from; i < to; i++) lines[i - from] = LineText(i);
        return lines;
    }

    public void Dispose()
    {
        var bytes = Interlocked.Exchange(ref _bytes, []);
        var ends = Interlocked.Exchange(ref _ends, []);
        if (bytes.Length > 0) BatchBufferPool.Bytes.Return(bytes);
        if (ends.Length > 0) BatchBufferPool.Ends.Return(ends);
    }

    private static void Grow<TItem>(ArrayPool<TItem> pool, ref TItem[] array, int needed, int used)
    {
        var bigger = pool.Rent(Math.Max(needed, array.Length * 2));
        Array.Copy(array, bigger, used);
        pool.Return(array);
        array = bigger;
    }
}
