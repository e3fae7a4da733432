namespace HomeIQ.Influx;

/// <summary>
/// Writes points of one measurement type to InfluxDB in batches. The generated <c>{Type}Writer</c> implements it;
/// depend on this interface so that your own tests can use a fake (for example <c>RecordingMeasurementWriter&lt;T&gt;</c>
/// from HomeIQ.Influx.Testing).
/// </summary>
/// <typeparam name="T">The measurement type.</typeparam>
public interface IMeasurementWriter<T> : IAsyncDisposable, IDisposable where T : ILineProtocolPoint<T>
{
    /// <summary>Accepts one point for writing; completes when it is buffered (waiting for room when the buffer is full, by default).</summary>
    ValueTask WriteAsync(T point, CancellationToken cancellationToken = default);

    /// <summary>Accepts several points for writing, in order.</summary>
    ValueTask WriteAsync(IEnumerable<T> points, CancellationToken cancellationToken = default);

    /// <summary>Accepts several points for writing, in order.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<T> points, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="point"/> now, in its own request, and completes when the server has stored it; throws
    /// <see cref="InfluxWriteException"/> (with the status, the server's message and the line) when it has not.
    /// </summary>
    Task WriteAndConfirmAsync(T point, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes <paramref name="points"/> now, in their own request (split when the server says it is too large), and
    /// completes when the server has stored every one; throws <see cref="InfluxWriteException"/> with the points it did
    /// not store (their lines, the status, the server's message, and how many were stored) when it has not.
    /// </summary>
    Task WriteAndConfirmAsync(IEnumerable<T> points, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until every point accepted so far has been written or given up, and returns what happened to the points
    /// since the previous flush. Throws <see cref="InfluxWriteException"/> when some were lost and no failure handler
    /// took them, or when the wait is cut short (a timeout, or a configuration the server refuses).
    /// </summary>
    Task<FlushResult> FlushAsync(CancellationToken cancellationToken = default);
}
