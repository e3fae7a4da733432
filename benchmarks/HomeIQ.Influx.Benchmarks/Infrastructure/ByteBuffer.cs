using System.Buffers;
using System.Runtime.CompilerServices;

namespace HomeIQ.Influx.Benchmarks.Infrastructure;

/// <summary>
/// A reusable, growable byte buffer: the one output every serializer variant writes into, so they differ only in how
/// they produce bytes. Grows while warming up and is then reused without allocating.
/// </summary>
public sealed class ByteBuffer : IBufferWriter<byte>
{
    private byte[] _array;
    private int _position;

    /// <summary>Creates a buffer of <paramref name="capacity"/> bytes.</summary>
    public ByteBuffer(int capacity = 1024) => _array = new byte[capacity];

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _position);

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _array.AsMemory(0, _position);

    /// <summary>How many bytes are written.</summary>
    public int Length => _position;

    /// <summary>Forgets what was written, keeping the capacity.</summary>
    public void Reset() => _position = 0;

    /// <summary>Returns a span of at least <paramref name="size"/> free bytes for hand-written code; follow with <see cref="Advance"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Reserve(int size)
    {
        if (_array.Length - _position < size) Grow(size);
        return _array.AsSpan(_position);
    }

    /// <inheritdoc />
    public void Advance(int count) => _position += count;

    /// <inheritdoc />
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (_array.Length - _position < Math.Max(sizeHint, 1)) Grow(Math.Max(sizeHint, 256));
        return _array.AsMemory(_position);
    }

    /// <inheritdoc />
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        if (_array.Length - _position < Math.Max(sizeHint, 1)) Grow(Math.Max(sizeHint, 256));
        return _array.AsSpan(_position);
    }

    private void Grow(int size)
    {
        var next = new byte[Math.Max(_array.Length * 2, _position + size)];
        _array.AsSpan(0, _position).CopyTo(next);
        _array = next;
    }
}
