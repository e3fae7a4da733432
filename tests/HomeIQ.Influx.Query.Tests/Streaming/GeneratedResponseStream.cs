using System.Buffers.Text;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>
/// A response body made up on the fly, row by row, so a million-row payload never exists in memory. It writes into
/// the reader's buffer with <see cref="Utf8Formatter"/> and allocates nothing per row itself.
/// </summary>
internal sealed class GeneratedResponseStream : Stream
{
    private readonly Func<int, byte[], int> _writeRow;
    private readonly byte[] _epilogue;
    private readonly int _rows;
    private readonly byte[] _pending = new byte[4096];
    private int _pendingStart;
    private int _pendingEnd;
    private int _next;
    private bool _epilogueDone;

    /// <param name="rows">How many rows.</param>
    /// <param name="writeRow">Writes row i (with whatever precedes it, such as a chunk header) into the buffer, returns the length.</param>
    /// <param name="epilogue">Bytes after the last row.</param>
    public GeneratedResponseStream(int rows, Func<int, byte[], int> writeRow, byte[] epilogue)
    {
        _rows = rows;
        _writeRow = writeRow;
        _epilogue = epilogue;
    }

    public override int Read(Span<byte> destination)
    {
        int written = 0;
        while (written < destination.Length)
        {
            if (_pendingStart == _pendingEnd)
            {
                if (_next < _rows)
                {
                    _pendingEnd = _writeRow(_next++, _pending);
                    _pendingStart = 0;
                }
                else if (!_epilogueDone)
                {
                    _epilogue.CopyTo(_pending, 0);
                    _pendingEnd = _epilogue.Length;
                    _pendingStart = 0;
                    _epilogueDone = true;
                }
                else break;
            }
            int n = Math.Min(destination.Length - written, _pendingEnd - _pendingStart);
            _pending.AsSpan(_pendingStart, n).CopyTo(destination[written..]);
            _pendingStart += n;
            written += n;
        }
        return written;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    internal static int Append(byte[] buffer, int at, ReadOnlySpan<byte> text)
    {
        text.CopyTo(buffer.AsSpan(at));
        return at + text.Length;
    }

    internal static int Append(byte[] buffer, int at, long value)
    {
        Utf8Formatter.TryFormat(value, buffer.AsSpan(at), out int n);
        return at + n;
    }

    internal static int Append(byte[] buffer, int at, double value)
    {
        Utf8Formatter.TryFormat(value, buffer.AsSpan(at), out int n);
        return at + n;
    }

    internal static int Append(byte[] buffer, int at, DateTime value)
    {
        Utf8Formatter.TryFormat(value, buffer.AsSpan(at), out int n, new System.Buffers.StandardFormat('O'));
        return at + n;
    }
}
