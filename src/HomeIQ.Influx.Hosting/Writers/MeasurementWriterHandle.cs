namespace HomeIQ.Influx.Hosting;

/// <summary>A writer registration the flush service can see without knowing its measurement type.</summary>
internal interface IMeasurementWriterHandle
{
    /// <summary>The measurement type's name, for log messages.</summary>
    string MeasurementType { get; }

    /// <summary>
    /// Brings the writer to rest if the container created it, within <paramref name="cancellationToken"/>: a
    /// <see cref="MeasurementWriter{T}"/> is closed (<see cref="MeasurementWriter{T}.CloseAsync"/>: what it could not write
    /// is in the result, nothing throws); another writer is flushed. Returns <see langword="null"/> (and creates nothing)
    /// when the writer was never created.
    /// </summary>
    Task<FlushResult?> StopAsync(CancellationToken cancellationToken);
}

/// <summary>Remembers the writer instance of one measurement type once the container has created it.</summary>
internal sealed class MeasurementWriterHandle<T> : IMeasurementWriterHandle where T : ILineProtocolPoint<T>
{
    private IMeasurementWriter<T>? _writer;

    public string MeasurementType => typeof(T).FullName ?? typeof(T).Name;

    public void Created(IMeasurementWriter<T> writer) => Volatile.Write(ref _writer, writer);

    // Resolving a writer nobody used just to stop it would start its machinery at shutdown for nothing.
    public async Task<FlushResult?> StopAsync(CancellationToken cancellationToken) => Volatile.Read(ref _writer) switch
    {
        null => null,
        // Closed, not only flushed: the host's deadline then bounds everything, and the container's dispose later finds
        // nothing left to wait for (before, it waited DisposeTimeout more, after the host's own timeout).
        MeasurementWriter<T> writer => await writer.CloseAsync(cancellationToken).ConfigureAwait(false),
        var other => await other.FlushAsync(cancellationToken).ConfigureAwait(false),
    };
}
