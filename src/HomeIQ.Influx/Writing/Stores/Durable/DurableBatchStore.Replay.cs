
namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>
/// The replay: while the store is in backlog, reads the records that are only on disk back into memory, in order,
/// one record at a time as the memory window frees up, and switches the store back to direct once it has read
/// everything. Damage on the way is reported and skipped; every intact record after it is still read.
/// </summary>
internal sealed partial class DurableBatchStore
{
    // Guarded by Queue.Gate: where the replay stands.
    private Segment? _readSegment;
    private long _readOffset;
    private long _readLsn;       // the LSN of the next line to read into memory
    private long _readExpected;  // the LSN after the last record read (what the reader's checks expect next)
    private long _readLastNumber;
    private byte[] _replayBytes = new byte[64 * 1024];

    private long ReadLsn => _readLsn;

    private Segment? ReadSegment => _readSegment;

    private void StartReplayLocked(Segment segment, long offset, long readLsn, long expectedLsn, long lastNumber, long sinceMs)
    {
        _backlog = true;
        _readSegment = segment;
        _readOffset = offset;
        _readLsn = readLsn;
        _readExpected = expectedLsn;
        _readLastNumber = lastNumber;
        _backlogSinceMs = sinceMs;
        _replay = Task.Run(ReplayAsync);
    }

