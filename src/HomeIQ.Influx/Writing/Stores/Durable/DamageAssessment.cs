namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>Turns damage the reader found into what is reported: how many records and points, and whether they had been acknowledged.</summary>
internal static class DamageAssessment
{
    /// <param name="segment">The damaged segment.</param>
    /// <param name="damage">What the reader found.</param>
    /// <param name="expectedLsn">The LSN the reader had reached (after the last intact record, or the segment's first).</param>
    /// <param name="lastNumber">The number of the last intact record read (the segment's first record - 1 when none).</param>
    /// <param name="successor">The segment after it in the folder, if any.</param>
    /// <param name="lines">The lines of the damaged records whose header could still be read (as read: they may hold the damage).</param>
    public static DurableDamage Assess(Segment segment, DamageFound damage, long expectedLsn, long lastNumber, Segment? successor, out string[] lines)
    {
        long? points;
        long records;
        if (damage.Next is { } next)
        {
            points = next.FirstLsn - expectedLsn;
            records = next.Number - lastNumber - 1;
        }
        else if (successor is not null && successor.Id == segment.Id + 1)
        {
            // Segments are numbered without gaps: the next one starts where this one ended.
            points = successor.FirstLsn - expectedLsn;
            records = successor.FirstRecord - lastNumber - 1;
        }
        else if (Covers(damage))
        {
            points = damage.Readable.Sum(r => (long)r.Header.LineCount);
            records = damage.Readable.Count;
        }
        else
        {
            points = null;
            records = damage.Readable.Count;
        }
        records = Math.Max(1, records);
        if (points < 0) points = null;

        bool? acknowledged;
        if (successor is not null)
        {
            // A segment is flushed to disk before the next one is created: everything in it had reached the disk, so its
            // WriteAsync calls had completed.
            acknowledged = true;
        }
        else if (damage.Next is { } after)
        {
            // The intact record after the damage says how far the log had been flushed when it was written; in Interval
            // mode a later record alone proves the earlier append had completed (and so its WriteAsync).
            acknowledged = after.SyncedThrough >= after.FirstLsn || segment.Interval ? true : null;
        }
        else if (damage.Torn && !segment.Interval)
        {
            // A record cut short at the very end of the newest segment: the append was interrupted, and in EachWrite mode a
            // WriteAsync completes only after its record is whole on disk.
            acknowledged = false;
        }
        else
        {
            acknowledged = null;
        }

        lines = damage.Readable.Where(r => r.Lines is not null).SelectMany(r => r.Lines!).ToArray();
        return new DurableDamage(segment.Name, damage.Start, damage.End, damage.Problem, records, points, acknowledged);
    }

    // The damage is exactly the readable records, back to back (a record's checksum failed, or one was cut short at the end).
    private static bool Covers(DamageFound damage)
    {
        if (damage.Readable.Count == 0 || damage.Readable[0].Offset != damage.Start) return false;
        for (int i = 0; i + 1 < damage.Readable.Count; i++)
        {
            if (damage.Readable[i].Offset + damage.Readable[i].Header.Size != damage.Readable[i + 1].Offset) return false;
        }
        var last = damage.Readable[^1];
        return last.CutShort || last.Offset + last.Header.Size == damage.End;
    }
}
