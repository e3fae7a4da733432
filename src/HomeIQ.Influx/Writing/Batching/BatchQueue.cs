using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace HomeIQ.Influx.Writing.Batching;

/// <summary>
/// The ordered line buffer of one writer: the open batch that producers append to, the sealed batches waiting for the
/// sender, the ones in flight (up to <see cref="WriteOptions.MaxConcurrentBatches"/>), and the sequence numbers that let
/// <c>FlushAsync</c> wait for exactly the points accepted before it. Every point gets the next sequence number when it
/// is appended; the <em>watermark</em> is the first sequence number not yet written or reported (batches are taken in
/// order, so it is the start of the oldest batch still in flight or waiting), and a flush waits until the watermark
/// passes its target. Thread-safe: every member that ends in <c>Locked</c> must be called under <see cref="Gate"/>, which
/// a store also holds while it appends to disk, so that file order is sequence order.
/// </summary>
internal sealed class BatchQueue
{
    private readonly int _batchSize;
    private readonly int _maxBatchBytes;
    private readonly TimeSpan _flushInterval;
    private readonly Queue<WriteBatch> _sealed = new();
    private readonly List<(long Target, TaskCompletionSource Done)> _flushWaiters = [];
    // Wakes the sender's one waiting worker (helpers that run while a batch is retrying do not wait on it): a single
    // reader keeps each wait free of allocations (measured: with several readers, a waiter object per wait).
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly List<WriteBatch> _inFlight = []; // in sequence order: batches are taken in order
    private WriteBatch? _open;
    // The size of the last batch sealed: the next one rents buffers that big at once, instead of doubling its way up
    // from 64 KB (five rents and copies for a 5,000-point batch, and pool misses that allocate when many are queued).
    private int _lastBatchBytes;
    private int _lastBatchLines;
    private long _accepted;
    private long _buffered;
    private bool _closed;

    public BatchQueue(int batchSize, int maxBatchBytes, TimeSpan flushInterval)
    {
        _batchSize = batchSize;
        _maxBatchBytes = maxBatchBytes;
        _flushInterval = flushInterval;
    }

    /// <summary>The lock of every <c>*Locked</c> member.</summary>
    public object Gate { get; } = new();

    /// <summary>Points appended and not yet written or reported.</summary>
    public long Buffered => Volatile.Read(ref _buffered);

    /// <summary>Whether <see cref="Close"/> was called: nothing more is appended.</summary>
    public bool IsClosed => Volatile.Read(ref _closed);

    /// <summary>The sequence number the next appended point gets.</summary>
    public long NextSequenceLocked => _accepted;

    /// <summary>Appends one complete line (with its <c>\n</c>); false when the queue is closed.</summary>
    public bool TryAppend(ReadOnlySpan<byte> line)
    {
        bool wake;
        lock (Gate)
        {
            if (_closed) return false;
            wake = AppendLocked(line);
        }
        if (wake) Wake();
        return true;
    }

    /// <summary>Appends one line; returns whether the sender should wake (a new batch to time, or one sealed). The caller checked <see cref="IsClosed"/>.</summary>
    public bool AppendLocked(ReadOnlySpan<byte> line)
    {
        if (_open is { LiveCount: > 0 } current && current.LiveBytes + line.Length > _maxBatchBytes) SealLocked();
        bool wake = _sealed.Count > 0;
        if (_open is null)
        {
            _open = new WriteBatch(_accepted,
                Math.Min(_maxBatchBytes, Math.Max(64 * 1024, _lastBatchBytes)),
                Math.Min(_batchSize, Math.Max(1024, _lastBatchLines)));
            wake = true;
        }
        _open.Append(line);
        _accepted++;
        Interlocked.Increment(ref _buffered);
        if (_open.LiveCount >= _batchSize)
        {
            SealLocked();
            wake = true;
        }
        return wake;
    }

