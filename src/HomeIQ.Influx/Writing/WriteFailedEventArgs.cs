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
    /// Not lost: the writer was closed while these points were in its durable buffer (<see cref="WriteOptions.DurableBufferPath"/>),
    /// and they stay there; the next writer on the folder sends them. <see cref="WriteFailedEventArgs.Lines"/> lists the
    /// ones that were in memory; a report of the points that were only on disk lists none and gives their number in
    /// <see cref="WriteFailedEventArgs.PointCount"/>. <see cref="WriteFailedEventArgs.ServerMessage"/> says why they were
    /// not written. Do not resend them yourself, or they arrive twice.
    /// </summary>
    KeptOnDisk = 8,
    /// <summary>
    /// Records of the durable buffer were found damaged on disk (a checksum that does not match, bytes overwritten or cut
    /// short), so their points cannot be sent. <see cref="WriteFailedEventArgs.Damage"/> says which file and bytes, how
    /// many records and points, and whether they had been acknowledged; <see cref="WriteFailedEventArgs.Lines"/> holds the
    /// lines of damaged records whose header could still be read, as read (they may contain the damage).
    /// </summary>
    Damaged = 9,
    /// <summary>
    /// The server refused the writer's configuration: 401 (the token, or user name and password), 403 (their permission
    /// to write) or 404 (the database, bucket or organization). Every later batch would fail the same way, so the writer
    /// holds its points, refuses new ones (<see cref="InfluxWriteException"/>) and sends the held batch again every
    /// <see cref="InfluxResilienceOptions.MaxRetryDelay"/>; these points were still held when it was closed.
    /// </summary>
    Configuration = 10,
}

/// <summary>Describes points that a <see cref="MeasurementWriter{T}"/> could not write: the exact lines, why, and what the server said.</summary>
public sealed class WriteFailedEventArgs : EventArgs
{
    /// <summary>Creates the description.</summary>
    public WriteFailedEventArgs(WriteFailureReason reason, IReadOnlyList<string> lines, HttpStatusCode? statusCode, string? serverMessage, Exception? exception, int? serverDroppedCount = null)
    {
        Reason = reason;
        Lines = lines ?? throw new ArgumentNullException(nameof(lines));
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        Exception = exception;
        ServerDroppedCount = serverDroppedCount;
    }

    /// <summary>Why the lines were not written.</summary>
    public WriteFailureReason Reason { get; }

    /// <summary>The affected lines of line protocol, exactly as sent (without the trailing newline).</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>The HTTP status of the final answer, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// The server's error message (the <c>error</c> or <c>message</c> of its JSON answer, or its text); for points no
    /// server answered for (<see cref="WriteFailureReason.Disposed"/>, <see cref="WriteFailureReason.Dropped"/>,
    /// <see cref="WriteFailureReason.KeptOnDisk"/>, <see cref="WriteFailureReason.Damaged"/>), the writer's own explanation.
    /// </summary>
    public string? ServerMessage { get; }

    /// <summary>The exception of the final attempt (timeout, connection failure, open circuit), when there was one.</summary>
    public Exception? Exception { get; }

    /// <summary>How many points the server said it dropped (<c>dropped=N</c> of a partial write), when it said so.</summary>
    public int? ServerDroppedCount { get; }

    /// <summary>
    /// How many points this report is about: <see cref="Lines"/>' count, or more when not every line is listed (points
    /// kept only on disk, <see cref="WriteFailureReason.KeptOnDisk"/>; damaged records whose lines cannot be read,
    /// <see cref="WriteFailureReason.Damaged"/>, where it is <see cref="DurableDamage.PointsLost"/> when known).
    /// </summary>
    public long PointCount
    {
        get => _pointCount ?? Lines.Count;
        init => _pointCount = value;
    }
    private readonly long? _pointCount;

    /// <summary>For <see cref="WriteFailureReason.Damaged"/>: where the durable buffer was damaged and what it cost; otherwise <see langword="null"/>.</summary>
    public DurableDamage? Damage { get; init; }

    /// <summary>A one-line summary (no credentials: requests never carry them outside headers).</summary>
    public override string ToString() =>
        $"{Reason}: {PointCount} points, status {(StatusCode is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "none")}, {ServerMessage ?? Exception?.Message}";
}
