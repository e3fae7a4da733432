using System.Buffers;
using System.Text;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// An in-memory <see cref="IMeasurementWriter{T}"/> for unit tests: it records every accepted point and the exact line
/// protocol the generated serializer writes for it, and sends nothing anywhere. Register it where the application
/// expects a writer (for example <c>services.AddMeasurementWriter&lt;T&gt;(_ =&gt; recorder)</c>) and assert on
/// <see cref="Points"/>, <see cref="Lines"/> or <see cref="LineProtocol"/>. Thread-safe.
/// </summary>
/// <remarks>
/// It behaves like a real writer where a test can observe it: a point that cannot be serialized throws
/// <see cref="LineProtocolException"/> from <c>WriteAsync</c>; a batch is serialized completely before any of it is
/// recorded, so a batch with a bad point records nothing; a cancelled token records nothing; writing after dispose
/// throws <see cref="ObjectDisposedException"/>; <see cref="FlushAsync"/> marks every recorded point as flushed (what a
/// real writer would have sent) and returns them as written; a confirmed write records the points and counts them as
/// flushed at once; disposing flushes first. Nothing is ever lost or retried, so it cannot stand in for tests of failure
/// handling against a server.
/// </remarks>
/// <typeparam name="T">The measurement type.</typeparam>
public sealed class RecordingMeasurementWriter<T> : IMeasurementWriter<T> where T : ILineProtocolPoint<T>
{
    private readonly object _gate = new();
    private readonly List<T> _points = [];
    private readonly List<string> _lines = [];
    private readonly ArrayBufferWriter<byte> _scratch = new(256);
    private int _flushedCount;
    private int _flushCount;
    private bool _disposed;

    /// <summary>Creates a recorder that writes timestamps at <paramref name="precision"/> (what the real writer is configured with).</summary>
    public RecordingMeasurementWriter(WritePrecision precision = WritePrecision.Nanoseconds) => Precision = precision;

    /// <summary>The precision timestamps are written with.</summary>
    public WritePrecision Precision { get; }

    /// <summary>A snapshot of every point accepted so far, in the order accepted.</summary>
    public IReadOnlyList<T> Points { get { lock (_gate) return _points.ToArray(); } }

    /// <summary>A snapshot of the line protocol of every accepted point (one line each, without the trailing <c>\n</c>).</summary>
    public IReadOnlyList<string> Lines { get { lock (_gate) return _lines.ToArray(); } }

    /// <summary>All recorded lines as one request body: each line ends with <c>\n</c>.</summary>
    public string LineProtocol
    {
        get
        {
            lock (_gate)
            {
                var text = new StringBuilder();
                foreach (var line in _lines) text.Append(line).Append('\n');
                return text.ToString();
            }
        }
    }

    /// <summary>How many points have been accepted.</summary>
    public int Count { get { lock (_gate) return _points.Count; } }

    /// <summary>How many accepted points are not yet flushed (a real writer might still lose them).</summary>
    public int PendingCount { get { lock (_gate) return _points.Count - _flushedCount; } }

    /// <summary>How many accepted points a completed flush (or dispose) has covered, confirmed writes included.</summary>
    public int FlushedCount { get { lock (_gate) return _flushedCount; } }

    /// <summary>How many times <see cref="FlushAsync"/> completed (dispose flushes once more).</summary>
    public int FlushCount { get { lock (_gate) return _flushCount; } }

    /// <summary>Whether the writer has been disposed.</summary>
    public bool IsDisposed { get { lock (_gate) return _disposed; } }

    /// <inheritdoc/>
    /// <exception cref="LineProtocolException">The point cannot be represented; nothing was recorded.</exception>
    public ValueTask WriteAsync(T point, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var line = Serialize(point);
            _points.Add(point);
            _lines.Add(line);
        }
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <exception cref="LineProtocolException">A point cannot be represented; nothing of the batch was recorded.</exception>
    public ValueTask WriteAsync(IEnumerable<T> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        cancellationToken.ThrowIfCancellationRequested();
        var batch = points.ToArray();
        RecordBatch(batch);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <exception cref="LineProtocolException">A point cannot be represented; nothing of the batch was recorded.</exception>
    public ValueTask WriteAsync(ReadOnlyMemory<T> points, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        RecordBatch(points.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Records the point and counts it as flushed at once (a real writer completes when the server stored it).</summary>
    /// <exception cref="LineProtocolException">The point cannot be represented; nothing was recorded.</exception>
    public Task WriteAndConfirmAsync(T point, CancellationToken cancellationToken = default) => WriteAndConfirmAsync([point], cancellationToken);

    /// <summary>Records the points and counts them as flushed at once (a real writer completes when the server stored them).</summary>
    /// <exception cref="LineProtocolException">A point cannot be represented; nothing of the batch was recorded.</exception>
    public Task WriteAndConfirmAsync(IEnumerable<T> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        cancellationToken.ThrowIfCancellationRequested();
        var batch = points.ToArray();
        lock (_gate)
        {
            RecordBatch(batch);
            _flushedCount += batch.Length; // covered at once: not pending
        }
        return Task.CompletedTask;
    }

    /// <summary>Marks every point accepted so far as flushed and returns them as written (confirmed ones excluded: their call was their report).</summary>
    /// <exception cref="ObjectDisposedException">The writer has been disposed.</exception>
    public Task<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        long written;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            written = _points.Count - _flushedCount;
            _flushedCount = _points.Count;
            _flushCount++;
        }
        return Task.FromResult(new FlushResult(written));
    }

    /// <summary>Forgets every recorded point and the flush counters (the writer stays usable).</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _points.Clear();
            _lines.Clear();
            _flushedCount = 0;
            _flushCount = 0;
        }
    }

    /// <summary>Flushes (like a real writer, so nothing accepted is lost) and refuses further writes. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _flushedCount = _points.Count;
            _flushCount++;
            _disposed = true;
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void RecordBatch(ReadOnlySpan<T> batch)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var lines = new string[batch.Length];
            for (int i = 0; i < batch.Length; i++) lines[i] = Serialize(batch[i]);
            foreach (var point in batch) _points.Add(point);
            _lines.AddRange(lines);
        }
    }

    // Called under the lock: the scratch buffer is shared.
    private string Serialize(in T point)
    {
        _scratch.ResetWrittenCount();
        HomeIQ.Influx.LineProtocol.Write(_scratch, in point, Precision);
        var line = _scratch.WrittenSpan;
        if (!line.IsEmpty && line[^1] == (byte)'\n') line = line[..^1];
        return Encoding.UTF8.GetString(line);
    }
}
