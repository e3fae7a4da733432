using System.Buffers;
using HomeIQ.Influx;

namespace HomeIQ.Sample.Targets;

/// <summary>
/// Appends points as line protocol to a file when there is no server: the same generated serializer, and a file that
/// <c>curl --data-binary @file "http://host:8086/write?db=homeiq"</c> can send later.
/// </summary>
public sealed class SpoolMeasurementWriter<T> : IMeasurementWriter<T> where T : ILineProtocolPoint<T>
{
    private readonly SpoolFile _file;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private long _appended; // lines this writer appended since its last flush

    /// <summary>Creates a writer appending to <paramref name="file"/> (shared by every measurement's writer).</summary>
    public SpoolMeasurementWriter(SpoolFile file) => _file = file;

    /// <inheritdoc/>
    public ValueTask WriteAsync(T point, CancellationToken cancellationToken = default)
    {
        lock (_buffer)
        {
            _buffer.ResetWrittenCount();
            LineProtocol.Write(_buffer, point);
            _file.Append(_buffer.WrittenSpan, 1);
            Interlocked.Increment(ref _appended);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask WriteAsync(IEnumerable<T> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        lock (_buffer)
        {
            _buffer.ResetWrittenCount();
            int count = 0;
            foreach (var point in points)
            {
                LineProtocol.Write(_buffer, point);
                count++;
            }
            _file.Append(_buffer.WrittenSpan, count);
            Interlocked.Add(ref _appended, count);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask WriteAsync(ReadOnlyMemory<T> points, CancellationToken cancellationToken = default) =>
        WriteAsync((IEnumerable<T>)points.ToArray(), cancellationToken);

    /// <inheritdoc/>
    public async Task WriteAndConfirmAsync(T point, CancellationToken cancellationToken = default)
    {
        await WriteAsync(point, cancellationToken).ConfigureAwait(false);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false); // "stored" here means on the spool file's disk
    }

    /// <inheritdoc/>
    public async Task WriteAndConfirmAsync(IEnumerable<T> points, CancellationToken cancellationToken = default)
    {
        await WriteAsync(points, cancellationToken).ConfigureAwait(false);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        long appended = Interlocked.Exchange(ref _appended, 0);
        await _file.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new FlushResult(written: appended);
    }

    /// <inheritdoc/>
    public void Dispose() { }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>The spool file every <see cref="SpoolMeasurementWriter{T}"/> appends to.</summary>
public sealed class SpoolFile : IAsyncDisposable
{
    private readonly FileStream _stream;
    private long _lines;

    /// <summary>Creates (or truncates) the file at <paramref name="path"/>.</summary>
    public SpoolFile(string path)
    {
        Path = path;
        _stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
    }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>How many lines were appended.</summary>
    public long Lines => Interlocked.Read(ref _lines);

    internal void Append(ReadOnlySpan<byte> lines, int count)
    {
        lock (_stream) _stream.Write(lines);
        Interlocked.Add(ref _lines, count);
    }

    /// <summary>Flushes the file to disk.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_stream) _stream.Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
