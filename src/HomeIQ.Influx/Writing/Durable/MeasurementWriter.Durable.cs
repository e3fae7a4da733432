using System.Buffers;
using System.Text;

namespace HomeIQ.Influx;

// The durable buffer (WriteOptions.DurableBufferPath): every accepted point is appended to the segment log before its
// WriteAsync completes, recovered points are replayed before new ones, and segments go once the server has them.
public partial class MeasurementWriter<T>
{
    // Durable records hold at most this many points, so one call's record never needs all of MaxBufferedPoints.
    private const int MaxPointsPerRecord = 1_000;

    private DurableLog? _durable;
    private Task _replay = Task.CompletedTask;
    private TaskCompletionSource _durableRoom = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Timer? _durableFlushTimer;
    // Set by Fail when the batch being sent could not be delivered for a reason that keeps it in the durable log.
    private bool _keepInFlight;

    private TimeSpan DurableRetryDelay =>
        _options.Resilience is { } r && r.MaxRetryDelay > TimeSpan.Zero ? r.MaxRetryDelay : TimeSpan.FromSeconds(1);

    /// <summary>Points recovered from the durable buffer when this writer started (0 without one).</summary>
    public long RecoveredPoints { get; private set; }

    private void OpenDurable()
    {
        var o = _options;
        long segmentBytes = Math.Clamp(o.MaxDurableBytes / 8, 64 * 1024, 64L * 1024 * 1024);
        _durable = DurableLog.Open(o.DurableBufferPath!, segmentBytes, _logger, Name);
        RecoveredPoints = _durable.RecoveredLines;
        if (o.DurableFlushMode == DurableFlushMode.Interval)
        {
            _durableFlushTimer = new Timer(static state =>
            {
                var writer = (MeasurementWriter<T>)state!;
                lock (writer._gate)
                {
                    try { writer._durable?.FlushToDisk(); }
                    catch (IOException) { /* the next flush or append reports the disk's trouble */ }
                }
            }, this, o.DurableFlushInterval, o.DurableFlushInterval);
        }
    }

    // Commits the recovered lines (already on disk) in order, before any new point; waits for room like a producer.
    private async Task ReplayAsync()
    {
        var recovered = _durable!.Recovered.ToArray();
        _durable.Recovered.Clear();
        try
        {
            await ReplayCoreAsync(recovered).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed during the replay: what was not committed stays on disk for the next start.
        }
    }

    private async Task ReplayCoreAsync((byte[] Payload, int Count)[] recovered)
    {
        foreach (var (payload, count) in recovered)
        {
            int start = 0;
            for (int i = 0; i < count; i++)
            {
                int end = payload.AsSpan(start).IndexOf((byte)'\n') + start + 1;
                await _capacity.WaitAsync(_stop.Token).ConfigureAwait(false);
                Commit(payload.AsSpan(start, end - start), slotHeld: true);
                start = end;
            }
        }
    }

