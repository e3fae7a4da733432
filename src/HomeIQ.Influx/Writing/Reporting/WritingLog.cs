using System.Net;
using HomeIQ.Influx.Telemetry;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Writing.Reporting;

/// <summary>Log messages of writers (ids in <see cref="LogEvents"/>). None takes a credential, header or URL.</summary>
internal static partial class WritingLog
{
    [LoggerMessage(EventId = LogEvents.BatchWritten, Level = LogLevel.Debug, Message = "Writer {Writer} wrote {Lines} lines ({Bytes} bytes) in {ElapsedMs} ms.")]
    public static partial void BatchWritten(ILogger logger, string writer, int lines, int bytes, double elapsedMs);

    [LoggerMessage(EventId = LogEvents.WriteFailed, Level = LogLevel.Error,
        Message = "Writer {Writer} could not write {Lines} lines: {Reason}, status {Status}, server said: {ServerMessage}")]
    public static partial void WriteFailed(ILogger logger, string writer, int lines, WriteFailureReason reason, int status, string? serverMessage, Exception? exception);

    [LoggerMessage(EventId = LogEvents.PointsDropped, Level = LogLevel.Warning, Message = "Writer {Writer} dropped {Points} points ({Mode}): the buffer of {Capacity} points is full.")]
    public static partial void PointsDropped(ILogger logger, string writer, int points, BackpressureMode mode, int capacity);

    [LoggerMessage(EventId = LogEvents.SplittingBatch, Level = LogLevel.Warning, Message = "Server answered {Status} for {Lines} lines; splitting the batch in two.")]
    public static partial void SplittingBatch(ILogger logger, HttpStatusCode status, int lines);

    [LoggerMessage(EventId = LogEvents.HandlerFailed, Level = LogLevel.Error, Message = "A WriteFailed handler of writer {Writer} threw.")]
    public static partial void HandlerFailed(ILogger logger, string writer, Exception exception);

    [LoggerMessage(EventId = LogEvents.DisposeTimedOut, Level = LogLevel.Warning,
        Message = "Writer {Writer} was closed with {Points} points not written within {TimeoutMs} ms; they are given up (or kept in the durable buffer) and reported.")]
    public static partial void DisposeTimedOut(ILogger logger, string writer, long points, double timeoutMs);

    [LoggerMessage(EventId = LogEvents.WriterFaulted, Level = LogLevel.Error,
        Message = "Writer {Writer} cannot write (status {Status}): {Explanation} Server said: {ServerMessage}. It holds its points, refuses new ones and tries again until the server takes them.")]
    public static partial void WriterFaulted(ILogger logger, string writer, int status, string explanation, string? serverMessage);

    [LoggerMessage(EventId = LogEvents.WriterRecovered, Level = LogLevel.Information, Message = "Writer {Writer} writes again: the server took a batch; it accepts points again.")]
    public static partial void WriterRecovered(ILogger logger, string writer);

    [LoggerMessage(EventId = LogEvents.ProcessStopping, Level = LogLevel.Error,
        Message = "{Summary}")]
    public static partial void ProcessStopping(ILogger logger, string summary);
}
