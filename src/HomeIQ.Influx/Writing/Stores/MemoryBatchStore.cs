using System.Buffers;
using System.Diagnostics;

namespace HomeIQ.Influx.Writing.Stores;

/// <summary>
/// The default store: points live only in memory, at most <see cref="WriteOptions.MaxBufferedPoints"/> of them, and a
/// batch that cannot be written is reported; only a configuration error (401/403/404) keeps it, until the server takes
/// it or the writer closes. Every <see cref="BackpressureMode"/> applies when it is full.
/// </summary>
internal sealed class MemoryBatchStore(Batching.BatchQueue queue, WriteOptions options, Reporting.WriteReporter reporter, string objectName, CancellationToken stop)
    : BatchStore(queue, options, reporter, objectName, stop)
{
    public override ValueTask AcceptAsync(ReadOnlySpan<byte> lines, int count, CancellationToken cancellationToken)
    {
        Debug.Assert(count == 1, "LinesPerCall is 1: the writer hands over one line at a time.");
        if (Capacity.Wait(0))
        {
            Append(lines);
            return default;
        }
        Queue.SealOpen(); // no room: what is buffered goes out now rather than at the flush interval
        switch (Options.BackpressureMode)
        {
            case BackpressureMode.DropNewest:
                DropAll(lines, Options.MaxBufferedPoints);
                return default;
            case BackpressureMode.Throw:
                return ValueTask.FromException(Full(Options.MaxBufferedPoints));
            case BackpressureMode.DropOldest:
                DropOldest(lines);
                return default;
            default:
                // The caller's buffer belongs to its thread, and the continuation may run on another: keep a copy.
                var copy = ArrayPool<byte>.Shared.Rent(lines.Length);
                lines.CopyTo(copy);
                return WaitForRoomAsync(copy, lines.Length, cancellationToken);
        }
    }

    private void DropOldest(ReadOnlySpan<byte> line)
    {
        string? dropped;
        bool wake = false;
        lock (Queue.Gate)
        {
            if (Queue.IsClosed) throw Disposed("The writer is disposed; the point was not accepted.");
            dropped = Queue.DropOldestLocked();
            // The dropped point's slot goes to the new one; with nothing droppable (all in flight) the new one is dropped.
            if (dropped is not null) wake = Queue.AppendLocked(line);
        }
        if (wake) Queue.Wake();
        Reporter.Dropped(dropped ?? Reporting.WriteReporter.LineText(line), BackpressureMode.DropOldest, Options.MaxBufferedPoints);
    }

    private async ValueTask WaitForRoomAsync(byte[] line, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, Stop);
            try
            {
                await Capacity.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Disposed("The writer was disposed while the point waited for room in the buffer; it was not accepted.");
            }
            Append(line.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    // Appends with the slot already taken; gives the slot back when the writer was disposed meanwhile.
    private void Append(ReadOnlySpan<byte> line)
    {
        if (Queue.TryAppend(line)) return;
        Capacity.Release();
        throw Disposed("The writer is disposed; the point was not accepted.");
    }
}
