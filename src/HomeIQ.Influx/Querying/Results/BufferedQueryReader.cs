using System.Buffers;

namespace HomeIQ.Influx.Querying.Results;

/// <summary>
/// The buffer both parsers share: bytes from <see cref="_start"/> to <see cref="_end"/> are unparsed. A step that
/// cannot complete leaves them in place; <see cref="FillAsync"/> then moves them to the front, grows the buffer when a
/// single row does not fit, and reads more. Buffers come from <see cref="ArrayPool{T}"/>.
/// </summary>
internal abstract class BufferedQueryReader : QueryResultReader
{
    private const int InitialBufferSize = 64 * 1024;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly IDisposable? _owner;
    private protected byte[] _buffer;
    private protected int _start;
    private protected int _end;
    private protected bool _eof;
    private byte[] _scratch;

    protected BufferedQueryReader(Stream stream, bool ownsStream, IDisposable? owner)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _ownsStream = ownsStream;
        _owner = owner;
        _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        _scratch = ArrayPool<byte>.Shared.Rent(256);
    }

    private protected override async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_eof) throw new InfluxQueryException("The query response ended in the middle of a value; it is truncated or malformed.");
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        if (read == 0) _eof = true;
        else _end += read;
    }

    /// <summary>A scratch buffer of at least <paramref name="size"/> bytes for unescaped values.</summary>
    private protected byte[] Scratch(int size)
    {
        if (_scratch.Length < size)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = ArrayPool<byte>.Shared.Rent(size);
        }
        return _scratch;
    }

    private protected override void DisposeCore()
    {
        if (_ownsStream) _stream.Dispose();
        _owner?.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<byte>.Shared.Return(_scratch);
        _buffer = [];
        _scratch = [];
    }
}
