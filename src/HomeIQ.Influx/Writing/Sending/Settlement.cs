using System.Globalization;
using System.Net;
using HomeIQ.Influx.Writing.Reporting;
using HomeIQ.Influx.Writing.Stores;

namespace HomeIQ.Influx.Writing.Sending;

/// <summary>
/// Where the sender settles the lines of one send: the same status rules serve a background batch (its outcome goes to
/// the writer's reporter, and its store may keep it) and a confirmed write (its outcome goes back to the caller).
/// </summary>
internal abstract class Settlement
{
    /// <summary>Lines that were not stored. Returns whether they were kept for another attempt instead of being given up.</summary>
    public abstract bool Fail(WriteFailureReason reason, string[] lines, HttpStatusCode? status, string? message, Exception? exception, int? serverDropped);

    /// <summary><paramref name="lines"/> lines were stored in one request.</summary>
    public abstract void Written(int lines, int bytes, long startedTimestamp);

    /// <summary>Lines the server stored although their request was also answered with an error (the rest of a partial write).</summary>
    public abstract void AlsoWritten(int lines);
}

/// <summary>A background batch: reported through the writer (log, handlers, next flush), or kept by its store.</summary>
internal sealed class BatchSettlement(WriteReporter reporter, BatchStore store, CancellationToken stop) : Settlement
{
    // Kept points are not lost and this is no failure; while the writer is stopping they are reported, and still kept:
    // a durable store holds them on disk for the next writer on the folder (KeptOnDisk, not lost), the memory store
    // gives them up.
    public override bool Fail(WriteFailureReason reason, string[] lines, HttpStatusCode? status, string? message, Exception? exception, int? serverDropped)
    {
        bool kept = store.Keeps(reason);
        if (kept && !stop.IsCancellationRequested)
        {
            store.KeptForRetry(lines.Length, reason);
            return true;
        }
        if (kept && store.KeepsOnDisk)
        {
            reporter.KeptOnDisk(lines, lines.Length,
                string.Create(CultureInfo.InvariantCulture,
                    $"The writer was closed before these points could be written ({reason}{(status is { } s ? $", status {(int)s}" : "")}: ") +
                (message is null ? exception?.Message ?? "no answer" : Client.ServerErrorBody.Quote(message)) +
                "); they stay in the durable buffer and the next writer on the folder sends them.",
                status, exception);
            return true;
        }
        reporter.Failed(reason, lines, status, message, exception, serverDropped);
        return kept;
    }

    public override void Written(int lines, int bytes, long startedTimestamp) => reporter.Written(lines, bytes, startedTimestamp);

    public override void AlsoWritten(int lines) => reporter.AlsoWritten(lines);
}

/// <summary>A confirmed write: nothing is kept or reported to handlers; what was not stored goes back to the caller in one exception.</summary>
internal sealed class ConfirmedSettlement(WriteReporter reporter) : Settlement
{
    private readonly List<WriteFailedEventArgs> _failures = [];
    private long _written;

    public override bool Fail(WriteFailureReason reason, string[] lines, HttpStatusCode? status, string? message, Exception? exception, int? serverDropped)
    {
        reporter.Count(reason, lines.Length);
        lock (_failures) _failures.Add(new WriteFailedEventArgs(reason, lines, status, message, exception, serverDropped));
        return false;
    }

    public override void Written(int lines, int bytes, long startedTimestamp)
    {
        reporter.WrittenConfirmed(lines, bytes, startedTimestamp);
        Interlocked.Add(ref _written, lines);
    }

    public override void AlsoWritten(int lines)
    {
        reporter.WrittenConfirmed(lines, 0, 0);
        Interlocked.Add(ref _written, lines);
    }

    /// <summary>The caller's exception when any of the <paramref name="points"/> were not stored; <see langword="null"/> when all were.</summary>
    public InfluxWriteException? ExceptionOrNull(int points, WriterFault fault)
    {
        if (_failures.Count == 0) return null;
        long rejected = 0, givenUp = 0;
        foreach (var f in _failures)
        {
            long n = f.Reason == WriteFailureReason.PartialWriteUnidentified ? f.ServerDroppedCount ?? f.Lines.Count : f.Lines.Count;
            if (f.Reason is WriteFailureReason.Rejected or WriteFailureReason.PartialWriteUnidentified) rejected += n;
            else givenUp += n;
        }
        var result = new FlushResult(Interlocked.Read(ref _written), rejected, 0, givenUp, failures: _failures.ToArray());
        var first = _failures[0];
        var why = first.Reason == WriteFailureReason.Configuration && fault.Current is { } c
            ? c.Explanation
            : $"{first.Reason}, status {(first.StatusCode is { } s ? ((int)s).ToString(CultureInfo.InvariantCulture) : "none")}, " +
              WriteReporter.Describe(first) + ".";
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Writer '{reporter.Name}' could not store {result.Lost:N0} of {points:N0} points ({result}): {why}");
        return new InfluxWriteException(message, reporter.Name, first.Reason, first.StatusCode, first.ServerMessage, result.Lost,
            WriteReporter.LinesOf(result), result, first.Exception);
    }
}
