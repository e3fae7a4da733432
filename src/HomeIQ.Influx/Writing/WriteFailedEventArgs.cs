using System.Net;

namespace HomeIQ.Influx;

/// <summary>Why points were not written.</summary>
public enum WriteFailureReason
{
    /// <summary>The server rejected these lines (400 or 422; or 413 for a single line). The other lines of the batch were handled separately.</summary>
    Rejected = 1,
    /// <summary>The server wrote part of the batch (a partial write) but did not say which lines it dropped; <see cref="WriteFailedEventArgs.Lines"/> holds the whole batch.</summary>
    PartialWriteUnidentified = 2,
    /// <summary>The server answered a 4xx status that is not retried and says nothing about the writer's settings (405, 411, ...).</summary>
    NotRetryable = 3,
    /// <summary>Retries were used up (attempt count or total retry time) on 429, 5xx, timeouts or connection failures.</summary>
    RetriesExhausted = 4,
    /// <summary>The circuit breaker was open and stayed open through the retries.</summary>
    CircuitOpen = 5,
    /// <summary>The writer was disposed before these points were written (the dispose timeout passed). A request in flight may still have reached the server.</summary>
    Disposed = 6,
    /// <summary>The buffer was full and the backpressure mode dropped these points.</summary>
    Dropped = 7,
    /// <summary>
    /// The server refused the writer's configuration: 401 (the token, or user name and password), 403 (their permission
    /// to write) or 404 (the database, bucket or organization). Every later batch would fail the same way, so the writer
    /// holds its points, refuses new ones (<see cref="InfluxWriteException"/>) and sends the held batch again every
    /// <see cref="InfluxResilienceOptions.MaxRetryDelay"/>; these points were still held when it was closed.
    /// </summary>
    Configuration = 8,
}

/// <summary>Describes points that a <see cref="MeasurementWriter{T}"/> could not write: the exact lines, why, and what the server said.</summary>
public sealed class WriteFailedEventArgs : EventArgs
{
    /// <summary>Creates the description.</summary>
    public WriteFailedEventArgs(WriteFailureReason reason, IReadOnlyList<string> lines, HttpStatusCode? statusCode, string? serverMessage, Exception? exception, int? serverDroppedCount = null)
        : this(reason, lines, statusCode, serverMessage, exception, serverDroppedCount, keptInDurableBuffer: false)
    {
    }

    /// <summary>Creates the description of points that may be kept in the durable buffer.</summary>
    public WriteFailedEventArgs(WriteFailureReason reason, IReadOnlyList<string> lines, HttpStatusCode? statusCode, string? serverMessage, Exception? exception,
        int? serverDroppedCount, bool keptInDurableBuffer)
    {
        Reason = reason;
        Lines = lines ?? throw new ArgumentNullException(nameof(lines));
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        Exception = exception;
        ServerDroppedCount = serverDroppedCount;
        KeptInDurableBuffer = keptInDurableBuffer;
    }

    /// <summary>Why the lines were not written.</summary>
    public WriteFailureReason Reason { get; }

    /// <summary>The affected lines of line protocol, exactly as sent (without the trailing newline).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The HTTP status of the final answer, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's error message (the <c>error</c> or <c>message</c> of its JSON answer, or its text).</summary>
    public string? ServerMessage { get; }

    /// <summary>The exception of the final attempt (timeout, connection failure, open circuit), when there was one.</summary>
    public Exception? Exception { get; }

    /// <summary>How many points the server said it dropped (<c>dropped=N</c> of a partial write), when it said so.</summary>
    public int? ServerDroppedCount { get; }

    /// <summary>
    /// Whether these points stay in the durable buffer (<see cref="WriteOptions.DurableBufferPath"/>) and are sent by the
    /// next writer on the folder: not written yet, but not lost.
    /// </summary>
    public bool KeptInDurableBuffer { get; }

    /// <summary>A one-line summary (no credentials: requests never carry them outside headers).</summary>
    public override string ToString() =>
        $"{Reason}{(KeptInDurableBuffer ? " (kept in the durable buffer)" : "")}: {Lines.Count} lines, status {(StatusCode is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, {ServerMessage ?? Exception?.Message}";
}
