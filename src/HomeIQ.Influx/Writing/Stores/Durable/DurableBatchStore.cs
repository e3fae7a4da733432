using System.Buffers;
using HomeIQ.Influx.Telemetry;
using HomeIQ.Influx.Writing.Batching;
using HomeIQ.Influx.Writing.Reporting;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>
/// The durable buffer (<see cref="WriteOptions.DurableBufferPath"/>): every accepted point is appended to the segment
/// log before its <c>WriteAsync</c> completes, and memory holds only a window of them
/// (<see cref="WriteOptions.MaxBufferedPoints"/>).
/// </summary>
/// <remarks>
/// <para>Two states. <b>Direct</b>: a producer appends its record to disk and its lines to the queue in one step under
/// the gate. <b>Backlog</b> (memory full, or points left by an earlier writer): producers append to disk only, and
/// never wait while there is disk room; the replay (<c>DurableBatchStore.Replay.cs</c>) reads the records back in
/// order as the window frees up, and switches back to direct once it has read everything. Both happen under the
/// gate, so queue order is file order.</para>
/// <para>Confirmation: <see cref="LsnMap"/> maps the queue's sequence numbers to LSNs; when the sender settles a batch
/// the first unsettled LSN becomes the checkpoint, written to disk before the sender takes the next batch
/// (<see cref="AfterSettled"/>), and segments wholly below it are deleted. At <see cref="WriteOptions.MaxDurableBytes"/>
/// the <see cref="BackpressureMode"/> applies; <see cref="BackpressureMode.DropOldest"/> drops the oldest segment the
/// replay has not started on.</para>
/// </remarks>
internal sealed partial class DurableBatchStore : BatchStore
{
    // A record holds one call's points, at most this many, so that it stays small next to a segment and a batch.
    private const int MaxPointsPerRecord = 1_000;
    // ...and at most about this many bytes (a call of huge lines is cut into several records at line ends).
    private const int MaxRecordBytes = 1 << 20;

    private readonly DurableLog _log;
    private readonly GroupCommit _commit;
    private readonly Timer? _flushTimer;
    private readonly LsnMap _map = new();
    private readonly object _checkpointLock = new();
    private readonly List<(long Lsn, TaskCompletionSource Done)> _queuedWaiters = [];
    private readonly long _confirmedAtOpen;

    // Guarded by Queue.Gate.
    private volatile bool _backlog;
    private Task _replay = Task.CompletedTask;
    private long _backlogLines;
    private long _backlogSinceMs;
    private long _confirmedLsn;
    private long _frozenAt = long.MaxValue; // a batch kept while stopping: the checkpoint must not pass its first line
    private List<Segment>? _toDelete;
    private TaskCompletionSource _room = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <exception cref="IOException">The folder is in use by another writer, cannot be read, or holds a format this version does not read.</exception>
    public DurableBatchStore(BatchQueue queue, WriteOptions options, WriteReporter reporter, string objectName, CancellationToken stop)
        : base(queue, options, reporter, objectName, stop)
    {
        _log = DurableLog.Open(options.DurableBufferPath!, options.EffectiveDurableSegmentBytes, options.DurableFlushMode == DurableFlushMode.Interval);
        _commit = new GroupCommit(FlushToDisk, () => _log.SyncedLsn, ex => DurableLogMessages.DiskFlushFailed(Reporter.Logger, Reporter.Name, ex));
        _confirmedAtOpen = _confirmedLsn = _log.Checkpoint.ConfirmedLsn;
        if (_log.Checkpoint.WasUnreadable) DurableLogMessages.CheckpointUnreadable(Reporter.Logger, Reporter.Name, _log.Directory);
        foreach (var (damage, lines) in _log.UnreadableAtOpen.Concat(_log.TornAtOpen)) Reporter.Damaged(damage, lines);

        RecoveredPoints = _log.PendingLines(_confirmedLsn);
        if (RecoveredPoints > 0)
        {
            DurableLogMessages.Recovered(Reporter.Logger, Reporter.Name, RecoveredPoints, _log.Segments.Count, _log.Directory);
            var first = _log.Segments.First(s => s.EndLsn > _confirmedLsn);
            _backlogLines = RecoveredPoints;
            StartReplayLocked(first, SegmentFormat.FileHeaderSize, Math.Max(first.FirstLsn, _confirmedLsn), first.FirstLsn, first.FirstRecord - 1, first.CreatedMs);
        }
        if (options.DurableFlushMode == DurableFlushMode.Interval)
        {
            _flushTimer = new Timer(static state => ((DurableBatchStore)state!).FlushOnTimer(), this, options.DurableFlushInterval, options.DurableFlushInterval);
        }
        InfluxTelemetry.RegisterDurable(this, Readings);
    }

