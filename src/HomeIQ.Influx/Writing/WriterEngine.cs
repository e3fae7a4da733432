using System.Diagnostics.Metrics;
using HomeIQ.Influx.Common;
using HomeIQ.Influx.Writing.Batching;
using HomeIQ.Influx.Writing.Durable;
using HomeIQ.Influx.Writing.Reporting;
using HomeIQ.Influx.Writing.Sending;
using HomeIQ.Influx.Writing.Stores;

namespace HomeIQ.Influx.Writing;

/// <summary>
/// The non-generic body of a <see cref="MeasurementWriter{T}"/>: builds its parts once (the store is chosen here,
/// memory or durable, and never asked about again), and runs its lifecycle: flush, dispose. The parts:
/// <see cref="BatchQueue"/> (open batch, sealing, sequence watermarks, flush waiters), <see cref="BatchStore"/>
/// (admission, backpressure, what is kept), <see cref="BatchSender"/> (the send loop and status rules) and
/// <see cref="WriteReporter"/> (metrics, logs, <c>WriteFailed</c>).
/// </summary>
internal sealed class WriterEngine
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private readonly object _disposeGate = new();
    private Task? _disposeTask;

    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    /// <exception cref="IOException">The durable buffer's folder is in use or cannot be read.</exception>
    public WriterEngine(InfluxClient client, WriteOptions? options, string typeName, string measurementName, object owner)
    {
        ArgumentNullException.ThrowIfNull(client);
        var o = (options ?? new WriteOptions()).Clone();
        OptionsProblems.ThrowIfAny(o.Validate(), $"WriteOptions for the writer of {typeName}", nameof(options));
        Options = o;
        var name = o.Name ?? measurementName;
        ObjectName = $"MeasurementWriter<{typeName}> '{name}'";
        var logger = client.LoggerFactory.CreateLogger("HomeIQ.Influx.MeasurementWriter");
        Reporter = new WriteReporter(name, logger, owner);
        var pipeline = o.ResiliencePipeline ?? InfluxResiliencePipeline.Create(o.Resilience, client.Options.Timeout, logger);
        var writeUri = client.CreateUri(client.GetWritePath(o.Precision));
        Queue = new BatchQueue(o.BatchSize, o.MaxBatchBytes, o.FlushInterval);
        // First, since it may throw (folder in use): nothing is registered or started before it.
        Store = o.DurableBufferPath is null
            ? new MemoryBatchStore(Queue, o, Reporter, ObjectName, _stop.Token)
            : new DurableBatchStore(Queue, o, Reporter, ObjectName, _stop.Token);
        var queue = Queue;
        var tag = Reporter.Tag;
        InfluxTelemetry.RegisterBuffered(this, () => new Measurement<long>(queue.Buffered, tag));
        if (o.OnWriteFailed is { } callback) Reporter.Subscribe((_, e) => callback(e));
        var sender = new BatchSender(client, pipeline, writeUri, Queue, Store, Reporter, _stop.Token);
        _sender = Task.Run(sender.RunAsync);
    }

    public WriteOptions Options { get; }

    public string ObjectName { get; }

    public WriteReporter Reporter { get; }

    public BatchQueue Queue { get; }

    public BatchStore Store { get; }

    /// <summary>Completes when every point accepted so far (recovered ones included) is written or reported.</summary>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        // Points recovered from the durable buffer count as accepted before any new one: flush them too.
        if (!Store.Ready.IsCompleted) return FlushAfterReadyAsync(cancellationToken);
        return Queue.FlushAsync().WaitAsync(cancellationToken);
    }

    public Task DisposeAsync()
    {
        lock (_disposeGate) return _disposeTask ??= DisposeCoreAsync();
    }

    private async Task FlushAfterReadyAsync(CancellationToken cancellationToken)
    {
        await Store.Ready.WaitAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    // Stops accepting, waits up to DisposeTimeout for the buffered points, then stops the sender (what is left is reported
    // as Disposed) and closes the store.
    private async Task DisposeCoreAsync()
    {
        var drained = Queue.Close();
        try
        {
            await drained.WaitAsync(Options.DisposeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            WritingLog.DisposeTimedOut(Reporter.Logger, Reporter.Name, Queue.Buffered, Options.DisposeTimeout.TotalMilliseconds);
        }
        // Stops a send still retrying (its points are reported as Disposed) and wakes producers waiting for room.
        await _stop.CancelAsync().ConfigureAwait(false);
        Queue.Wake();
        await _sender.ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        InfluxTelemetry.UnregisterBuffered(this);
    }
}
