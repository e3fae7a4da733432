namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>
/// For the lines in memory: which LSN each queue sequence number stands for, kept as runs of consecutive lines (a new
/// run starts only where LSNs jump: a dropped segment, lost damaged records, or a new second for the age gauge), so
/// it stays small whatever the window. Guarded by the writer's gate.
/// </summary>
internal sealed class LsnMap
{
    private readonly Queue<Run> _closed = new();
    private Run _open;
    private bool _hasOpen;

    /// <summary>The append time (Unix ms) of the oldest line in memory, or null when there is none.</summary>
    public long? OldestAppendedMs => _closed.TryPeek(out var first) ? first.AppendedMs : _hasOpen ? _open.AppendedMs : null;

    /// <summary>Lines <paramref name="sequence"/>.. (<paramref name="count"/> of them) are LSNs <paramref name="lsn"/>.., appended at <paramref name="appendedMs"/>.</summary>
    public void Add(long sequence, long lsn, long count, long appendedMs)
    {
        if (_hasOpen && _open.Sequence + _open.Count == sequence && _open.Lsn + _open.Count == lsn && _open.AppendedMs / 1000 == appendedMs / 1000)
        {
            _open.Count += count;
            return;
        }
        if (_hasOpen) _closed.Enqueue(_open);
        _open = new Run { Sequence = sequence, Lsn = lsn, Count = count, AppendedMs = appendedMs };
        _hasOpen = true;
    }

    /// <summary>The LSN of queue sequence <paramref name="sequence"/>, when it is still mapped.</summary>
    public bool TryLsnOf(long sequence, out long lsn)
    {
        foreach (var run in _closed)
        {
            if (sequence >= run.Sequence && sequence < run.Sequence + run.Count)
            {
                lsn = run.Lsn + (sequence - run.Sequence);
                return true;
            }
        }
        if (_hasOpen && sequence >= _open.Sequence && sequence < _open.Sequence + _open.Count)
        {
            lsn = _open.Lsn + (sequence - _open.Sequence);
            return true;
        }
        lsn = 0;
        return false;
    }

    /// <summary>
    /// Forgets the lines below queue sequence <paramref name="watermark"/> (settled) and returns the LSN of the first line
    /// still in memory, or null when none is.
    /// </summary>
    public long? Settle(long watermark)
    {
        while (_closed.TryPeek(out var first) && first.Sequence + first.Count <= watermark) _closed.Dequeue();
        if (_closed.Count == 0 && _hasOpen && _open.Sequence + _open.Count <= watermark) _hasOpen = false;
        if (_closed.TryPeek(out var head)) return head.Lsn + Math.Max(0, watermark - head.Sequence);
        if (_hasOpen) return _open.Lsn + Math.Max(0, watermark - _open.Sequence);
        return null;
    }

    private struct Run
    {
        public long Sequence;
        public long Lsn;
        public long Count;
        public long AppendedMs;
    }
}
