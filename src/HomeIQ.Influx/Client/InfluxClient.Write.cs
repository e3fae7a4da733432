using System.Buffers;
using System.IO.Compression;
using System.Net.Http.Headers;

namespace HomeIQ.Influx;

public sealed partial class InfluxClient
{
    private static readonly MediaTypeHeaderValue s_lineProtocolType = new("text/plain") { CharSet = "utf-8" };

    /// <summary>
    /// The write endpoint for <see cref="InfluxClientOptions.Api"/>, relative to the server's URL:
    /// <c>write?db=&amp;rp=&amp;precision=</c> (v1), <c>api/v2/write?org=&amp;bucket=&amp;precision=</c> (v2) or
    /// <c>api/v3/write_lp?db=&amp;precision=</c> (v3). It never carries credentials.
    /// </summary>
    public string GetWritePath(WritePrecision precision)
    {
        var target = Uri.EscapeDataString(Options.Target ?? "");
        return Options.Api switch
        {
            // InfluxDB 1.x spells microseconds "u" (it has no "us"); n/ms/s are the same everywhere.
            InfluxApiVersion.V1 => $"write?db={target}{(Options.RetentionPolicy is { Length: > 0 } rp ? "&rp=" + Uri.EscapeDataString(rp) : "")}&precision={V1Precision(precision)}",
            InfluxApiVersion.V2 => $"api/v2/write?org={Uri.EscapeDataString(Options.Org ?? "")}&bucket={target}&precision={precision.ToQueryString()}",
            InfluxApiVersion.V3 => $"api/v3/write_lp?db={target}&precision={V3Precision(precision)}",
            _ => throw new InvalidOperationException($"InfluxClientOptions.Api has the unknown value {(int)Options.Api}."),
        };
    }

    /// <summary>
    /// Creates a batching writer for <typeparamref name="T"/> over this client. Generated <c>{Type}Writer</c> classes do
    /// the same with a concrete type name; either may be kept for the application's lifetime and shared by threads.
    /// </summary>
    public MeasurementWriter<T> CreateWriter<T>(WriteOptions? options = null) where T : ILineProtocolPoint<T> => new(this, options);

    /// <summary>Creates a POST of <paramref name="body"/> (line protocol, already gzipped when <paramref name="gzipped"/>) to <paramref name="writeUri"/>.</summary>
    internal HttpRequestMessage CreateWriteRequest(Uri writeUri, ReadOnlyMemory<byte> body, bool gzipped)
    {
        var request = CreateRequest(HttpMethod.Post, writeUri);
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = s_lineProtocolType;
        if (gzipped) content.Headers.ContentEncoding.Add("gzip");
        request.Content = content;
        return request;
    }

    /// <summary>Gzips <paramref name="body"/> into a pooled buffer; the caller returns <c>Buffer</c> to <see cref="BatchBufferPool.Bytes"/>.</summary>
    internal static (byte[] Buffer, int Length) Gzip(ReadOnlySpan<byte> body)
    {
        var output = new PooledStream(body.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(body);
        return (output.Buffer, (int)output.Length);
    }

    private static string V1Precision(WritePrecision precision) => precision switch
    {
        WritePrecision.Nanoseconds => "n",
        WritePrecision.Microseconds => "u",
        _ => precision.ToQueryString(),
    };

    // InfluxDB 3 names the units second/millisecond/microsecond/nanosecond on write_lp.
    private static string V3Precision(WritePrecision precision) => precision switch
    {
        WritePrecision.Seconds => "second",
        WritePrecision.Milliseconds => "millisecond",
        WritePrecision.Microseconds => "microsecond",
        _ => "nanosecond",
    };

    // A write-only stream over a pooled array, so gzipping a batch allocates no growing MemoryStream buffers.
    private sealed class PooledStream(int initialCapacity) : Stream
    {
        public byte[] Buffer { get; private set; } = BatchBufferPool.Bytes.Rent(Math.Max(initialCapacity, 256));
        public override long Length => _length;
        private int _length;
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
