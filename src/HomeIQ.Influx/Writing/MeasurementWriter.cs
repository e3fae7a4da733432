using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Polly;

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
public partial class MeasurementWriter<T> : IMeasurementWriter<T> where T : ILineProtocolPoint<T>
{
    // Each thread serializes into its own scratch buffer first, so a bad point never touches the shared batch and
    // the lock is held only for a copy.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_scratch;

    private readonly InfluxClient _client;
    private readonly WriteOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger _logger;
    private readonly Uri _writeUri; // parsed once: a Uri per request cost about 500 B a batch
    private readonly KeyValuePair<string, object?> _writerTag;
    private readonly SemaphoreSlim _capacity;
    private readonly Channel<bool> _wake;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Queue<WriteBatch> _queue = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];
    private readonly Task _sender;
    private WriteBatch? _open;
    private WriteBatch? _inFlight;
    // The size of the last batch sealed: the next one rents buffers that big at once, instead of doubling its way up
    // from 64 KB (five rents and copies for a 5,000-point batch, and pool misses that allocate when many are queued).
    private int _lastBatchBytes;
    private CancellationTokenSource? _waitTimeout; // the sender's flush-interval timeout, reused while it does not fire
    private int _lastBatchLines;
    private long _accepted;
    private long _buffered;
    private bool _closed;
    private Task? _disposeTask;

    /// <summary>Creates a writer that sends through <paramref name="client"/> (which it does not dispose).</summary>
    /// <param name="client">The shared connection to the server.</param>
    /// <param name="options">Batching, buffering and resilience settings; the defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    /// <exception cref="IOException">The <see cref="WriteOptions.DurableBufferPath"/> folder is in use by another writer or cannot be read.</exception>
    public MeasurementWriter(InfluxClient client, WriteOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var o = (options ?? new WriteOptions()).Clone();
        var problems = o.Validate();
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid WriteOptions for the writer of {typeof(T).Name}: " + string.Join(" ", problems), nameof(options));
        _client = client;
        _options = o;
        Name = o.Name ?? T.MeasurementName;
        _logger = client.LoggerFactory.CreateLogger("HomeIQ.Influx.MeasurementWriter");
        _pipeline = o.ResiliencePipeline ?? InfluxResiliencePipeline.Create(o.Resilience, client.Options.Timeout, _logger);
        _writeUri = client.CreateUri(client.GetWritePath(o.Precision));
        _writerTag = new("writer", Name);
        if (o.DurableBufferPath is not null) OpenDurable(); // first: it may throw (folder in use), before anything is registered
        _capacity = new SemaphoreSlim(o.MaxBufferedPoints, o.MaxBufferedPoints);
        _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
        InfluxTelemetry.RegisterBuffered(this, () => new Measurement<long>(Volatile.Read(ref _buffered), _writerTag));
        if (o.OnWriteFailed is { } callback) WriteFailed += (_, e) => callback(e);
        _sender = Task.Run(SendLoopAsync);
        if (_durable is { RecoveredLines: > 0 }) _replay = Task.Run(ReplayAsync);
    }

    /// <summary>Raised (on the sender's thread, or the producer's for dropped points) for every point that could not be written.</summary>
    public event EventHandler<WriteFailedEventArgs>? WriteFailed;

    /// <summary>The writer's name in logs and metrics (<see cref="WriteOptions.Name"/> or the measurement name).</summary>
    public string Name { get; }

    /// <summary>Points accepted and not yet written or reported (never more than <see cref="WriteOptions.MaxBufferedPoints"/>).</summary>
    public long BufferedPoints => Volatile.Read(ref _buffered);

    /// <inheritdoc />
    /// <exception cref="LineProtocolException">The point cannot be written as line protocol; it was not accepted.</exception>
    /// <exception cref="WriteBufferFullException">The buffer is full and the mode is <see cref="BackpressureMode.Throw"/>.</exception>
    /// <exception cref="ObjectDisposedException">The writer is disposed.</exception>
    public ValueTask WriteAsync(T point, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested) return ValueTask.FromCanceled(cancellationToken);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed), this);
        if (_durable is not null) return WriteDurableAsync(in point, cancellationToken);
        var line = Serialize(in point);
        if (_capacity.Wait(0))
        {
            Commit(line.WrittenSpan, slotHeld: true);
            return default;
        }
        return ApplyBackpressure(line, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>When a point is rejected (<see cref="LineProtocolException"/>), the points before it stay accepted and the rest are not.</remarks>
    public async ValueTask WriteAsync(IEnumerable<T> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (_durable is not null)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed), this);
            await WriteDurableAsync(points, cancellationToken).ConfigureAwait(false);
            return;
        }
        foreach (var point in points)
        {
            var pending = WriteAsync(point, cancellationToken);
            if (!pending.IsCompletedSuccessfully) await pending.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>When a point is rejected (<see cref="LineProtocolException"/>), the points before it stay accepted and the rest are not.</remarks>
    public async ValueTask WriteAsync(ReadOnlyMemory<T> points, CancellationToken cancellationToken = default)
    {
        if (_durable is not null)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _closed), this);
            await WriteDurableAsync(MemoryMarshal.ToEnumerable(points), cancellationToken).ConfigureAwait(false);
            return;
        }
        for (int i = 0; i < points.Length; i++)
        {
            var pending = WriteAsync(points.Span[i], cancellationToken);
            if (!pending.IsCompletedSuccessfully) await pending.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        // Points recovered from the durable buffer count as accepted before any new one: flush them too.
        if (!_replay.IsCompleted) return FlushAfterReplayAsync(cancellationToken);
        Task done;
        lock (_gate)
        {
            SealLocked();
            done = WaitForLocked(_accepted);
        }
        _wake.Writer.TryWrite(true);
        return done.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops accepting points, waits up to <see cref="WriteOptions.DisposeTimeout"/> for the buffered ones to be
    /// written, then stops the sender and reports whatever is left through <see cref="WriteFailed"/>
    /// (<see cref="WriteFailureReason.Disposed"/>). The client is not disposed.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate) _disposeTask ??= DisposeCoreAsync();
        GC.SuppressFinalize(this);
        return new ValueTask(_disposeTask);
    }

    /// <inheritdoc cref="DisposeAsync"/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Describes the writer.</summary>
    public override string ToString() => $"MeasurementWriter<{typeof(T).Name}> {{ Name = {Name}, Buffered = {BufferedPoints} }}";

    // ------------------------------------------------------------------ producers

    private ArrayBufferWriter<byte> Serialize(in T point)
    {
        var scratch = t_scratch ??= new ArrayBufferWriter<byte>(512);
        scratch.ResetWrittenCount();
        try
        {
            LineProtocol.Write(scratch, in point, _options.Precision);
        }
        catch (LineProtocolException)
        {
            InfluxTelemetry.PointsRejected.Add(1, _writerTag, new("reason", "invalid"));
            throw;
        }
        return scratch;
    }

    private ValueTask ApplyBackpressure(ArrayBufferWriter<byte> line, CancellationToken cancellationToken)
    {
        switch (_options.BackpressureMode)
        {
            case BackpressureMode.DropNewest:
                ReportDropped(System.Text.Encoding.UTF8.GetString(TrimNewline(line.WrittenSpan)));
                return default;
            case BackpressureMode.Throw:
                InfluxTelemetry.PointsDropped.Add(1, _writerTag, new("reason", "buffer_full_throw"));
                return ValueTask.FromException(new WriteBufferFullException(Name, _options.MaxBufferedPoints));
            case BackpressureMode.DropOldest:
                string? dropped;
                bool wake = false;
                lock (_gate)
                {
                    ObjectDisposedException.ThrowIf(_closed, this);
                    dropped = DropOldestLocked();
                    // The dropped point's slot goes to the new one; with nothing droppable (all in flight) the new one is dropped.
                    if (dropped is not null) wake = CommitLocked(line.WrittenSpan);
                }
                if (wake) _wake.Writer.TryWrite(true);
                ReportDropped(dropped ?? System.Text.Encoding.UTF8.GetString(TrimNewline(line.WrittenSpan)));
                return default;
            default:
                // The scratch buffer belongs to this thread, and the continuation may run on another: keep a copy.
                var copy = ArrayPool<byte>.Shared.Rent(line.WrittenCount);
                line.WrittenSpan.CopyTo(copy);
                return WaitForRoomAsync(copy, line.WrittenCount, cancellationToken);
        }
    }

    private async ValueTask WaitForRoomAsync(byte[] line, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            try
            {
                await _capacity.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(ToString(), "The writer was disposed while the point waited for room in the buffer; it was not accepted.");
            }
            Commit(line.AsSpan(0, length), slotHeld: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    private void Commit(ReadOnlySpan<byte> line, bool slotHeld)
    {
        bool wake;
        lock (_gate)
        {
            if (_closed)
            {
                if (slotHeld) _capacity.Release();
                throw new ObjectDisposedException(ToString(), "The writer is disposed; the point was not accepted.");
            }
            wake = CommitLocked(line);
        }
        if (wake) _wake.Writer.TryWrite(true);
    }

    // Appends one line to the open batch; returns whether the sender should wake (new batch to time, or one sealed).
    private bool CommitLocked(ReadOnlySpan<byte> line)
    {
        if (_open is { LiveCount: > 0 } current && current.LiveBytes + line.Length > _options.MaxBatchBytes) SealLocked();
        bool wake = _queue.Count > 0;
        if (_open is null)
        {
            _open = new WriteBatch(_accepted,
                Math.Min(_options.MaxBatchBytes, Math.Max(64 * 1024, _lastBatchBytes)),
                Math.Min(_options.BatchSize, Math.Max(1024, _lastBatchLines)));
            wake = true;
        }
        _open.Append(line);
        _accepted++;
        Interlocked.Increment(ref _buffered);
        if (_open.LiveCount >= _options.BatchSize)
        {
            SealLocked();
            wake = true;
        }
        return wake;
    }

    private void SealLocked()
    {
        if (_open is null) return;
        _lastBatchBytes = _open.ByteCount;
        _lastBatchLines = _open.Count;
        if (_open.LiveCount == 0) _open.Dispose();
        else _queue.Enqueue(_open);
        _open = null;
    }

    // Drops the oldest point that is not being sent and returns its line; null when every buffered point is in flight.
    private string? DropOldestLocked()
    {
        string? dropped = null;
        if (_queue.TryPeek(out var head))
        {
            dropped = head.DropFirst();
            if (head.LiveCount == 0) _queue.Dequeue().Dispose();
        }
        else if (_open is { LiveCount: > 0 } open)
        {
            dropped = open.DropFirst();
        }
        if (dropped is not null)
        {
            Interlocked.Decrement(ref _buffered);
            CompleteWaitersLocked();
        }
        return dropped;
    }

    private void ReportDropped(string line)
    {
        InfluxTelemetry.PointsDropped.Add(1, _writerTag, new("reason", _options.BackpressureMode == BackpressureMode.DropOldest ? "drop_oldest" : "drop_newest"));
        InfluxLog.PointsDropped(_logger, Name, 1, _options.BackpressureMode, _options.MaxBufferedPoints);
        Raise(new WriteFailedEventArgs(WriteFailureReason.Dropped, [line], null, "The write buffer was full.", null));
    }

    // ------------------------------------------------------------------ flush bookkeeping

    // Every point with a sequence number below this is written or reported (batches are sent in order).
    private long WatermarkLocked()
    {
        if (_inFlight is not null) return _inFlight.BaseSequence + _inFlight.Start;
        if (_queue.TryPeek(out var head)) return head.BaseSequence + head.Start;
        if (_open is { LiveCount: > 0 } open) return open.BaseSequence + open.Start;
        return _accepted;
    }

    private Task WaitForLocked(long target)
    {
        if (WatermarkLocked() >= target) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flushWaiters.Add((target, done));
        return done.Task;
    }

    private void CompleteWaitersLocked()
    {
        if (_flushWaiters.Count == 0) return;
        var watermark = WatermarkLocked();
        for (int i = _flushWaiters.Count - 1; i >= 0; i--)
        {
            if (_flushWaiters[i].Target <= watermark)
            {
                _flushWaiters[i].Done.TrySetResult();
                _flushWaiters.RemoveAt(i);
            }
        }
    }

    // ------------------------------------------------------------------ disposal

    private async Task DisposeCoreAsync()
    {
        Task drained;
        lock (_gate)
        {
            _closed = true;
            SealLocked();
            drained = WaitForLocked(_accepted);
        }
        _wake.Writer.TryWrite(true);
        try
        {
            await drained.WaitAsync(_options.DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            InfluxLog.DisposeTimedOut(_logger, Name, BufferedPoints, _options.DisposeTimeout.TotalMilliseconds);
        }
        // Stops a send still retrying (its points are reported as Disposed) and wakes producers waiting for room.
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Writer.TryWrite(true);
        await _sender.ConfigureAwait(false);
        CloseDurable();
        InfluxTelemetry.UnregisterBuffered(this);
    }
}
