using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Writing.Reporting;

/// <summary>
/// Where every outcome of one writer is told: the metrics (tag <c>writer</c>), the log, the
/// <see cref="MeasurementWriter{T}.WriteFailed"/> handlers, and the <see cref="WriteLedger"/> the next flush returns (and
/// throws, when points were lost and no handler took them). Each point that is not written passes through exactly one
/// of <see cref="Failed"/>, <see cref="Dropped"/>, <see cref="Refused"/> or <see cref="Invalid"/> (with a durable buffer
/// also <see cref="KeptOnDisk"/>, <see cref="Damaged"/> or <see cref="DroppedTogether"/>, in <c>WriteReporter.Durable.cs</c>),
/// so nothing is lost without a word.
/// </summary>
internal sealed partial class WriteReporter
{
    private readonly object _sender;
    private readonly object _handlersLock = new();
    private EventHandler<WriteFailedEventArgs>? _handlers;

    public WriteReporter(string name, ILogger logger, object sender)
    {
        Name = name;
        Logger = logger;
        Tag = new("writer", name);
        _sender = sender;
    }

    /// <summary>The writer's name in logs and metrics.</summary>
    public string Name { get; }

    public ILogger Logger { get; }

    /// <summary>What the next flush returns.</summary>
    public WriteLedger Ledger { get; } = new();

    /// <summary>The <c>writer</c> tag every measurement of this writer carries.</summary>
    public KeyValuePair<string, object?> Tag { get; }

    public void Subscribe(EventHandler<WriteFailedEventArgs>? handler)
    {
        lock (_handlersLock) _handlers += handler;
    }

    public void Unsubscribe(EventHandler<WriteFailedEventArgs>? handler)
    {
        lock (_handlersLock) _handlers -= handler;
    }

    /// <summary>A point line protocol cannot represent: counted here, thrown to its caller by the serializer.</summary>
    public void Invalid() => InfluxTelemetry.PointsRejected.Add(1, Tag, new("reason", "invalid"));

    /// <summary>A point refused with <see cref="WriteBufferFullException"/> (<see cref="BackpressureMode.Throw"/>): counted; the caller has the exception.</summary>
    public void Refused() => InfluxTelemetry.PointsDropped.Add(1, Tag, new("reason", "buffer_full_throw"));

    public void Written(int lines, int bytes, long startedTimestamp)
    {
        InfluxTelemetry.PointsWritten.Add(lines, Tag);
        Ledger.Written(lines);
        WritingLog.BatchWritten(Logger, Name, lines, bytes, Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds);
    }

    /// <summary>Lines of a confirmed write the server stored: counted and logged; the caller's task is its report.</summary>
    public void WrittenConfirmed(int lines, int bytes, long startedTimestamp)
    {
        InfluxTelemetry.PointsWritten.Add(lines, Tag);
        if (startedTimestamp != 0) WritingLog.BatchWritten(Logger, Name, lines, bytes, Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds);
    }

    /// <summary>Lines the server stored although their batch was also reported (the rest of a partial write).</summary>
    public void AlsoWritten(int lines)
    {
        InfluxTelemetry.PointsWritten.Add(lines, Tag);
        Ledger.Written(lines);
    }

    /// <summary>One point dropped by backpressure (<paramref name="mode"/> is DropOldest or DropNewest).</summary>
    public void Dropped(string line, BackpressureMode mode, int capacity)
    {
        InfluxTelemetry.PointsDropped.Add(1, Tag, new("reason", mode == BackpressureMode.DropOldest ? "drop_oldest" : "drop_newest"));
        WritingLog.PointsDropped(Logger, Name, 1, mode, capacity);
        Report(new WriteFailedEventArgs(WriteFailureReason.Dropped, [line], null, "The write buffer was full.", null), 1);
    }