    private async Task ReplayAsync()
    {
        SegmentReader? reader = null;
        try
        {
            while (true)
            {
                Segment segment;
                Segment? successor;
                long offset, end, expected, lastNumber;
                lock (Queue.Gate)
                {
                    if (Queue.IsClosed) return;
                    segment = _readSegment!;
                    if (_readOffset >= segment.Bytes)
                    {
                        // Lines of this segment never read (damage at its end) are not in the backlog any more.
                        if (segment.EndLsn > _readLsn) _backlogLines -= segment.EndLsn - _readLsn;
                        var next = _log.After(segment);
                        if (next is null)
                        {
                            // Caught up: everything on disk is in memory; producers go to memory directly again.
                            _backlog = false;
                            _readSegment = null;
                            _backlogLines = 0;
                            CompleteQueuedWaitersLocked(long.MaxValue);
                            return;
                        }
                        _readSegment = next;
                        _readOffset = SegmentFormat.FileHeaderSize;
                        _readExpected = next.FirstLsn;
                        _readLastNumber = next.FirstRecord - 1;
                        _readLsn = Math.Max(_readLsn, next.FirstLsn);
                        CompleteQueuedWaitersLocked(_readLsn);
                        continue;
                    }
                    offset = _readOffset;
                    end = segment.Bytes;
                    expected = _readExpected;
                    lastNumber = _readLastNumber;
                    successor = _log.After(segment);
                }

                ReadKind kind;
                try
                {
                    if (reader is null || reader.Path != segment.Path)
                    {
                        reader?.Dispose();
                        reader = new SegmentReader(segment.Path, offset);
                    }
                    reader.Position = offset;
                    kind = reader.Next(end, expected, lastNumber);
                    if (kind == ReadKind.Record)
                    {
                        int length = reader.Header.PayloadLength;
                        if (_replayBytes.Length < length) _replayBytes = new byte[Math.Max(length, _replayBytes.Length * 2)];
                        reader.Payload.CopyTo(_replayBytes);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The disk cannot give the rest of this segment back: it counts as damaged, and the replay goes on.
                    var unreadable = new DamageFound(offset, end, "the file could not be read: " + ex.Message, [], null, Torn: false);
                    SkipDamage(segment, unreadable, expected, lastNumber, successor);
                    reader?.Dispose();
                    reader = null;
                    continue;
                }

                if (kind == ReadKind.End)
                {
                    lock (Queue.Gate) _readOffset = end;
                }
                else if (kind == ReadKind.Damage)
                {
                    SkipDamage(segment, reader.Damage!, expected, lastNumber, successor);
                }
                else
                {
                    var header = reader.Header;
                    long after = reader.Position;
                    if (!await FeedAsync(header).ConfigureAwait(false)) return;
                    lock (Queue.Gate)
                    {
                        _readOffset = after;
                        _readExpected = header.EndLsn;
                        _readLastNumber = header.Number;
                        _readLsn = Math.Max(_readLsn, header.EndLsn);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (Stop.IsCancellationRequested)
        {
            // Stopped while waiting for room: what was not read stays on disk for the next writer.
        }
        finally
        {
            reader?.Dispose();
            // A flush waiting for the backlog goes on to wait for the queue (the writer is closing).
            lock (Queue.Gate)
            {
                if (Queue.IsClosed || Stop.IsCancellationRequested) CompleteQueuedWaitersLocked(long.MaxValue);
            }
        }
    }

    // Reads the lines of one record (in _replayBytes) into the queue, as the window gives room; lines the server had
    // confirmed before this writer started are skipped. False when the writer closed meanwhile.
    private async ValueTask<bool> FeedAsync(RecordHeader header)
    {
        int count = header.LineCount;
        int index;
        lock (Queue.Gate) index = (int)Math.Clamp(_readLsn - header.FirstLsn, 0, count);
        int position = 0;
        for (int i = 0; i < index; i++) position += Array.IndexOf(_replayBytes, (byte)'\n', position, header.PayloadLength - position) - position + 1;
        while (index < count)
        {
            int slots = await TakeReplaySlotsAsync(count - index).ConfigureAwait(false);
            bool wake = false;
            lock (Queue.Gate)
            {
                if (Queue.IsClosed)
                {
                    Capacity.Release(slots);
                    return false;
                }
                _map.Add(Queue.NextSequenceLocked, header.FirstLsn + index, slots, header.AppendedMs);
                for (int i = 0; i < slots; i++)
                {
                    int newline = Array.IndexOf(_replayBytes, (byte)'\n', position, header.PayloadLength - position);
                    int end = newline < 0 ? header.PayloadLength : newline + 1;
                    wake |= Queue.AppendLocked(_replayBytes.AsSpan(position, end - position));
                    position = end;
                }
                index += slots;
                _readLsn = header.FirstLsn + index;
                _backlogLines -= slots;
                CompleteQueuedWaitersLocked(_readLsn);
            }
            if (wake) Queue.Wake();
            // The window is full: what it holds goes out now, not at the flush interval (more may wait on disk).
            if (Capacity.CurrentCount == 0) Queue.SealOpen();
            InfluxTelemetry.DurableReplayed.Add(slots, Reporter.Tag);
        }
        return true;
    }

    // At least one memory slot (waiting for it), and as many more as are free, up to `want`.
    private async ValueTask<int> TakeReplaySlotsAsync(int want)
    {
        int taken = 0;
        while (taken < want && Capacity.Wait(0)) taken++;
        if (taken > 0) return taken;
        Queue.SealOpen(); // memory is full: what is buffered goes out now, not at the flush interval
        await Capacity.WaitAsync(Stop).ConfigureAwait(false);
        taken = 1;
        while (taken < want && Capacity.Wait(0)) taken++;
        return taken;
    }

    // Reports damage (unless the server had confirmed all of it before this writer started) and moves past it.
    private void SkipDamage(Segment segment, DamageFound damage, long expected, long lastNumber, Segment? successor)
    {
        var found = DamageAssessment.Assess(segment, damage, expected, lastNumber, successor, out var lines);
        long damagedEnd = damage.Next?.FirstLsn ?? (found.PointsLost is { } lost ? expected + lost : segment.EndLsn);
        if (damagedEnd <= _confirmedAtOpen) DurableLogMessages.DamageAlreadyDelivered(Reporter.Logger, Reporter.Name, found + ".");
        else Reporter.Damaged(found, lines);
        lock (Queue.Gate)
        {
            _readOffset = damage.End;
            if (damage.Next is { } next)
            {
                _readExpected = next.FirstLsn;
                _readLastNumber = next.Number - 1;
                if (next.FirstLsn > _readLsn)
                {
                    _backlogLines -= next.FirstLsn - _readLsn;
                    _readLsn = next.FirstLsn;
                }
            }
        }
    }

    // Completes the flushes waiting for every line below their target to be in memory.
    private void CompleteQueuedWaitersLocked(long readLsn)
    {
        for (int i = _queuedWaiters.Count - 1; i >= 0; i--)
        {
            if (_queuedWaiters[i].Lsn <= readLsn)
            {
                _queuedWaiters[i].Done.TrySetResult();
                _queuedWaiters.RemoveAt(i);
            }
        }
    }
}
