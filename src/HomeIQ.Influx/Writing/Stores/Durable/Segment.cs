namespace HomeIQ.Influx.Writing.Stores.Durable;

/// <summary>One segment file of the log, as the writer knows it (guarded by the writer's gate).</summary>
internal sealed class Segment(long id, string path, long firstLsn, long firstRecord, long createdMs, bool interval)
{
    public long Id { get; } = id;

    public string Path { get; } = path;

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The LSN of its first line.</summary>
    public long FirstLsn { get; } = firstLsn;

    /// <summary>The LSN after its last line (grows while it is the active segment).</summary>
    public long EndLsn { get; set; } = firstLsn;

    /// <summary>The number of its first record.</summary>
    public long FirstRecord { get; } = firstRecord;

    /// <summary>The number of its last record (<see cref="FirstRecord"/> - 1 while it has none).</summary>
    public long LastRecord { get; set; } = firstRecord - 1;

    /// <summary>Bytes of valid data (header and whole records); records are appended here.</summary>
    public long Bytes { get; set; } = SegmentFormat.FileHeaderSize;

    /// <summary>When it was created (Unix ms).</summary>
    public long CreatedMs { get; } = createdMs;

    /// <summary>Whether it was written in <see cref="DurableFlushMode.Interval"/>: a record in it was acknowledged once written, before any disk flush.</summary>
    public bool Interval { get; } = interval;

    public long Lines => EndLsn - FirstLsn;
}
