using System.Buffers;

namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>
/// Admission: how a producer's record enters the store (to disk and memory, or to disk only), what happens at the disk
/// limit under each <see cref="BackpressureMode"/>, and how dropped segments are reported.
/// </summary>
internal sealed partial class DurableBatchStore
{
    // ------------------------------------------------------------------ admission

    private enum Admission { Appended, DroppedNew, NoRoom }

    // Appends one record under the gate: to disk and memory (direct), or to disk only (backlog). At the disk limit,
    // DropOldest drops old segments (returned, to be reported outside the gate); the other modes are applied here
    // (DropNewest, Throw) or by the caller (Wait).
    private Admission TryAdmit(ReadOnlySpan<byte> lines, int count, out long endLsn, out List<Segment>? dropped)
    {
        endLsn = 0;
        dropped = null;
        // Memory slots for the direct path, taken all or none; in backlog every point goes to disk only.
        bool slots = !_backlog && TakeSlots(count);
        bool seal = !_backlog && !slots; // memory is full: what is buffered goes out now, not at the flush interval (issue 14)
        long needed = SegmentFormat.RecordHeaderSize + lines.Length;
        bool wake = false;
        var admission = Admission.Appended;
        try
        {
            lock (Queue.Gate)
            {
                if (Queue.IsClosed) throw Disposed("The writer is disposed; the points were not accepted.");
                if (!HasRoomLocked(needed) && Options.BackpressureMode == BackpressureMode.DropOldest) dropped = DropOldestLocked(needed);
                if (!HasRoomLocked(needed))
                {
                    switch (Options.BackpressureMode)
                    {
                        case BackpressureMode.Throw:
                            Reporter.Refused();
                            throw WriteBufferFullException.DiskFull(Reporter.Name, Options.MaxDurableBytes);
                        case BackpressureMode.Wait:
                            seal = true;
                            return Admission.NoRoom;
                        default:
                            // DropNewest, or DropOldest with nothing left that the replay has not started on.
                            admission = Admission.DroppedNew;
                            break;
                    }
                }
                else
                {
                    long now = NowMs();
                    (Segment Segment, long Offset, long FirstLsn) at;
                    try
                    {
                        at = _log.Append(lines, count, now);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        // A full or failing disk: the record is not in the log; the caller hears it, the log says it.
                        DurableLogMessages.AppendFailed(Reporter.Logger, Reporter.Name, count, _log.Directory, ex);
                        throw new IOException($"The durable buffer of writer '{Reporter.Name}' could not write to '{_log.Directory}' ({ex.Message}); the {count} points of this call were not accepted.", ex);
                    }
                    var (segment, offset, firstLsn) = at;
                    endLsn = firstLsn + count;
                    if (slots && !_backlog)
                    {
                        _map.Add(Queue.NextSequenceLocked, firstLsn, count, now);
                        wake = AppendLinesLocked(lines);
                        slots = false; // they belong to the queued lines now
                    }
                    else
                    {
                        if (!_backlog)
                        {
                            DurableLogMessages.Overflow(Reporter.Logger, Reporter.Name, Options.MaxBufferedPoints);
                            StartReplayLocked(segment, offset, firstLsn, firstLsn, segment.LastRecord - 1, now);
                        }
                        _backlogLines += count;
                    }
                }
            }
        }
        finally
        {
            if (slots) Capacity.Release(count);
            if (seal) Queue.SealOpen(); // outside the gate
        }
        if (wake) Queue.Wake();
        if (admission == Admission.DroppedNew)
        {
            // Outside the gate: a handler may write.
            Reporter.DroppedTogether(LineTexts(lines), count, Options.BackpressureMode,
                $"the durable buffer holds MaxDurableBytes ({Options.MaxDurableBytes:N0} bytes); these new points were dropped.");
        }
        return admission;
    }

    private async ValueTask WaitForRoomAsync(byte[] copy, int length, int count, long durableAt, CancellationToken cancellationToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stop);
            int offset = 0;
            while (offset < length)
            {
                int recordLength = length - offset, n = count;
                if (recordLength > MaxRecordBytes && count > 1) (recordLength, n) = CutRecord(copy.AsSpan(offset, length - offset));
                Task room;
                lock (Queue.Gate) room = _room.Task;
                var outcome = TryAdmit(copy.AsSpan(offset, recordLength), n, out var endLsn, out var dropped);
                if (dropped is not null) ReportDroppedSegments(dropped);
                if (outcome == Admission.NoRoom)
                {
                    try
                    {
                        await room.WaitAsync(linked.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw Disposed("The writer was disposed while the points waited for room in the durable buffer; they were not accepted.");
                    }
                    continue;
                }
                if (outcome == Admission.Appended) durableAt = endLsn;
                offset += recordLength;
                count -= n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
        await WaitDurableAsync(durableAt).ConfigureAwait(false);
    }

    // EachWrite: completes once the records are on disk (group commit). Interval: at once (the timer flushes).
    private ValueTask WaitDurableAsync(long lsn) =>
        lsn == 0 || Options.DurableFlushMode == DurableFlushMode.Interval ? default : _commit.WaitAsync(lsn);

    private bool HasRoomLocked(long needed) =>
        _log.TotalBytes == 0 || _log.TotalBytes + needed + SegmentFormat.FileHeaderSize <= Options.MaxDurableBytes;

    // DropOldest at the disk limit: removes the oldest segments the replay has not started on until the record fits.
    private List<Segment>? DropOldestLocked(long needed)
    {
        List<Segment>? dropped = null;
        while (!HasRoomLocked(needed) && _backlog && ReadSegment is { } reading && _log.After(reading) is { } victim)
        {
            _log.Remove(victim);
            _backlogLines -= victim.Lines;
            (dropped ??= []).Add(victim);
        }
        if (dropped is not null) SignalRoomLocked();
        return dropped;
    }

    // The dropped segments' points, read from their files (still there), go to the handlers; then the files go.
    private void ReportDroppedSegments(List<Segment> dropped)
    {
        foreach (var segment in dropped)
        {
            var lines = new List<string>();
            try
            {
                using var reader = new SegmentReader(segment.Path, SegmentFormat.FileHeaderSize);
                long expected = segment.FirstLsn, lastNumber = segment.FirstRecord - 1, end = reader.Length;
                while (reader.Next(end, expected, lastNumber) is var kind && kind != ReadKind.End)
                {
                    if (kind == ReadKind.Record)
                    {
                        lines.AddRange(reader.PayloadLines());
                        expected = reader.Header.EndLsn;
                        lastNumber = reader.Header.Number;
                    }
                    else
                    {
                        var damage = DamageAssessment.Assess(segment, reader.Damage!, expected, lastNumber, null, out var damagedLines);
                        Reporter.Damaged(damage, damagedLines);
                        if (reader.Damage!.Next is { } next) (expected, lastNumber) = (next.FirstLsn, next.Number - 1);
                    }
                }
            }
            catch (IOException ex)
            {
                DurableLogMessages.DroppedUnreadable(Reporter.Logger, Reporter.Name, segment.Name, ex);
            }
            Reporter.DroppedTogether(lines.ToArray(), Math.Max(lines.Count, segment.Lines), BackpressureMode.DropOldest,
                $"the durable buffer holds MaxDurableBytes ({Options.MaxDurableBytes:N0} bytes); its oldest segment not yet read back, {segment.Name} with {segment.Lines:N0} points, was dropped.");
        }
        DeleteSegments(dropped);
    }
}
