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
/// line would pass <see cref="WriteOptions.MaxBatchBytes"/>, when <see cref="WriteOptions.FlushInterval"/> passes, or
/// when the buffer is full. A background sender sends batches through the resilience pipeline, up to
/// <see cref="WriteOptions.MaxConcurrentBatches"/> at once.
/// </para>
/// <para>
/// Nothing accepted is lost silently, even when you attach nothing: every point ends up written, or in a
/// <see cref="WriteFailed"/> report with its exact line, the status and the server's message; points that no handler
/// took make the next <see cref="FlushAsync"/> (or <see cref="DisposeAsync"/>) throw <see cref="InfluxWriteException"/>
/// with their lines and counts. A 401, 403 or 404 answer faults the writer: it logs once which setting to fix,
/// <see cref="WriteAsync(T, CancellationToken)"/> throws instead of buffering more, and it holds what it has until the
/// server takes it. At most <see cref="WriteOptions.MaxBufferedPoints"/> points are held;
/// <see cref="WriteOptions.BackpressureMode"/> says what happens beyond that. Every wait is bounded
/// (<see cref="WriteOptions.FlushTimeout"/>, <see cref="WriteOptions.DisposeTimeout"/>), and an undisposed writer
/// flushes when the process is stopped (<see cref="WriteOptions.FlushOnProcessExit"/>).
/// </para>
/// <para>
/// To know that particular points are stored before going on, as InfluxDB.Client's <c>WriteApiAsync</c> does, use
/// <see cref="WriteAndConfirmAsync(IEnumerable{T}, CancellationToken)"/>: its own request, no buffering, and an
/// exception with the lines when the server did not store them.
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

    /// <summary>
    /// Raised for each failure (once per batch or part of a batch the server did not store, once per dropped point) with
    /// the exact lines, on the sender's thread (the producer's for dropped points). Failures a handler receives are still
    /// counted by the next <see cref="FlushAsync"/> but no longer make it throw. See <see cref="WriteOptions.OnWriteFailed"/>.
    /// </summary>
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
    /// <exception cref="InfluxWriteException">The server refuses the writer's configuration (401, 403, 404); the message names the setting. The point was not accepted.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public ValueTask WriteAsync(T point, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        ObjectDisposedException.ThrowIf(_engine.Queue.IsClosed, this);
        if (_engine.Fault.IsFaulted) return ValueTask.FromException(Refused(1));
        var line = Serialize(in point);
        return _engine.Store.AcceptAsync(line.WrittenSpan, 1, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>When a point is rejected (<see cref="LineProtocolException"/>), the points before it stay accepted and the rest are not.</remarks>
    public ValueTask WriteAsync(IEnumerable<T> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ObjectDisposedException.ThrowIf(_engine.Queue.IsClosed, this);
        if (_engine.Fault.IsFaulted) return ValueTask.FromException(Refused(points.TryGetNonEnumeratedCount(out var n) ? n : 1));
        return _engine.Store.LinesPerCall > 1 ? WriteRecordsAsync(points, cancellationToken) : WriteEachAsync(points, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>When a point is rejected (<see cref="LineProtocolException"/>), the points before it stay accepted and the rest are not.</remarks>
    public async ValueTask WriteAsync(ReadOnlyMemory<T> points, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_engine.Queue.IsClosed, this);
        if (_engine.Fault.IsFaulted) throw Refused(points.Length);
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
    /// <remarks>
    /// The point goes in a request of its own, past the buffer, through the same retries and status rules; it does not
    /// wait for buffered points and is not ordered with them. Cancelling <paramref name="cancellationToken"/> abandons
    /// the wait (the server may or may not have stored the point). It is not counted by <see cref="FlushAsync"/>: this
    /// call's task is its report.
    /// </remarks>
    /// <exception cref="LineProtocolException">The point cannot be written as line protocol; nothing was sent.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public Task WriteAndConfirmAsync(T point, CancellationToken cancellationToken = default) => WriteAndConfirmAsync([point], cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The points go in one request of their own (halved while the server answers 413), past the buffer, through the same
    /// retries and status rules; they do not wait for buffered points and are not ordered with them. A 401, 403 or 404
    /// answer also faults the writer, and a success clears a fault. Cancelling <paramref name="cancellationToken"/>
    /// abandons the wait (the server may or may not have stored the points). Not counted by <see cref="FlushAsync"/>:
    /// this call's task is its report.
    /// </remarks>
    /// <exception cref="LineProtocolException">A point cannot be written as line protocol; nothing was sent.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public Task WriteAndConfirmAsync(IEnumerable<T> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ObjectDisposedException.ThrowIf(_engine.Queue.IsClosed, this);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled(cancellationToken);
        var batch = new Writing.Batching.WriteBatch(0, 16 * 1024, 64);
        try
        {
            foreach (var point in points) batch.Append(Serialize(in point).WrittenSpan);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
        if (batch.Count == 0)
        {
            batch.Dispose();
            return Task.CompletedTask;
        }
        return SendConfirmedAsync(batch, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Returns within <see cref="WriteOptions.FlushTimeout"/>: when it passes, or when the writer is faulted (a
    /// configuration the server refuses), it throws <see cref="InfluxWriteException"/> with
    /// <see cref="FlushResult.StillBuffered"/> in its <see cref="InfluxWriteException.Result"/>; those points are not
    /// given up. Cancelling <paramref name="cancellationToken"/> throws <see cref="OperationCanceledException"/> and
    /// leaves the account for the next flush.
    /// </remarks>
    /// <exception cref="InfluxWriteException">Points were lost and no <see cref="WriteFailed"/> or <see cref="WriteOptions.OnWriteFailed"/> handler took them (the result, lines and first failure are in it); or the flush stopped waiting.</exception>
    public Task<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => _engine.FlushAsync(cancellationToken);

    /// <summary>
    /// Stops accepting points, waits for the buffered ones until <see cref="WriteOptions.DisposeTimeout"/> passes or
    /// <paramref name="cancellationToken"/> is cancelled (or at once when the writer is faulted), then stops the sender:
    /// what is left is given up (<see cref="WriteFailureReason.Disposed"/>) or, with a durable buffer, kept on disk
    /// (<see cref="WriteFailureReason.KeptOnDisk"/>: not lost, the next writer on the folder sends them), and reported
    /// through <see cref="WriteFailed"/>. Returns the account since the last flush and does not throw for points that
    /// were not written: they are in the result (<see cref="FlushResult.Lost"/>, <see cref="FlushResult.Kept"/>). This is
    /// how a host shuts a writer down within its own deadline. The writer is then disposed; the client is not.
    /// </summary>
    public Task<FlushResult> CloseAsync(CancellationToken cancellationToken = default) => _engine.CloseAsync(cancellationToken);

    /// <summary>
    /// Closes the writer (<see cref="CloseAsync"/> without a token: it waits up to <see cref="WriteOptions.DisposeTimeout"/>)
    /// and throws <see cref="InfluxWriteException"/> when points were lost that no handler took, so that a writer in an
    /// <c>await using</c> block never loses points silently. Does nothing when the writer was already closed. The client
    /// is not disposed.
    /// </summary>
    /// <exception cref="InfluxWriteException">Points since the last flush were lost and no handler took them.</exception>
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

    private InfluxWriteException Refused(long points) =>
        _engine.Fault.RefusalOrNull(points, _engine.StillBuffered, _engine.Store.RetryDelay)
        ?? new InfluxWriteException("The writer recovered while this call was refused; write again.", Name, WriteFailureReason.Configuration, null, null, points);

    private async Task SendConfirmedAsync(Writing.Batching.WriteBatch batch, CancellationToken cancellationToken)
    {
        using (batch) await _engine.Sender.SendConfirmedAsync(batch, cancellationToken).ConfigureAwait(false);
    }

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
        var record = RentRecord();
        try
        {
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
        finally
        {
            ReturnRecord(record);
        }
    }

    // The record buffer is reused: a new 64 KB buffer per call cost 655 B per point in calls of 100 points (measured with
    // DurableWriteBenchmarks). A call takes it out of its thread's slot, so a call that starts meanwhile (after an await,
    // or from a WriteFailed handler) gets its own, and puts it back into the slot of the thread it ends on.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_record;

    private static ArrayBufferWriter<byte> RentRecord()
    {
        var record = t_record;
        if (record is null) return new ArrayBufferWriter<byte>(64 * 1024);
        t_record = null;
        record.ResetWrittenCount();
        return record;
    }

    private static void ReturnRecord(ArrayBufferWriter<byte> record)
    {
        if (record.Capacity <= 1024 * 1024) t_record = record; // one huge call does not keep its buffer for good
    }
}
