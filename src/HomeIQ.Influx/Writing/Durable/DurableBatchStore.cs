using System.Buffers;
using HomeIQ.Influx.Writing.Batching;
using HomeIQ.Influx.Writing.Reporting;
using HomeIQ.Influx.Writing.Stores;

namespace HomeIQ.Influx.Writing.Durable;

/// <summary>
/// The durable buffer (<see cref="WriteOptions.DurableBufferPath"/>): every accepted point is appended to the segment
/// log before its <c>WriteAsync</c> completes, points recovered from an earlier writer are replayed before new ones,
/// a batch the server did not take stays on disk and is sent again, and a segment goes once the server has all of it.
/// </summary>
internal sealed class DurableBatchStore : BatchStore
{
    // Durable records hold at most this many points, so one call's record never needs all of MaxBufferedPoints.
    private const int MaxPointsPerRecord = 1_000;

    private readonly DurableLog _log;
    private readonly Timer? _flushTimer;
    private readonly Task _replay = Task.CompletedTask;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <exception cref="IOException">The folder is in use by another writer or cannot be read.</exception>
    public DurableBatchStore(BatchQueue queue, WriteOptions options, WriteReporter reporter, string objectName, CancellationToken stop)
        : base(queue, options, reporter, objectName, stop)
    {
        long segmentBytes = Math.Clamp(options.MaxDurableBytes / 8, 64 * 1024, 64L * 1024 * 1024);
        _log = DurableLog.Open(options.DurableBufferPath!, segmentBytes, reporter.Logger, reporter.Name);
        RecoveredPoints = _log.RecoveredLines;
        if (options.DurableFlushMode == DurableFlushMode.Interval)
        {
            _flushTimer = new Timer(static state =>
            {
                var store = (DurableBatchStore)state!;
                lock (store.Queue.Gate)
                {
                    try { store._log.FlushToDisk(); }
                    catch (IOException) { /* the next flush or append reports the disk's trouble */ }
                }
            }, this, options.DurableFlushInterval, options.DurableFlushInterval);
        }
        if (RecoveredPoints > 0) _replay = Task.Run(ReplayAsync);
    }

    /// <summary>A whole call's points as one record (one disk flush) when producers wait; point by point when they may be dropped or refused.</summary>
    public override int LinesPerCall => Options.BackpressureMode == BackpressureMode.Wait ? Math.Min(MaxPointsPerRecord, Options.MaxBufferedPoints) : 1;

    public override Task Ready => _replay;

    public override long RecoveredPoints { get; }

    // One batch at a time: the segment log is confirmed in order and a new writer replays it in order (issue 18 may lift this).
    public override int MaxConcurrentBatches => 1;

    public override TimeSpan RetryDelay =>
        Options.Resilience is { } r && r.MaxRetryDelay > TimeSpan.Zero ? r.MaxRetryDelay : TimeSpan.FromSeconds(1);

    public override bool KeepsOnDisk => true;

    // Points that were not refused by the server are not lost: they stay on disk.
    public override bool Keeps(WriteFailureReason reason) =>
        reason is not (WriteFailureReason.Rejected or WriteFailureReason.PartialWriteUnidentified or WriteFailureReason.Dropped);

    public override void KeptForRetry(int lines, WriteFailureReason reason) => DurableLogMessages.KeptForRetry(Reporter.Logger, Reporter.Name, lines, reason);

    public override ValueTask AcceptAsync(ReadOnlySpan<byte> lines, int count, CancellationToken cancellationToken)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(lines.Length);
        lines.CopyTo(bytes);
        return AppendAsync(bytes, lines.Length, count, cancellationToken);
    }

    // Keep the batch for the next start, or delete the segments the server now has all of.
    public override void SettledLocked(WriteBatch batch, bool kept)
    {
        if (kept && batch.Count > batch.Start) _log.Retain(batch.BaseSequence + batch.Start, batch.BaseSequence + batch.Count - 1);
        if (_log.Confirm(Queue.WatermarkLocked()))
        {
            var room = _room;
            _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            room.TrySetResult();
        }
    }

    public override ValueTask DisposeAsync()
    {
        _flushTimer?.Dispose();
        lock (Queue.Gate) _log.Dispose();
        return default;
    }

    // Appends the recovered lines (already on disk) to the queue in order, before any new point; waits for room like a producer.
    private async Task ReplayAsync()
    {
        var recovered = _log.Recovered.ToArray();
        _log.Recovered.Clear();
        try
        {
            foreach (var (payload, count) in recovered)
            {
                int start = 0;
                for (int i = 0; i < count; i++)
                {
                    int end = payload.AsSpan(start).IndexOf((byte)'\n') + start + 1;
                    await Capacity.WaitAsync(Stop).ConfigureAwait(false);
                    if (!Queue.TryAppend(payload.AsSpan(start, end - start)))
                    {
                        Capacity.Release();
                        return;
                    }
                    start = end;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed during the replay: what was not appended stays on disk for the next start.
        }
    }

    // Takes memory slots, waits for disk room, appends the record and queues its lines; returns the pooled bytes.
    private async ValueTask AppendAsync(byte[] bytes, int length, int count, CancellationToken cancellationToken)
    {
        int held = 0;
        try
        {
            if (!_replay.IsCompleted) await _replay.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stop);
            for (; held < count; held++)
            {
                if (Capacity.Wait(0)) continue;
                if (!await WaitOrRefuseAsync(() => Capacity.WaitAsync(linked.Token), bytes, length, Options.MaxBufferedPoints, cancellationToken).ConfigureAwait(false)) return;
            }
            int recordBytes = DurableLog.RecordSize(length);
            while (true)
            {
                Task room;
                bool wake = false;
                lock (Queue.Gate)
                {
                    if (Queue.IsClosed) throw Disposed("The writer is disposed; the points were not accepted.");
                    if (_log.TotalBytes == 0 || _log.TotalBytes + recordBytes <= Options.MaxDurableBytes)
                    {
                        _log.Append(bytes.AsSpan(0, length), count, Queue.NextSequenceLocked, Options.DurableFlushMode == DurableFlushMode.EachWrite);
                        int start = 0;
                        for (int i = 0; i < count; i++)
                        {
                            int end = bytes.AsSpan(start, length - start).IndexOf((byte)'\n') + start + 1;
                            wake |= Queue.AppendLocked(bytes.AsSpan(start, end - start));
                            start = end;
                        }
                        held = 0; // the slots now belong to the queued points
                    }
                    room = _room.Task;
                }
                if (held == 0)
                {
                    if (wake) Queue.Wake();
                    return;
                }
                var max = (int)Math.Min(int.MaxValue, Options.MaxDurableBytes);
                if (!await WaitOrRefuseAsync(() => room.WaitAsync(linked.Token), bytes, length, max, cancellationToken).ConfigureAwait(false)) return;
            }
        }
        finally
        {
            if (held > 0) Capacity.Release(held);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // Applies the backpressure mode when memory or disk is full: waits (true), drops the points (false) or throws.
    private async Task<bool> WaitOrRefuseAsync(Func<Task> wait, byte[] bytes, int length, int capacity, CancellationToken cancellationToken)
    {
        Queue.SealOpen(); // no room: what is buffered goes out now rather than at the flush interval
        switch (Options.BackpressureMode)
        {
            case BackpressureMode.DropNewest:
                DropAll(bytes.AsSpan(0, length), capacity);
                return false;
            case BackpressureMode.Throw:
                throw Full(capacity);
            default:
                try
                {
                    await wait().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw Disposed("The writer was disposed while the points waited for room in the buffer; they were not accepted.");
                }
                return true;
        }
    }
}