    /// <summary>
    /// Lines that were not written: counted by reason, logged, handed to the handlers, and kept for the next flush when no
    /// handler took them. (Lines a durable store keeps at close are not lost: <see cref="KeptOnDisk"/>.)
    /// </summary>
    public void Failed(WriteFailureReason reason, string[] lines, HttpStatusCode? status, string? message, Exception? exception, int? serverDropped = null)
    {
        long points = reason == WriteFailureReason.PartialWriteUnidentified ? serverDropped ?? lines.Length : lines.Length;
        Count(reason, points);
        WritingLog.WriteFailed(Logger, Name, lines.Length, reason, status is { } s ? (int)s : 0, message, exception);
        Report(new WriteFailedEventArgs(reason, lines, status, message, exception, serverDropped), points);
    }

    /// <summary>Points of a confirmed write that were not stored: counted only (their caller has the exception).</summary>
    public void Count(WriteFailureReason reason, long points)
    {
        switch (reason)
        {
            case WriteFailureReason.Rejected or WriteFailureReason.PartialWriteUnidentified:
                InfluxTelemetry.PointsRejected.Add(points, Tag, new("reason", "server"));
                break;
            default:
                InfluxTelemetry.PointsFailed.Add(points, Tag, new("reason", reason.ToString()));
                break;
        }
    }

    /// <summary>The exception for a flush or close whose points were lost with no handler to take them; <see langword="null"/> when none were.</summary>
    public InfluxWriteException? LossOrNull(FlushResult result, string what)
    {
        if (result.Failures.Count == 0) return null; // only failures no handler took are in the result
        var first = result.Failures.Count > 0 ? result.Failures[0] : null;
        var message = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Writer '{Name}' lost {result.Lost:N0} points {what}: {result}.") +
            (first is null ? "" : $" First failure: {first.Reason}, status {(first.StatusCode is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, {Describe(first)}.") +
            " The lines are in Lines; attach OnWriteFailed or WriteFailed to handle such points yourself.";
        return new InfluxWriteException(message, Name, first?.Reason, first?.StatusCode, first?.ServerMessage, result.Lost, LinesOf(result), result, first?.Exception);
    }

    /// <summary>The lines of every failure in <paramref name="result"/>.</summary>
    public static IReadOnlyList<string> LinesOf(FlushResult result) =>
        result.Failures.Count switch
        {
            0 => [],
            1 => result.Failures[0].Lines,
            _ => result.Failures.SelectMany(f => f.Lines).ToArray(),
        };

    /// <summary>
    /// What a failure's message says about its cause: the server's answer, quoted, or the text the writer wrote itself for
    /// what no server said (points given up at dispose or dropped by backpressure, a damaged durable record, points kept on
    /// disk).
    /// </summary>
    internal static string Describe(WriteFailedEventArgs failure) =>
        failure.ServerMessage is not { } m ? failure.Exception?.Message ?? "no answer"
        : IsWriterMade(failure.Reason) ? m.TrimEnd('.')
        : "server said: " + Client.ServerErrorBody.Quote(m);

    // The reasons whose ServerMessage the writer wrote: no server answered for these points.
    private static bool IsWriterMade(WriteFailureReason reason) => reason is WriteFailureReason.Disposed or WriteFailureReason.Dropped
        or WriteFailureReason.KeptOnDisk or WriteFailureReason.Damaged;

    public void BatchDuration(long startedTimestamp) =>
        InfluxTelemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, Tag);

    /// <summary>A line without its trailing <c>\n</c>, as text for a report.</summary>
    public static string LineText(ReadOnlySpan<byte> line) =>
        Encoding.UTF8.GetString(!line.IsEmpty && line[^1] == (byte)'\n' ? line[..^1] : line);

    // Hands the failure to the handlers; the ledger keeps it for the next flush unless a handler took it.
    private void Report(WriteFailedEventArgs args, long points)
    {
        bool handled = false;
        if (Volatile.Read(ref _handlers) is { } handlers)
        {
            try
            {
                handlers.Invoke(_sender, args);
                handled = true;
            }
            catch (Exception ex)
            {
                // A failing handler must not stop the sender, and did not take the points: the next flush reports them.
                WritingLog.HandlerFailed(Logger, Name, ex);
            }
        }
        Ledger.Failed(args, points, handled);
    }
}
