namespace HomeIQ.Influx.Hosting;

/// <summary>A writer registration the flush service can see without knowing its measurement type.</summary>
internal interface IMeasurementWriterHandle
{
    /// <summary>The measurement type's name, for log messages.</summary>
    string MeasurementType { get; }

    /// <summary>Flushes the writer if the container created it; does nothing (and creates nothing) otherwise.</summary>
    Task FlushIfCreatedAsync(CancellationToken cancellationToken);
}

/// <summary>Remembers the writer instance of one measurement type once the container has created it.</summary>
internal sealed class MeasurementWriterHandle<T> : IMeasurementWriterHandle where T : ILineProtocolPoint<T>
{
    private IMeasurementWriter<T>? _writer;

    public string MeasurementType => typeof(T).FullName ?? typeof(T).Name;

    public void Created(IMeasurementWriter<T> writer) => Volatile.Write(ref _writer, writer);

    // Resolving a writer nobody used just to flush it would start its machinery at shutdown for nothing.
    public Task FlushIfCreatedAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _writer) is { } writer ? writer.FlushAsync(cancellationToken) : Task.CompletedTask;
}