    /// <summary>A whole call's points as one record (one disk write, one flush); point by point only for <see cref="BackpressureMode.Throw"/>, whose exception must name the point.</summary>
    public override int LinesPerCall => Options.BackpressureMode == BackpressureMode.Throw ? 1 : MaxPointsPerRecord;

    public override long RecoveredPoints { get; }

    public override long PointsOnlyOnDisk
    {
        get
        {
            lock (Queue.Gate) return Math.Max(0, _backlogLines);
        }
    }

    // One batch at a time: the checkpoint is the first unconfirmed LSN, so batches are confirmed in order, and a new
    // writer replays the log in order.
    public override int MaxConcurrentBatches => 1;

    public override bool KeepsOnDisk => true;

    // Points that were not refused by the server are not lost: they stay on disk.
    public override bool Keeps(WriteFailureReason reason) =>
        reason is not (WriteFailureReason.Rejected or WriteFailureReason.PartialWriteUnidentified or WriteFailureReason.Dropped);

    public override void KeptForRetry(int lines, WriteFailureReason reason) => DurableLogMessages.KeptForRetry(Reporter.Logger, Reporter.Name, lines, reason);

    public override ValueTask AcceptAsync(ReadOnlySpan<byte> lines, int count, CancellationToken cancellationToken)
    {
        long durableAt = 0;
        while (!lines.IsEmpty)
        {
            int length = lines.Length, n = count;
            if (length > MaxRecordBytes && count > 1) (length, n) = CutRecord(lines);
            var outcome = TryAdmit(lines[..length], n, out var endLsn, out var dropped);
            if (dropped is not null) ReportDroppedSegments(dropped);
            switch (outcome)
            {
                case Admission.Appended:
                    durableAt = endLsn;
                    break;
                case Admission.DroppedNew:
                    break;
                default:
                    // No disk room and BackpressureMode.Wait: keep a copy (the caller's buffer is its thread's) and wait.
                    var copy = ArrayPool<byte>.Shared.Rent(lines.Length);
                    lines.CopyTo(copy);
                    return WaitForRoomAsync(copy, lines.Length, count, durableAt, cancellationToken);
            }
            lines = lines[length..];
            count -= n;
        }
        return WaitDurableAsync(durableAt);
    }

    public override Task WaitQueuedAsync()
    {
        lock (Queue.Gate)
        {
            long target = _log.TailLsn;
            if (!_backlog || ReadLsn >= target) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _queuedWaiters.Add((target, done));
            return done.Task;
        }
    }

    // The batch is settled (written, reported, or kept while stopping): the first unsettled line's LSN is the new
    // checkpoint; segments wholly below it can go.
    public override void SettledLocked(WriteBatch batch, bool kept)
    {
        if (kept && batch.Count > batch.Start && _map.TryLsnOf(batch.BaseSequence + batch.Start, out var first)) _frozenAt = Math.Min(_frozenAt, first);
        long confirmed = ConfirmedLocked();
        if (confirmed <= _confirmedLsn) return;
        _confirmedLsn = confirmed;
        var removed = _log.RemoveConfirmed(confirmed, includeActive: false);
        if (removed.Count == 0) return;
        (_toDelete ??= []).AddRange(removed);
        SignalRoomLocked();
    }

