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

    /// <summary>Completes when every point accepted so far has been written or reported as failed.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