    private async Task FlushAfterReplayAsync(CancellationToken cancellationToken)
    {
        await _replay.WaitAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private ValueTask WriteDurableAsync(in T point, CancellationToken cancellationToken)
    {
        var line = Serialize(in point);
        var bytes = ArrayPool<byte>.Shared.Rent(line.WrittenCount);
        line.WrittenSpan.CopyTo(bytes);
        return AppendDurableAsync(bytes, line.WrittenCount, 1, cancellationToken);
    }

    private async ValueTask WriteDurableAsync(IEnumerable<T> points, CancellationToken cancellationToken)
    {
        if (_options.BackpressureMode != BackpressureMode.Wait)
        {
            // Drop and throw decide per point.
            foreach (var point in points) await WriteDurableAsync(point, cancellationToken).ConfigureAwait(false);
            return;
        }
        var record = new ArrayBufferWriter<byte>(64 * 1024);
        int count = 0;
        foreach (var point in points)
        {
            ArrayBufferWriter<byte> line;
            try
            {
                line = Serialize(in point);
            }
            catch (LineProtocolException)
            {
                // As without a durable buffer: the points before the bad one stay accepted.
                if (count > 0) await AppendRecordAsync(record, count, cancellationToken).ConfigureAwait(false);
                throw;
            }
            record.Write(line.WrittenSpan);
            if (++count == Math.Min(MaxPointsPerRecord, _options.MaxBufferedPoints))
            {
                await AppendRecordAsync(record, count, cancellationToken).ConfigureAwait(false);
                record.ResetWrittenCount();
                count = 0;
            }
        }
        if (count > 0) await AppendRecordAsync(record, count, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask AppendRecordAsync(ArrayBufferWriter<byte> record, int count, CancellationToken cancellationToken)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(record.WrittenCount);
        record.WrittenSpan.CopyTo(bytes);
        return AppendDurableAsync(bytes, record.WrittenCount, count, cancellationToken);
    }

    // Takes memory slots, waits for disk room, appends the record and commits its lines; returns the pooled bytes.
    private async ValueTask AppendDurableAsync(byte[] bytes, int length, int count, CancellationToken cancellationToken)
    {
        int held = 0;
        try
        {
            if (!_replay.IsCompleted) await _replay.WaitAsync(cancellationToken).ConfigureAwait(false);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            for (; held < count; held++)
            {
                if (_capacity.Wait(0)) continue;
                if (!await WaitOrRefuseAsync(() => _capacity.WaitAsync(linked.Token), bytes, length, _options.MaxBufferedPoints, cancellationToken).ConfigureAwait(false)) return;
            }
            int recordBytes = DurableLog.RecordSize(length);
            while (true)
            {
                Task room;
                bool wake = false;
                lock (_gate)
                {
                    if (_closed) throw new ObjectDisposedException(ToString(), "The writer is disposed; the points were not accepted.");
                    var log = _durable!;
                    if (log.TotalBytes == 0 || log.TotalBytes + recordBytes <= _options.MaxDurableBytes)
                    {
                        log.Append(bytes.AsSpan(0, length), count, _accepted, _options.DurableFlushMode == DurableFlushMode.EachWrite);
                        int start = 0;
                        for (int i = 0; i < count; i++)
                        {
                            int end = bytes.AsSpan(start, length - start).IndexOf((byte)'\n') + start + 1;
                            wake |= CommitLocked(bytes.AsSpan(start, end - start));
                            start = end;
                        }
                        held = 0; // the slots now belong to the committed points
                    }
                    room = _durableRoom.Task;
                }
                if (held == 0)
                {
                    if (wake) _wake.Writer.TryWrite(true);
                    return;
                }
                var max = (int)Math.Min(int.MaxValue, _options.MaxDurableBytes);
                if (!await WaitOrRefuseAsync(() => room.WaitAsync(linked.Token), bytes, length, max, cancellationToken).ConfigureAwait(false)) return;
            }
        }
        finally
        {
            if (held > 0) _capacity.Release(held);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    // Applies the backpressure mode when memory or disk is full: waits (true), drops the points (false) or throws.
    private async Task<bool> WaitOrRefuseAsync(Func<Task> wait, byte[] bytes, int length, int capacity, CancellationToken cancellationToken)
    {
        switch (_options.BackpressureMode)
        {
            case BackpressureMode.DropNewest:
                foreach (var line in Encoding.UTF8.GetString(bytes, 0, length).Split('\n', StringSplitOptions.RemoveEmptyEntries)) ReportDropped(line);
                return false;
            case BackpressureMode.Throw:
                InfluxTelemetry.PointsDropped.Add(1, _writerTag, new("reason", "buffer_full_throw"));
                throw new WriteBufferFullException(Name, capacity);
            default:
                try
                {
                    await wait().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ObjectDisposedException(ToString(), "The writer was disposed while the points waited for room in the buffer; they were not accepted.");
                }
                return true;
        }
    }

    // Called under the lock when the sender settled a batch: keep it for the next start or delete what the server has.
    private void SettleDurableLocked(WriteBatch batch, bool keep)
    {
        if (_durable is null) return;
        if (keep && batch.Count > batch.Start) _durable.Retain(batch.BaseSequence + batch.Start, batch.BaseSequence + batch.Count - 1);
        if (_durable.Confirm(WatermarkLocked()))
        {
            var room = _durableRoom;
            _durableRoom = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            room.TrySetResult();
        }
    }

    private void CloseDurable()
    {
        _durableFlushTimer?.Dispose();
        lock (_gate) _durable?.Dispose();
    }

    // With a durable buffer, points that were not refused by the server are not lost: they stay on disk.
    private static bool IsKeptByDurableLog(WriteFailureReason reason) =>
        reason is not (WriteFailureReason.Rejected or WriteFailureReason.PartialWriteUnidentified or WriteFailureReason.Dropped);
}
