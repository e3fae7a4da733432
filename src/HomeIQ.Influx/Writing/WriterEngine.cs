using System.Diagnostics.Metrics;
using System.Globalization;
using HomeIQ.Influx.Common;
using HomeIQ.Influx.Writing.Batching;
using HomeIQ.Influx.Writing.Lifetime;
using HomeIQ.Influx.Writing.Reporting;
using HomeIQ.Influx.Writing.Sending;
using HomeIQ.Influx.Writing.Stores;
using HomeIQ.Influx.Writing.Stores.Durable;

namespace HomeIQ.Influx.Writing;

/// <summary>
/// The non-generic body of a <see cref="MeasurementWriter{T}"/>: builds its parts once (the store is chosen here,
/// memory or durable, and never asked about again), and runs its lifecycle: flush, close, dispose. The parts:
/// <see cref="BatchQueue"/> (open batch, sealing, sequence watermarks, flush waiters), <see cref="BatchStore"/>
/// (admission, backpressure, what is kept), <see cref="BatchSender"/> (the send workers and status rules),
/// <see cref="WriteReporter"/> (metrics, logs, <c>WriteFailed</c>, the account a flush returns) and
/// <see cref="WriterFault"/> (a configuration the server refuses).
/// </summary>
/// <remarks>Every wait here is bounded: a flush by <see cref="WriteOptions.FlushTimeout"/>, a close by
/// <see cref="WriteOptions.DisposeTimeout"/> or its token, and both stop waiting at once when the writer is faulted.</remarks>
internal sealed class WriterEngine
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    private readonly object _closeGate = new();
    private Task<FlushResult>? _closeTask;

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
        Fault = new WriterFault(Reporter, client.Options);
        var pipeline = o.ResiliencePipeline ?? InfluxResiliencePipeline.Create(o.Resilience, client.Options.Timeout, logger);
        var writeUri = client.CreateUri(client.GetWritePath(o.Precision));
        Queue = new BatchQueue(o.BatchSize, o.MaxBatchBytes, o.FlushInterval);
        // The callback first: the durable store reports damage it finds while it opens its folder.
        if (o.OnWriteFailed is { } callback) Reporter.Subscribe((_, e) => callback(e));
        // Before anything is registered or started, since it may throw (folder in use).
        Store = o.DurableBufferPath is null
            ? new MemoryBatchStore(Queue, o, Reporter, ObjectName, _stop.Token)
            : new DurableBatchStore(Queue, o, Reporter, ObjectName, _stop.Token);
        var queue = Queue;
        var tag = Reporter.Tag;
        InfluxTelemetry.RegisterBuffered(this, () => new Measurement<long>(queue.Buffered, tag));
        Sender = new BatchSender(client, pipeline, writeUri, Queue, Store, Reporter, Fault, Store.MaxConcurrentBatches, _stop.Token);
        _sender = Task.Run(Sender.RunAsync);
        if (o.FlushOnProcessExit) ProcessExitFlusher.Register(this);
    }

    public WriteOptions Options { get; }

    public string ObjectName { get; }

    public WriteReporter Reporter { get; }

    public WriterFault Fault { get; }

    public BatchQueue Queue { get; }

    public BatchStore Store { get; }

    public BatchSender Sender { get; }

    /// <summary>Points accepted and not yet written or reported: those in memory, and those a durable store holds only on disk.</summary>
    public long StillBuffered => Queue.Buffered + Store.PointsOnlyOnDisk;

    /// <summary>Whether <see cref="CloseAsync"/> (or dispose) has begun.</summary>
    public bool IsClosing => Volatile.Read(ref _closeTask) is not null;

    /// <summary>
    /// Waits until every point accepted so far (recovered ones included) is written or reported, then returns the account
    /// since the previous flush; throws when points were lost that no handler took, when the writer is faulted, or when
    /// <see cref="WriteOptions.FlushTimeout"/> passes first.
    /// </summary>
    public async Task<FlushResult> FlushAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = FlushAcceptedAsync();
        if (!done.IsCompleted)
        {
            var faulted = Fault.WhenFaulted;
            // A faulted writer's held points go nowhere until the server takes the configuration: say so now.
            if (!faulted.IsCompleted)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timeout = Task.Delay(Options.FlushTimeout, wait.Token);
                await Task.WhenAny(done, faulted, timeout).ConfigureAwait(false);
                await wait.CancelAsync().ConfigureAwait(false);
            }
            if (!done.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var partial = Reporter.Ledger.Take(StillBuffered);
                throw faulted.IsCompleted ? Fault.FlushException(partial) : TimedOut(partial);
            }
        }
        await done.ConfigureAwait(false);
        var result = Reporter.Ledger.Take(0);
        if (Reporter.LossOrNull(result, "since the last flush") is { } loss) throw loss;
        return result;
    }

    /// <summary>
    /// Stops accepting points, waits for the buffered ones until <see cref="WriteOptions.DisposeTimeout"/> passes,
    /// <paramref name="cancellationToken"/> is cancelled or the writer is faulted, then stops the sender (what is left is
    /// given up, or kept on disk with a durable buffer, and reported) and returns the final account. Never throws for
    /// points that were not written: they are in the result. The first call decides; later calls return its task.
    /// </summary>
    public Task<FlushResult> CloseAsync(CancellationToken cancellationToken)
    {
        lock (_closeGate) return _closeTask ??= CloseCoreAsync(cancellationToken);
    }

    /// <summary><see cref="CloseAsync"/> without a token, then the loss as an exception when no handler took it; a second dispose does nothing.</summary>
    public async Task DisposeAsync()
    {
        bool first;
        Task<FlushResult> closing;
        lock (_closeGate)
        {
            first = _closeTask is null;
            closing = _closeTask ??= CloseCoreAsync(CancellationToken.None);
        }
        var result = await closing.ConfigureAwait(false);
        // Only the dispose that closed the writer reports: whoever called CloseAsync first has the result.
        if (first && Reporter.LossOrNull(result, "when it was disposed") is { } loss) throw loss;
    }

    /// <summary>
    /// For a stop signal: flushes until nothing is buffered or <see cref="WriteOptions.ProcessExitTimeout"/> passes, and
    /// returns what the user must hear (points still buffered, losses nobody handled), or <see langword="null"/>.
    /// Never throws; consumes nothing (the process may go on, and the next flush still reports).
    /// </summary>
    public async Task<string?> FlushForExitAsync(string why)
    {
        if (IsClosing) return null;
        using var deadline = new CancellationTokenSource(Options.ProcessExitTimeout);
        // Producers may still be writing: flush again while points remain and time is left.
        while (StillBuffered > 0 && !deadline.IsCancellationRequested && !Fault.IsFaulted)
            await Task.WhenAny(FlushAcceptedAsync(), Fault.WhenFaulted, Task.Delay(Timeout.Infinite, deadline.Token)).ConfigureAwait(false);
        long left = StillBuffered;
        var account = Reporter.Ledger.Peek(left);
        if (left == 0 && account.Failures.Count == 0) return null;
        var text = string.Create(CultureInfo.InvariantCulture, $"HomeIQ.Influx: {why}: writer '{Reporter.Name}'");
        if (left > 0)
        {
            text += Store.KeepsOnDisk
                ? string.Create(CultureInfo.InvariantCulture, $" could not send {left:N0} buffered points within {Options.ProcessExitTimeout.TotalSeconds:0.###} s (ProcessExitTimeout); they stay in the durable buffer for the next start.")
                : string.Create(CultureInfo.InvariantCulture, $" could not write {left:N0} buffered points within {Options.ProcessExitTimeout.TotalSeconds:0.###} s (ProcessExitTimeout); they are lost if the process stops now.");
            text += " " + Why();
        }
        if (account.Failures.Count > 0)
            text += string.Create(CultureInfo.InvariantCulture, $" Since its last flush it also lost {account.Lost:N0} points ({account}).");
        WritingLog.ProcessStopping(Reporter.Logger, text);
        return text;
    }

    /// <summary>For the end of the process: closes within <see cref="WriteOptions.ProcessExitTimeout"/> and returns what the user must hear, or <see langword="null"/>.</summary>
    public async Task<string?> CloseForExitAsync(string why)
    {
        if (IsClosing) return null;
        using var deadline = new CancellationTokenSource(Options.ProcessExitTimeout);
        var result = await CloseAsync(deadline.Token).ConfigureAwait(false);
        if (result.Failures.Count == 0 && result.Kept == 0) return null;
        var text = string.Create(CultureInfo.InvariantCulture, $"HomeIQ.Influx: {why}: writer '{Reporter.Name}' was not disposed; closing it within {Options.ProcessExitTimeout.TotalSeconds:0.###} s (ProcessExitTimeout): {result}.");
        if (result.Kept > 0) text += string.Create(CultureInfo.InvariantCulture, $" {result.Kept:N0} points stay in the durable buffer for the next start.");
        if (result.Failures.Count > 0) text += string.Create(CultureInfo.InvariantCulture, $" {result.Lost:N0} points were not written. ") + Why();
        WritingLog.ProcessStopping(Reporter.Logger, text);
        return text;
    }

    // Completes when every point accepted so far is written or reported.
    private Task FlushAcceptedAsync()
    {
        var queued = Store.WaitQueuedAsync();
        return queued.IsCompleted ? Queue.FlushAsync() : FlushAfterQueuedAsync(queued);
    }

    private async Task FlushAfterQueuedAsync(Task queued)
    {
        // Points the durable store holds only on disk (recovered, or beyond its memory window) count as accepted: wait
        // until they are queued, then for the queue.
        await queued.ConfigureAwait(false);
        await Queue.FlushAsync().ConfigureAwait(false);
    }

    private InfluxWriteException TimedOut(FlushResult partial)
    {
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Writer '{Reporter.Name}' did not finish flushing within {Options.FlushTimeout.TotalSeconds:0.###} s (FlushTimeout): {partial.StillBuffered:N0} points are still buffered and still being sent. {Why()} Since the last flush: {partial}.");
        return new InfluxWriteException(message, Reporter.Name, null, null, null, partial.StillBuffered + partial.Lost, WriteReporter.LinesOf(partial), partial);
    }

    // Why points are not getting through, for a user who attached no logger.
    private string Why() =>
        Fault.Current is { } fault ? "The server refuses the configuration: " + fault.Explanation
        : Sender.LastProblem is { } problem ? "The last attempt failed with " + problem + "."
        : "The server has not answered yet.";

    // Stops accepting, waits (bounded) for the buffered points, then stops the sender (what is left is reported as given
    // up or kept) and closes the store.
    private async Task<FlushResult> CloseCoreAsync(CancellationToken cancellationToken)
    {
        ProcessExitFlusher.Unregister(this);
        var drained = Queue.Close();
        if (!drained.IsCompleted)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Options.DisposeTimeout);
            // A faulted writer's held points will not drain: give up on them now rather than at the deadline.
            await Task.WhenAny(drained, Fault.WhenFaulted, Task.Delay(Timeout.Infinite, deadline.Token)).ConfigureAwait(false);
            await deadline.CancelAsync().ConfigureAwait(false);
            if (!drained.IsCompleted)
                WritingLog.DisposeTimedOut(Reporter.Logger, Reporter.Name, StillBuffered, Options.DisposeTimeout.TotalMilliseconds);
        }
        // Stops a send still retrying (its points are reported) and wakes producers waiting for room.
        await _stop.CancelAsync().ConfigureAwait(false);
        Queue.Wake();
        await _sender.ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        InfluxTelemetry.UnregisterBuffered(this);
        return Reporter.Ledger.Take(0);
    }
}
