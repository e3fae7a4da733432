using HomeIQ.Influx.Writing.Batching;
using HomeIQ.Influx.Writing.Reporting;

namespace HomeIQ.Influx.Writing.Stores;

/// <summary>
/// Where a writer keeps accepted points until the server has them, chosen once when the writer is created (the
/// strategy pattern of <c>System.Threading.Channels</c>' bounded and unbounded channels): <see cref="MemoryBatchStore"/>,
/// or <see cref="Durable.DurableBatchStore"/> when <see cref="WriteOptions.DurableBufferPath"/> is set. A store decides
/// how points are admitted (memory slots, disk room, the <see cref="BackpressureMode"/>), which failures it keeps for
/// another attempt, and what happens when the sender has settled a batch. The lines themselves go to the
/// <see cref="BatchQueue"/>, in order.
/// </summary>
internal abstract class BatchStore : IAsyncDisposable
{
    protected BatchStore(BatchQueue queue, WriteOptions options, WriteReporter reporter, string objectName, CancellationToken stop)
    {
        Queue = queue;
        Options = options;
        Reporter = reporter;
        ObjectName = objectName;
        Stop = stop;
        Capacity = new SemaphoreSlim(options.MaxBufferedPoints, options.MaxBufferedPoints);
    }

    /// <summary>How many lines the writer may hand over in one <see cref="AcceptAsync"/> call (1: point by point).</summary>
    public virtual int LinesPerCall => 1;

    /// <summary>
    /// Completes once every point accepted before the call is in the <see cref="BatchQueue"/>, so that a flush can wait
    /// for it there. At once for the memory store; the durable store holds points only on disk while memory is full
    /// (and those an earlier writer left), and reads them back in order.
    /// </summary>
    public virtual Task WaitQueuedAsync() => Task.CompletedTask;

    /// <summary>Points recovered from an earlier writer when this store opened.</summary>
    public virtual long RecoveredPoints => 0;

    /// <summary>Accepted points held only on disk, not yet in the <see cref="BatchQueue"/> (the durable store's backlog): still to be sent, as the queued ones.</summary>
    public virtual long PointsOnlyOnDisk => 0;

    /// <summary>How many batches the sender may have on their way at once (<see cref="WriteOptions.MaxConcurrentBatches"/>).</summary>
    public virtual int MaxConcurrentBatches => Options.MaxConcurrentBatches;

    /// <summary>How long the sender waits before sending a kept batch again: <see cref="InfluxResilienceOptions.MaxRetryDelay"/>.</summary>
    public virtual TimeSpan RetryDelay =>
        Options.Resilience is { } r && r.MaxRetryDelay > TimeSpan.Zero ? r.MaxRetryDelay : TimeSpan.FromSeconds(1);

    /// <summary>Whether what this store keeps survives the writer (on disk, for the next writer on the folder): kept points are then not lost when the writer closes.</summary>
    public virtual bool KeepsOnDisk => false;

    protected BatchQueue Queue { get; }

    protected WriteOptions Options { get; }

    protected WriteReporter Reporter { get; }

    /// <summary>The writer's description for <see cref="ObjectDisposedException"/>.</summary>
    protected string ObjectName { get; }

    /// <summary>Cancelled when the writer stops (after its dispose timeout): waits for room end then.</summary>
    protected CancellationToken Stop { get; }

    /// <summary>The memory window: one slot per buffered point (<see cref="WriteOptions.MaxBufferedPoints"/>), freed when the sender settles a batch.</summary>
    protected SemaphoreSlim Capacity { get; }

    /// <summary>
    /// Accepts <paramref name="count"/> complete lines (each ending in <c>\n</c>) that the caller serialized, or applies
    /// the <see cref="BackpressureMode"/> when there is no room. The lines are copied before any wait.
    /// </summary>
    /// <exception cref="WriteBufferFullException">No room and <see cref="BackpressureMode.Throw"/>.</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed; the lines were not accepted.</exception>
    public abstract ValueTask AcceptAsync(ReadOnlySpan<byte> lines, int count, CancellationToken cancellationToken);

    /// <summary>
    /// Whether a batch that failed for <paramref name="reason"/> stays in this store to be sent again. Every store keeps
    /// <see cref="WriteFailureReason.Configuration"/> (401/403/404): the writer is faulted and refuses new points, and the
    /// kept batch, sent again every <see cref="RetryDelay"/>, is what finds the server taking writes again.
    /// </summary>
    public virtual bool Keeps(WriteFailureReason reason) => reason == WriteFailureReason.Configuration;

    /// <summary>Says that <paramref name="lines"/> points were kept for another attempt (instead of being reported).</summary>
    public virtual void KeptForRetry(int lines, WriteFailureReason reason)
    {
    }

    /// <summary>Called under the queue's gate once the sender has settled <paramref name="batch"/> (kept, or written and reported).</summary>
    public virtual void SettledLocked(WriteBatch batch, bool kept)
    {
    }

    /// <summary>
    /// Called on the sender's thread once per settled batch, after the gate is released and before the sender takes
    /// another batch: the durable store writes its checkpoint here, so a crash resends at most the batches in flight.
    /// </summary>
    public virtual void AfterSettled()
    {
    }

    /// <summary>The settled batch's points left memory: their slots are free again.</summary>
    public void Release(int points)
    {
        if (points > 0) Capacity.Release(points);
    }

    public virtual ValueTask DisposeAsync() => default;

    /// <summary>Reports each of <paramref name="lines"/> as dropped (<see cref="BackpressureMode.DropNewest"/>).</summary>
    protected void DropAll(ReadOnlySpan<byte> lines, int capacity)
    {
        while (!lines.IsEmpty)
        {
            int end = lines.IndexOf((byte)'\n') + 1;
            if (end == 0) end = lines.Length;
            Reporter.Dropped(WriteReporter.LineText(lines[..end]), Options.BackpressureMode, capacity);
            lines = lines[end..];
        }
    }

    /// <summary>The exception of <see cref="BackpressureMode.Throw"/>, counted.</summary>
    protected WriteBufferFullException Full(int capacity)
    {
        Reporter.Refused();
        return new WriteBufferFullException(Reporter.Name, capacity);
    }

    protected ObjectDisposedException Disposed(string message) => new(ObjectName, message);
}
