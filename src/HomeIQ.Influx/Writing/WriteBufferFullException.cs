namespace HomeIQ.Influx;

/// <summary>Thrown by a writer in <see cref="BackpressureMode.Throw"/> when its buffer is full; the point was not accepted.</summary>
public sealed class WriteBufferFullException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public WriteBufferFullException(string writer, int capacity)
        : base($"The write buffer of writer '{writer}' is full ({capacity} points, BackpressureMode.Throw); the point was not accepted.")
    {
        Writer = writer;
        Capacity = capacity;
    }

    private WriteBufferFullException(string writer, int capacity, string message)
        : base(message)
    {
        Writer = writer;
        Capacity = capacity;
    }

    // The durable buffer's disk limit: the capacity is in bytes, and the message says so.
    internal static WriteBufferFullException DiskFull(string writer, long maxDurableBytes) =>
        new(writer, (int)Math.Min(int.MaxValue, maxDurableBytes), string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"The durable buffer of writer '{writer}' is full (MaxDurableBytes = {maxDurableBytes:N0} bytes, BackpressureMode.Throw); the points were not accepted."));

    /// <summary>The writer's name (see <see cref="WriteOptions.Name"/>).</summary>
    public string Writer { get; }

    /// <summary>The buffer's capacity: <see cref="WriteOptions.MaxBufferedPoints"/>, or for the durable buffer's disk limit <see cref="WriteOptions.MaxDurableBytes"/> (bytes, at most <see cref="int.MaxValue"/>).</summary>
    public int Capacity { get; }
}