    // Before the sender takes the next batch: the checkpoint reaches the disk, so a crash resends at most what is in
    // flight; then the confirmed segments' files are deleted.
    public override void AfterSettled()
    {
        List<Segment>? delete;
        long confirmed;
        lock (Queue.Gate)
        {
            delete = _toDelete;
            _toDelete = null;
            confirmed = _confirmedLsn;
        }
        WriteCheckpoint(confirmed);
        if (delete is not null) DeleteSegments(delete);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_flushTimer is not null) await _flushTimer.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _replay.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopped while it waited for room: what it had not read stays on disk
        }
        long backlog;
        List<Segment> delete;
        lock (Queue.Gate)
        {
            backlog = _backlogLines;
            _confirmedLsn = Math.Max(_confirmedLsn, ConfirmedLocked());
            delete = _log.RemoveConfirmed(_confirmedLsn, includeActive: true);
            if (_toDelete is not null) delete.AddRange(_toDelete);
            _toDelete = null;
            CompleteQueuedWaitersLocked(long.MaxValue);
        }
        WriteCheckpoint(_confirmedLsn, final: true);
        DeleteSegments(delete);
        Reporter.KeptOnDisk([], backlog,
            $"the writer was disposed with {backlog:N0} points only in the durable buffer '{_log.Directory}' (not yet read back into memory); the next writer on the folder sends them.");
        InfluxTelemetry.UnregisterDurable(this);
        _commit.Dispose();
        lock (Queue.Gate) _log.Dispose();
    }

    // ------------------------------------------------------------------ confirmation

    // The LSN below which every line is settled: the first line still in memory, else the first one only on disk.
    private long ConfirmedLocked()
    {
        long confirmed = _map.Settle(Queue.WatermarkLocked()) ?? (_backlog ? ReadLsn : _log.TailLsn);
        return Math.Min(confirmed, _frozenAt);
    }

    // The checkpoint gets the data's care: flushed at once in EachWrite (and at dispose), with the data in Interval.
    private void WriteCheckpoint(long confirmed, bool final = false)
    {
        lock (_checkpointLock)
        {
            try
            {
                if (confirmed > _log.Checkpoint.ConfirmedLsn) _log.Checkpoint.Write(confirmed, flush: final || Options.DurableFlushMode == DurableFlushMode.EachWrite);
                if (final) _log.Checkpoint.FlushIfWritten();
            }
            catch (IOException ex)
            {
                // The previous checkpoint still holds: a crash now resends a little more, nothing is lost.
                DurableLogMessages.CheckpointFailed(Reporter.Logger, Reporter.Name, ex);
            }
        }
    }

    private void DeleteSegments(IReadOnlyCollection<Segment> segments)
    {
        foreach (var (path, error) in _log.DeleteFiles(segments)) DurableLogMessages.DeleteFailed(Reporter.Logger, path, error);
    }

    private void SignalRoomLocked()
    {
        var room = _room;
        _room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        room.TrySetResult();
    }

    // ------------------------------------------------------------------ disk flushes

    // One flush of everything appended so far (the group commit's leader, or the Interval timer).
    private long FlushToDisk()
    {
        Microsoft.Win32.SafeHandles.SafeFileHandle? file;
        long lsn;
        lock (Queue.Gate) (file, lsn) = _log.SyncTarget();
        if (file is not null)
        {
            try
            {
                RandomAccess.FlushToDisk(file);
                InfluxTelemetry.DurableDiskFlushes.Add(1, Reporter.Tag);
            }
            catch (ObjectDisposedException)
            {
                // The segment was closed meanwhile: closing flushed it (or it was confirmed or dropped).
            }
        }
        _log.MarkSynced(lsn);
        lock (_checkpointLock)
        {
            // Interval: checkpoints written since the last flush reach the disk with the data.
            try { _log.Checkpoint.FlushIfWritten(); }
            catch (IOException ex) { DurableLogMessages.CheckpointFailed(Reporter.Logger, Reporter.Name, ex); }
            catch (ObjectDisposedException) { /* the writer is closed: its last checkpoint was flushed at dispose */ }
        }
        return lsn;
    }

    // Interval mode: a flush every DurableFlushInterval when anything was appended since the last one.
    private void FlushOnTimer()
    {
        long tail;
        lock (Queue.Gate) tail = _log.TailLsn;
        if (_log.SyncedLsn < tail) _commit.RequestFlush();
    }

    // ------------------------------------------------------------------ helpers

    private DurableReadings Readings()
    {
        lock (Queue.Gate)
        {
            long now = NowMs();
            long backlog = Math.Max(0, _backlogLines);
            long points = Queue.Buffered + backlog;
            long oldest = _map.OldestAppendedMs ?? (_backlog ? _backlogSinceMs : now);
            return new DurableReadings(Reporter.Tag, _log.TotalBytes, points, backlog, points == 0 ? 0 : Math.Max(0, now - oldest) / 1000.0);
        }
    }

    private bool TakeSlots(int count)
    {
        int taken = 0;
        while (taken < count && Capacity.Wait(0)) taken++;
        if (taken == count) return true;
        if (taken > 0) Capacity.Release(taken);
        return false;
    }

    // Appends each line of a record to the queue; returns whether the sender should wake.
    private bool AppendLinesLocked(ReadOnlySpan<byte> lines)
    {
        bool wake = false;
        while (!lines.IsEmpty)
        {
            int end = lines.IndexOf((byte)'\n') + 1;
            if (end == 0) end = lines.Length;
            wake |= Queue.AppendLocked(lines[..end]);
            lines = lines[end..];
        }
        return wake;
    }

    // The longest run of whole lines up to MaxRecordBytes (at least one line): its length and line count.
    private static (int Length, int Lines) CutRecord(ReadOnlySpan<byte> lines)
    {
        int length = 0, count = 0;
        while (length < lines.Length)
        {
            int end = lines[length..].IndexOf((byte)'\n') + 1;
            if (end == 0) end = lines.Length - length;
            if (count > 0 && length + end > MaxRecordBytes) break;
            length += end;
            count++;
        }
        return (length, count);
    }

    private static string[] LineTexts(ReadOnlySpan<byte> lines)
    {
        var texts = new List<string>();
        while (!lines.IsEmpty)
        {
            int end = lines.IndexOf((byte)'\n') + 1;
            if (end == 0) end = lines.Length;
            texts.Add(WriteReporter.LineText(lines[..end]));
            lines = lines[end..];
        }
        return texts.ToArray();
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}

