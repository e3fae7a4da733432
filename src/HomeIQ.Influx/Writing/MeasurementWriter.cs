using System.Buffers;
using HomeIQ.Influx.Writing;

namespace HomeIQ.Influx;

/// <summary>
/// Writes points of <typeparamref name="T"/> to InfluxDB in batches, from any number of threads. The source generator
/// derives <c>{Type}Writer</c> from it; you can also use it directly.
/// </summary>
/// <remarks>
/// <para>
/// Each point is serialized on the caller's thread straight into a pooled UTF-8 batch buffer (no per-point
/// allocation); a point line protocol cannot represent throws <see cref="LineProtocolException"/> to that caller and
/// is counted as rejected. A batch goes out when it holds <see cref="WriteOptions.BatchSize"/> lines, when the next
/// line would pass <see cref="WriteOptions.MaxBatchBytes"/>, or when <see cref="WriteOptions.FlushInterval"/> passes.
/// One background sender sends batches in order through the resilience pipeline.
/// </para>
/// <para>
/// Nothing accepted is lost silently: every point ends up written, or in a <see cref="WriteFailed"/> report with its
/// exact line, the status and the server's message. At most <see cref="WriteOptions.MaxBufferedPoints"/> points are
/// held; <see cref="WriteOptions.BackpressureMode"/> says what happens beyond that.
/// </para>
/// <para>
/// A batch that is retried after a lost answer may reach the server twice. Points with a timestamp are then simply
/// overwritten with the same values (same series and time), so nothing is duplicated; points without one get the
/// server's time on each arrival and can be stored twice. Give points timestamps when exactly-once matters.
/// </para>
/// </remarks>
/// <typeparam name="T">The measurement type.</typeparam>
public class MeasurementWriter<T> : IMeasurementWriter<T> where T : ILineProtocolPoint<T>
{
    // Each thread serializes into its own scratch buffer first, so a bad point never touches the shared batch and
    // the lock is held only for a copy.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_scratch;

    // Everything but serialization is non-generic and lives in the engine's parts (see docs/architecture.md).
    private readonly WriterEngine _engine;

    /// <summary>Creates a writer that sends through <paramref name="client"/> (which it does not dispose).</summary>
    /// <param name="client">The shared connection to the server.</param>
    /// <param name="options">Batching, buffering and resilience settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    /// <exception cref="IOException">The <see cref="WriteOptions.DurableBufferPath"/> folder is in use by another writer or cannot be read.</exception>
    public MeasurementWriter(InfluxClient client, WriteOptions? options = null)
    {
        _engine = new WriterEngine(client, options, typeof(T).Name, T.MeasurementName, this);
    }

    /// <summary>Raised (on the sender's thread, or the producer's for dropped points) for every point that could not be written.</summary>
    public event EventHandler<WriteFailedEventArgs>? WriteFailed
    {
        add => _engine.Reporter.Subscribe(value);
        remove => _engine.Reporter.Unsubscribe(value);
    }

    /// <summary>The writer's name in logs and metrics (<see cref="WriteOptions.Name"/> or the measurement name).</summary>
    public string Name => _engine.Reporter.Name;

    /// <summary>Points accepted and not yet written or reported (never more than <see cref="WriteOptions.MaxBufferedPoints"/>).</summary>
    public long BufferedPoints => _engine.Queue.Buffered;

    /// <summary>Points recovered from the durable buffer when this writer started (0 without one).</summary>
    public long RecoveredPoints => _engine.Store.RecoveredPoints;

    /// <inheritdoc />
    /// <exception cref="LineProtocolException">The point cannot be written as line protocol; it was not accepted.</exception>
    /// <exception cref="WriteBufferFullException">The buffer is full and the mode is <see cref="BackpressureMode.Throw"/>.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public ValueTask WriteAsync(T point, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        ObjectDisposedException.ThrowIf(_engine.Queue.IsClosed, this);
        var line = Serialize(in point);
        return _engine.Store.AcceptAsync(line.WrittenSpan, 1, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>When a point is rejected (<see cref="LineProtocolException"/>), the points before it stay accepted and the rest are not.</remarks>
    public ValueTask WriteAsync(IEnumerable<T> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ObjectDisposedException.ThrowIf(_engine.Queue.IsClosed, this);
        return _engine.Store.LinesPerCall > 1 ? WriteRecordsAsync(points, cancellationToken) : WriteEachAsync(points, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>When a point is rejected (<see cref="LineProtocolException"/>), the points before it stay accepted and the rest are not.</remarks>
    public async ValueTask WriteAsync(ReadOnlyMemory<T> points, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_engine.Queue.IsClosed, this);
        if (_engine.Store.LinesPerCall > 1)
        {
            await WriteRecordsAsync(System.Runtime.InteropServices.MemoryMarshal.ToEnumerable(points), cancellationToken).ConfigureAwait(false);
            return;
        }
        for (int i = 0; i < points.Length; i++)
        {
            var pending = WriteAsync(points.Span[i], cancellationToken);
            if (!pending.IsCompletedSuccessfully) await pending.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken = default) => _engine.FlushAsync(cancellationToken);

    /// <summary>
    /// Stops accepting points, waits up to <see cref="WriteOptions.DisposeTimeout"/> for the buffered ones to be
    /// written, then stops the sender and reports whatever is left through <see cref="WriteFailed"/>
    /// (<see cref="WriteFailureReason.Disposed"/>). The client is not disposed.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        var disposing = _engine.DisposeAsync();
        GC.SuppressFinalize(this);
        return new ValueTask(disposing);
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Describes the writer.</summary>
    public override string ToString() => $"MeasurementWriter<{typeof(T).Name}> {{ Name = {Name}, Buffered = {BufferedPoints} }}";

    private ArrayBufferWriter<byte> Serialize(in T point)
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(512);
        scratch.ResetWrittenCount();
        try
        {
            LineProtocol.Write(scratch, in point, _engine.Options.Precision);
        }
        catch (LineProtocolException)
        {
            _engine.Reporter.Invalid();
            throw;
        }
        return scratch;
    }

    private async ValueTask WriteEachAsync(IEnumerable<T> points, CancellationToken cancellationToken)
    {
        foreach (var point in points)
        {
            var pending = WriteAsync(point, cancellationToken);
            if (!pending.IsCompletedSuccessfully) await pending.ConfigureAwait(false);
        }
    }

    // Many points as few store records (the durable buffer flushes once per record, not once per point).
    private async ValueTask WriteRecordsAsync(IEnumerable<T> points, CancellationToken cancellationToken)
    {
        var record = new ArrayBufferWriter<byte>(64 * 1024);
        int count = 0, perRecord = _engine.Store.LinesPerCall;
        foreach (var point in points)
        {
            ArrayBufferWriter<byte> line;
            try
            {
                line = Serialize(in point);
            }
            catch (LineProtocolException)
            {
                // The points before the bad one stay accepted.
                if (count > 0) await _engine.Store.AcceptAsync(record.WrittenSpan, count, cancellationToken).ConfigureAwait(false);
                throw;
            }
            record.Write(line.WrittenSpan);
            if (++count == perRecord)
            {
                await _engine.Store.AcceptAsync(record.WrittenSpan, count, cancellationToken).ConfigureAwait(false);
                record.ResetWrittenCount();
                count = 0;
            }
        }
        if (count > 0) await _engine.Store.AcceptAsync(record.WrittenSpan, count, cancellationToken).ConfigureAwait(false);
    }
}
