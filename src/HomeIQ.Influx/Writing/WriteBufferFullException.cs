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

    /// <summary>The writer's name (see <see cref="WriteOptions.Name"/>).</summary>
    public string Writer { get; }

    /// <summary>The buffer's capacity (<see cref="WriteOptions.MaxBufferedPoints"/>).</summary>
    public int Capacity { get; }
}
