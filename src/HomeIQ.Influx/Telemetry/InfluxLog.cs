using System.Net;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx;

/// <summary>Source-generated log messages. None of them takes a credential, a header or a request URL with secrets.</summary>
internal static partial class InfluxLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "DangerousAcceptAnyServerCertificate is on: TLS certificates of {Server} are not validated. Use it only for testing.")]
    public static partial void DangerousCertificate(ILogger logger, string server);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Writer {Writer} wrote {Lines} lines ({Bytes} bytes) in {ElapsedMs} ms.")]
    public static partial void BatchWritten(ILogger logger, string writer, int lines, int bytes, double elapsedMs);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning,
        Message = "{Operation} request failed ({Reason}); retry {Attempt} in {DelayMs} ms.")]
    public static partial void Retrying(ILogger logger, string operation, string reason, int attempt, double delayMs);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error,
        Message = "Writer {Writer} could not write {Lines} lines: {Reason}, status {Status}, server said: {ServerMessage}")]
    public static partial void WriteFailed(ILogger logger, string writer, int lines, WriteFailureReason reason, int status, string? serverMessage, Exception? exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Writer {Writer} dropped {Points} points ({Mode}): the buffer of {Capacity} points is full.")]
    public static partial void PointsDropped(ILogger logger, string writer, int points, BackpressureMode mode, int capacity);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Server answered {Status} for {Lines} lines; splitting the batch in two.")]
    public static partial void SplittingBatch(ILogger logger, HttpStatusCode status, int lines);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Error, Message = "A WriteFailed handler of writer {Writer} threw.")]
    public static partial void HandlerFailed(ILogger logger, string writer, Exception exception);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Warning,
        Message = "Writer {Writer} was disposed with {Points} points not written within {TimeoutMs} ms; they are reported through WriteFailed.")]
    public static partial void DisposeTimedOut(ILogger logger, string writer, long points, double timeoutMs);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Circuit opened for {BreakMs} ms after repeated {Operation} failures ({Reason}).")]
    public static partial void CircuitOpened(ILogger logger, string operation, double breakMs, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Circuit half-open: probing the server with one {Operation} request.")]
    public static partial void CircuitHalfOpened(ILogger logger, string operation);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Circuit closed: {Operation} requests succeed again.")]
    public static partial void CircuitClosed(ILogger logger, string operation);
}
