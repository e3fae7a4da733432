namespace HomeIQ.Influx;

/// <summary>When points appended to the durable buffer (<see cref="WriteOptions.DurableBufferPath"/>) are forced to disk.</summary>
public enum DurableFlushMode
{
    /// <summary>
    /// Every <c>WriteAsync</c> call appends its points as one checksummed record and flushes it to the disk
    /// (<c>fsync</c>) before it completes (the default): an acknowledged point survives a process crash and a power
    /// loss. Costs one disk flush per call; write many points per call (<c>WriteAsync(ReadOnlyMemory&lt;T&gt;)</c>) for speed.
    /// </summary>
    EachWrite = 0,
    /// <summary>
    /// Records are appended to the file's buffer and flushed to the disk every <see cref="WriteOptions.DurableFlushInterval"/>:
    /// much faster, but points acknowledged within the last interval can be lost by a crash.
    /// </summary>
    Interval = 1,
}
