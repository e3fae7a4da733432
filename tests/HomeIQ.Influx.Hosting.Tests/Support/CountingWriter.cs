namespace HomeIQ.Influx.Hosting.Tests;

/// <summary>A writer whose flushes can be observed, or made to fail.</summary>
internal sealed class CountingWriter<T>(Exception? flushFailure = null) : IMeasurementWriter<T> where T : ILineProtocolPoint<T>
{
    private int _flushes;

    public int Flushes => Volatile.Read(ref _flushes);

    public ValueTask WriteAsync(T point, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask WriteAsync(IEnumerable<T> points, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask WriteAsync(ReadOnlyMemory<T> points, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public Task WriteAndConfirmAsync(T point, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task WriteAndConfirmAsync(IEnumerable<T> points, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _flushes);
        return flushFailure is null ? Task.FromResult(FlushResult.Empty) : Task.FromException<FlushResult>(flushFailure);
    }

    public void Dispose()
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
