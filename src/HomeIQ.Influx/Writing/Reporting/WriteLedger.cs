namespace HomeIQ.Influx.Writing.Reporting;

/// <summary>
/// The account a flush returns: every outcome since the previous flush, by kind, and the failures no handler took, with
/// their lines (at most <see cref="FlushResult.MaxRetainedLines"/>, so a writer nobody flushes cannot grow without
/// bound; the counts stay exact). Written counts are added per batch without a lock; failures are rare and locked.
/// </summary>
internal sealed class WriteLedger
{
    private readonly object _gate = new();
    private long _written;
    private long _rejected;
    private long _dropped;
    private long _givenUp;
    private long _kept;
    private List<WriteFailedEventArgs>? _failures;
    private int _retainedLines;

    public void Written(long points) => Interlocked.Add(ref _written, points);

    /// <summary>
    /// Counts a failure (<paramref name="points"/> of it not stored) and keeps it when no handler took it. The first such
    /// failure is always kept, so a result has failures exactly when some loss was not handled.
    /// </summary>
    public void Failed(WriteFailedEventArgs failure, long points, bool handled)
    {
        lock (_gate)
        {
            if (failure.Reason == WriteFailureReason.KeptOnDisk) _kept += points;
            else
            {
                switch (failure.Reason)
                {
                    case WriteFailureReason.Rejected or WriteFailureReason.PartialWriteUnidentified: _rejected += points; break;
                    case WriteFailureReason.Dropped: _dropped += points; break;
                    default: _givenUp += points; break;
                }
            }
            if (handled || failure.Reason == WriteFailureReason.KeptOnDisk || _retainedLines >= FlushResult.MaxRetainedLines) return;
            (_failures ??= []).Add(failure);
            _retainedLines += failure.Lines.Count;
        }
    }

    /// <summary>The account so far, which then starts again from zero.</summary>
    public FlushResult Take(long stillBuffered) => Snapshot(stillBuffered, reset: true);

    /// <summary>The account so far, left as it is.</summary>
    public FlushResult Peek(long stillBuffered) => Snapshot(stillBuffered, reset: false);

    private FlushResult Snapshot(long stillBuffered, bool reset)
    {
        lock (_gate)
        {
            long written = reset ? Interlocked.Exchange(ref _written, 0) : Interlocked.Read(ref _written);
            var result = new FlushResult(written, _rejected, _dropped, _givenUp, _kept, stillBuffered, _failures?.ToArray());
            if (reset)
            {
                _rejected = _dropped = _givenUp = _kept = 0;
                _failures = null;
                _retainedLines = 0;
            }
            return result;
        }
    }
}
