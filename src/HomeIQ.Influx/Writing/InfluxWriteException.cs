using System.Net;

namespace HomeIQ.Influx;

/// <summary>
/// Points were not stored, and the caller is the one to hear it: thrown by
/// <see cref="IMeasurementWriter{T}.WriteAndConfirmAsync(T, CancellationToken)"/> when the server did not store every
/// point of the call; by <see cref="IMeasurementWriter{T}.FlushAsync"/> and <see cref="MeasurementWriter{T}.DisposeAsync"/>
/// when points were lost and no <see cref="WriteOptions.OnWriteFailed"/> or <see cref="MeasurementWriter{T}.WriteFailed"/>
/// handler took them, or when the flush gave up waiting (<see cref="WriteOptions.FlushTimeout"/>); and by
/// <see cref="MeasurementWriter{T}.WriteAsync(T, CancellationToken)"/> while the server refuses the writer's
/// configuration (401, 403, 404), in which case the message names the setting to fix.
/// </summary>
/// <remarks>The message never contains a credential: the server's answers to a write do not carry one, and settings are named, not quoted.</remarks>
public sealed class InfluxWriteException : Exception
{
    /// <summary>Creates the exception (writers make their own; this is for fakes and tests).</summary>
    /// <param name="message">What happened and what to do, naming the setting when one is at fault.</param>
    /// <param name="writer">The writer's name (<see cref="WriteOptions.Name"/> or the measurement name).</param>
    /// <param name="reason">Why the points were not stored, when there is one reason.</param>
    /// <param name="statusCode">The server's HTTP status, when it answered.</param>
    /// <param name="serverMessage">The server's error message, when it gave one.</param>
    /// <param name="pointCount">How many points this exception is about.</param>
    /// <param name="lines">Their lines of line protocol, when known.</param>
    /// <param name="result">The writer's account since its previous flush, for a flush or dispose.</param>
    /// <param name="innerException">The exception of the last attempt, when there was one.</param>
    public InfluxWriteException(string message, string writer, WriteFailureReason? reason, HttpStatusCode? statusCode, string? serverMessage,
        long pointCount, IReadOnlyList<string>? lines = null, FlushResult? result = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Writer = writer;
        Reason = reason;
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        PointCount = pointCount;
        Lines = lines ?? [];
        Result = result;
    }

    /// <summary>The writer's name (<see cref="WriteOptions.Name"/> or the measurement name).</summary>
    public string Writer { get; }

    /// <summary>Why the points were not stored (of the first failure, when there were several); <see langword="null"/> when the flush only timed out.</summary>
    public WriteFailureReason? Reason { get; }

    /// <summary>The server's HTTP status (of the first failure), when it answered.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's error message (of the first failure), when it gave one.</summary>
    public string? ServerMessage { get; }

    /// <summary>How many points were not stored (lost, or for a flush that timed out, still buffered).</summary>
    public long PointCount { get; }

    /// <summary>
    /// The lines of line protocol that were not stored, exactly as sent (for a flush, those of failures no handler took,
    /// at most <see cref="FlushResult.MaxRetainedLines"/>; <see cref="PointCount"/> is exact). Empty when a write was
    /// refused before its points were serialized: the caller still has them.
    /// </summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>For a flush, a dispose or a confirmed write: what happened to every point it covered (stored, refused, dropped, given up, still buffered).</summary>
    public FlushResult? Result { get; }
}
