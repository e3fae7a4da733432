using System.IO.Compression;
using HomeIQ.Influx.Writing.Batching;

namespace HomeIQ.Influx.Writing.Sending;

/// <summary>Gzips a batch body (<see cref="InfluxClientOptions.Gzip"/>) into a buffer rented from <see cref="BatchBufferPool.Bytes"/>.</summary>
internal static class GzipBody
{
    /// <summary>Gzips <paramref name="body"/>; the caller returns <c>Buffer</c> to <see cref="BatchBufferPool.Bytes"/>.</summary>
    public static (byte[] Buffer, int Length) Compress(ReadOnlySpan<byte> body)
    {
        var output = new PooledStream(body.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
        return (output.Buffer, (int)output.Length);
    }

    // A write-only stream over a pooled array, so gzipping a batch allocates no growing MemoryStream buffers.
    private sealed class PooledStream(int initialCapacity) : Stream
    {
        private int _length;

        public byte[] Buffer { get; private set; } = BatchBufferPool.Bytes.Rent(Math.Max(initialCapacity, 256));
        public override long Length => _length;
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_length + buffer.Length > Buffer.Length)
            {
                var bigger = BatchBufferPool.Bytes.Rent(Math.Max(_length + buffer.Length, Buffer.Length * 2));
                Buffer.AsSpan(0, _length).CopyTo(bigger);
                BatchBufferPool.Bytes.Return(Buffer);
                Buffer = bigger;
            }
            buffer.CopyTo(Buffer.AsSpan(_length));
            _length += buffer.Length;
        }
    }
}
