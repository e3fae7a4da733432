using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Writing.Reporting;

/// <summary>
/// Where every outcome of one writer is told: the metrics (tag <c>writer</c>), the log, and the
/// <see cref="MeasurementWriter{T}.WriteFailed"/> handlers. Each point that is not written passes through exactly one of
/// <see cref="Failed"/>, <see cref="Dropped"/>, <see cref="Refused"/> or <see cref="Invalid"/>, so nothing is lost without a word.
/// </summary>
internal sealed class WriteReporter
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
        WritingLog.BatchWritten(Logger, Name, lines, bytes, Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds);
    }

    /// <summary>Lines the server stored although their batch was also reported (the rest of a partial write).</summary>
    public void AlsoWritten(int lines) => InfluxTelemetry.PointsWritten.Add(lines, Tag);

    /// <summary>One point dropped by backpressure (<paramref name="mode"/> is DropOldest or DropNewest).</summary>
    public void Dropped(string line, BackpressureMode mode, int capacity)
    {
        InfluxTelemetry.PointsDropped.Add(1, Tag, new("reason", mode == BackpressureMode.DropOldest ? "drop_oldest" : "drop_newest"));
        WritingLog.PointsDropped(Logger, Name, 1, mode, capacity);
        Raise(new WriteFailedEventArgs(WriteFailureReason.Dropped, [line], null, "The write buffer was full.", null));
    }

    /// <summary>Lines that were not written: counted by reason, logged, and handed to the handlers.</summary>
    public void Failed(WriteFailureReason reason, string[] lines, HttpStatusCode? status, string? message, Exception? exception, int? serverDropped = null)
    {
        switch (reason)
        {
            case WriteFailureReason.Rejected:
                InfluxTelemetry.PointsRejected.Add(lines.Length, Tag, new("reason", "server"));
                break;
            case WriteFailureReason.PartialWriteUnidentified:
                InfluxTelemetry.PointsRejected.Add(serverDropped ?? lines.Length, Tag, new("reason", "server"));
                break;
            default:
                InfluxTelemetry.PointsFailed.Add(lines.Length, Tag, new("reason", reason.ToString()));
                break;
        }
        WritingLog.WriteFailed(Logger, Name, lines.Length, reason, status is { } s ? (int)s : 0, message, exception);
        Raise(new WriteFailedEventArgs(reason, lines, status, message, exception, serverDropped));
    }

    public void BatchDuration(long startedTimestamp) =>
        InfluxTelemetry.BatchDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds, Tag);

    /// <summary>A line without its trailing <c>\n</c>, as text for a report.</summary>
    public static string LineText(ReadOnlySpan<byte> line) =>
        Encoding.UTF8.GetString(!line.IsEmpty && line[^1] == (byte)'\n' ? line[..^1] : line);

    private void Raise(WriteFailedEventArgs args)
    {
        try
        {
            Volatile.Read(ref _handlers)?.Invoke(_sender, args);
        }
        catch (Exception ex)
        {
            // A failing handler must not stop the sender; the failure itself is already logged.
            WritingLog.HandlerFailed(Logger, Name, ex);
        }
    }
}