internal static partial class DurableLogMessages
{
    [LoggerMessage(EventId = LogEvents.DurableRecovered, Level = LogLevel.Information, Message = "Writer {Writer} found {Points} points in {Segments} durable segments in {Directory} that the server has not confirmed; they are sent first, in order, while new points are accepted behind them.")]
    public static partial void Recovered(ILogger logger, string writer, long points, int segments, string directory);

    [LoggerMessage(EventId = LogEvents.DurableDeleteFailed, Level = LogLevel.Warning, Message = "Could not delete the durable segment {Path}; the next writer on the folder deletes it (its points are below the checkpoint or were reported).")]
    public static partial void DeleteFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = LogEvents.DurableKeptForRetry, Level = LogLevel.Warning, Message = "Writer {Writer}: {Lines} points could not be sent ({Reason}); they stay in the durable buffer and are sent again.")]
    public static partial void KeptForRetry(ILogger logger, string writer, int lines, WriteFailureReason reason);

    [LoggerMessage(EventId = LogEvents.DurableCheckpointUnreadable, Level = LogLevel.Warning, Message = "Writer {Writer}: the checkpoint of the durable buffer {Directory} could not be read; every point in the folder is sent again (points with timestamps overwrite themselves).")]
    public static partial void CheckpointUnreadable(ILogger logger, string writer, string directory);

    [LoggerMessage(EventId = LogEvents.DurableDiskFlushFailed, Level = LogLevel.Error, Message = "Writer {Writer}: the durable buffer could not flush its file to disk; its points are in the file and will be sent, but may not survive a power loss.")]
    public static partial void DiskFlushFailed(ILogger logger, string writer, Exception exception);

    [LoggerMessage(EventId = LogEvents.DurableDiskFlushFailed, Level = LogLevel.Warning, Message = "Writer {Writer}: the durable buffer's checkpoint could not be written; the previous one holds, so a crash now would resend a little more.")]
    public static partial void CheckpointFailed(ILogger logger, string writer, Exception exception);

    [LoggerMessage(EventId = LogEvents.DurableDamageAlreadyDelivered, Level = LogLevel.Information, Message = "Writer {Writer}: {Detail} The server had already confirmed these points: nothing is lost.")]
    public static partial void DamageAlreadyDelivered(ILogger logger, string writer, string detail);

    [LoggerMessage(EventId = LogEvents.DurableOverflow, Level = LogLevel.Debug, Message = "Writer {Writer}: its memory window of {Window} points is full; new points go to the durable buffer's files only and are read back in order.")]
    public static partial void Overflow(ILogger logger, string writer, int window);

    [LoggerMessage(EventId = LogEvents.DurableAppendFailed, Level = LogLevel.Error, Message = "Writer {Writer} could not append {Points} points to the durable buffer {Directory}; they were not accepted (the caller gets the exception).")]
    public static partial void AppendFailed(ILogger logger, string writer, int points, string directory, Exception exception);

    [LoggerMessage(EventId = LogEvents.DurableSegmentDropped, Level = LogLevel.Error, Message = "Writer {Writer}: the dropped durable segment {Segment} could not be read to report its points; they are counted, not listed.")]
    public static partial void DroppedUnreadable(ILogger logger, string writer, string segment, Exception exception);
}
