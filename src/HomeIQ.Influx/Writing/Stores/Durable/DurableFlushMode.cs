namespace HomeIQ.Influx;

/// <summary>When points appended to the durable buffer (<see cref="WriteOptions.DurableBufferPath"/>) are forced to disk.</summary>
public enum DurableFlushMode
{
    /// <summary>
    /// Every <c>WriteAsync</c> call appends its points as one checksummed record and completes once the record is
    /// flushed to the disk (<c>fsync</c>) (the default): an acknowledged point survives a process crash and a power loss.
    /// Calls that arrive while a flush runs share the next one (group commit), so many producers pay for few flushes;
    /// a single producer pays one flush per call: write many points per call (<c>WriteAsync(ReadOnlyMemory&lt;T&gt;)</c>) for speed.
    /// </summary>
    EachWrite = 0,
    /// <summary>
    /// A call completes once its record is written to the file (so it survives a process crash), and the file is
    /// flushed to the disk every <see cref="WriteOptions.DurableFlushInterval"/>: much faster for single points, but a
    /// power loss can cost the points acknowledged within the last interval.
    /// </summary>
    Interval = 1,
}