    /// <summary>Wakes the sender (a batch was sealed, a flush or dispose began).</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Drops the oldest point that is not being sent and returns its line; null when every buffered point is in flight.</summary>
    public string? DropOldestLocked()
    {
        string? dropped = null;
        if (_sealed.TryPeek(out var head))
        {
            dropped = head.DropFirst();
            if (head.LiveCount == 0) _sealed.Dequeue().Dispose();
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

    /// <summary>
    /// Called when the buffer is full: when the open batch holds every buffered point, it is sealed so the sender takes
    /// it now, since it cannot grow and would otherwise wait for the flush interval while producers wait for room
    /// (measured in issue 14: 5,000 points through MaxBufferedPoints = 1000 with the default BatchSize took 4.1 s). When
    /// other batches are waiting or in flight, their completion makes room and the open batch keeps filling: sealing it
    /// then made every later batch as small as the room one completion freed (measured: 725 batches instead of 50).
    /// </summary>
    public void SealOpen()
    {
        bool sealedOne;
        lock (Gate)
        {
            sealedOne = _open is { LiveCount: > 0 } && _sealed.Count == 0 && _inFlight.Count == 0;
            if (sealedOne) SealLocked();
        }
        if (sealedOne) Wake();
    }

    /// <summary>Seals the open batch and completes when every point appended so far is written or reported.</summary>
    public Task FlushAsync()
    {
        Task done;
        lock (Gate)
        {
            SealLocked();
            done = WaitForLocked(_accepted);
        }
        Wake();
        return done;
    }

    /// <summary>Stops appends, seals the open batch, and returns the task that completes when everything appended is settled.</summary>
    public Task Close()
    {
        Task drained;
        lock (Gate)
        {
            _closed = true;
            SealLocked();
            drained = WaitForLocked(_accepted);
        }
        Wake();
        return drained;
    }

    // ------------------------------------------------------------------ the sender's side

    /// <summary>
    /// The next batch to send (now in flight); or <see langword="null"/> with how long the open batch may still wait
    /// (<see cref="Timeout.InfiniteTimeSpan"/> when there is none), and whether the queue is closed and empty.
    /// </summary>
    public WriteBatch? TakeNext(out TimeSpan wait, out bool finished)
    {
        wait = Timeout.InfiniteTimeSpan;
        finished = false;
        WriteBatch? taken = null;
        lock (Gate)
        {
            if (_sealed.Count == 0 && _open is { LiveCount: > 0 } open)
            {
                var age = Stopwatch.GetElapsedTime(open.FirstLineTimestamp);
                if (_closed || age >= _flushInterval) SealLocked();
                else wait = _flushInterval - age;
            }
            if (_sealed.TryDequeue(out var batch))
            {
                _inFlight.Add(batch);
                taken = batch;
            }
            else if (_closed)
            {
                SealLocked();
                finished = true;
            }
        }
        return taken;
    }

    /// <summary>A batch in flight is settled: its points leave the buffer (the caller then completes the waiters).</summary>
    public void CompleteLocked(WriteBatch batch, int points)
    {
        _inFlight.Remove(batch);
        Interlocked.Add(ref _buffered, -points);
    }

    // The send path runs once per batch, so its async methods return pooled ValueTasks and the wait reuses one timeout
    // source: measured (--profile ... --alloc-types), a linked source, timer and state-machine boxes per batch were a
    // third of the bytes the pipeline allocated per point.
    /// <summary>Waits until <see cref="Wake"/>, <paramref name="wait"/> passes, or <paramref name="stop"/> is cancelled.</summary>
    /// <param name="wait">How long the open batch may still wait, or <see cref="Timeout.InfiniteTimeSpan"/>.</param>
    /// <param name="stop">The writer's stop token.</param>
    /// <param name="timer">The worker's reusable timeout.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WaitForWorkAsync(TimeSpan wait, CancellationToken stop, WorkerTimer timer)
    {
        CancellationTokenSource? timeout = null;
        if (wait != Timeout.InfiniteTimeSpan)
        {
            timeout = timer.Source ??= CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(wait);
        }
        try
        {
            if (await _wake.Reader.WaitToReadAsync(timeout?.Token ?? stop).ConfigureAwait(false)) _wake.Reader.TryRead(out _);
        }
        catch (OperationCanceledException)
        {
            // the flush interval passed, or the writer is stopping: the sender looks at the state again
        }
        finally
        {
            // A source that fired cannot be reused; one that did not is reset (timer stopped) for the next wait.
            if (timeout is not null && !timeout.TryReset())
            {
                timeout.Dispose();
                timer.Source = null;
            }
        }
    }

    /// <summary>The sender's flush-interval timeout, reused while it does not fire; disposed when the sender ends.</summary>
    internal sealed class WorkerTimer : IDisposable
    {
        public CancellationTokenSource? Source { get; set; }

        public void Dispose()
        {
            Source?.Dispose();
            Source = null;
        }
    }

    // ------------------------------------------------------------------ watermarks and flush waiters

    /// <summary>Every point with a sequence number below this is written or reported (batches are taken in order).</summary>
    public long WatermarkLocked()
    {
        if (_inFlight.Count > 0) return _inFlight[0].BaseSequence + _inFlight[0].Start;
        if (_sealed.TryPeek(out var head)) return head.BaseSequence + head.Start;
        if (_open is { LiveCount: > 0 } open) return open.BaseSequence + open.Start;
        return _accepted;
    }

    /// <summary>Completes the flushes whose target the watermark has passed.</summary>
    public void CompleteWaitersLocked()
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

    private Task WaitForLocked(long target)
    {
        if (WatermarkLocked() >= target) return Task.CompletedTask;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _flushWaiters.Add((target, done));
        return done.Task;
    }

    private void SealLocked()
    {
        if (_open is null) return;
        _lastBatchBytes = _open.ByteCount;
        _lastBatchLines = _open.Count;
        if (_open.LiveCount == 0) _open.Dispose();
        else _sealed.Enqueue(_open);
        _open = null;
    }
}
