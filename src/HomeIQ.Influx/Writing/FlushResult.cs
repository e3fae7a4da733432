using System.Globalization;

namespace HomeIQ.Influx;

/// <summary>
/// What happened to a writer's points since its previous flush (or since it was created): how many the server stored,
/// and how many were not stored and why. Returned by <see cref="IMeasurementWriter{T}.FlushAsync"/> and
/// <see cref="MeasurementWriter{T}.CloseAsync"/>, and carried by <see cref="InfluxWriteException.Result"/>.
/// </summary>
/// <remarks>
/// The counts are of outcomes settled between two flushes: a batch that settles while a flush is waiting is counted by
/// that flush even if its points were accepted after the flush began. Points a write call refused at once
/// (<see cref="LineProtocolException"/>, <see cref="WriteBufferFullException"/>, <see cref="InfluxWriteException"/>) are
/// not counted: their caller already has the exception.
/// </remarks>
public sealed class FlushResult
{
    /// <summary>A result with nothing in it.</summary>
    public static readonly FlushResult Empty = new(0);

    /// <summary>Creates a result (for fakes and tests; writers make their own).</summary>
    /// <param name="written">Points the server stored.</param>
    /// <param name="rejected">Points the server refused (400, 422, or 413 for a single line).</param>
    /// <param name="dropped">Points the backpressure mode dropped.</param>
    /// <param name="givenUp">Points the writer gave up on: retries used up, circuit open, a configuration error, or disposed in time.</param>
    /// <param name="kept">Points not written but kept in the durable buffer for the next start.</param>
    /// <param name="stillBuffered">Points still buffered when the flush stopped waiting (they are still being sent).</param>
    /// <param name="failures">The failures no handler took, with their lines.</param>
    public FlushResult(long written, long rejected = 0, long dropped = 0, long givenUp = 0, long kept = 0, long stillBuffered = 0,
        IReadOnlyList<WriteFailedEventArgs>? failures = null)
    {
        Written = written;
        Rejected = rejected;
        Dropped = dropped;
        GivenUp = givenUp;
        Kept = kept;
        StillBuffered = stillBuffered;
        Failures = failures ?? [];
    }

    /// <summary>Points the server stored.</summary>
    public long Written { get; }

    /// <summary>Points the server refused: 400 or 422 (their lines are reported), or 413 for a single line. Sending them again would fail again.</summary>
    public long Rejected { get; }

    /// <summary>Points dropped because the buffer was full (<see cref="BackpressureMode.DropOldest"/>, <see cref="BackpressureMode.DropNewest"/>).</summary>
    public long Dropped { get; }

    /// <summary>
    /// Points the writer gave up on: retries used up (<see cref="InfluxResilienceOptions.MaxRetryAttempts"/>,
    /// <see cref="InfluxResilienceOptions.MaxTotalRetryTime"/>), the circuit stayed open, another 4xx answer, or the
    /// writer was closed before they were written (a configuration error such as 401 holds points until then).
    /// </summary>
    public long GivenUp { get; }

    /// <summary>Points not written that stay in the durable buffer (<see cref="WriteOptions.DurableBufferPath"/>) for the next writer on the folder: not lost.</summary>
    public long Kept { get; }

    /// <summary>Points still buffered when the flush stopped waiting (<see cref="WriteOptions.FlushTimeout"/>, or a configuration error); the writer is still sending them.</summary>
    public long StillBuffered { get; }

    /// <summary>Points that will not be stored: <see cref="Rejected"/> + <see cref="Dropped"/> + <see cref="GivenUp"/>.</summary>
    public long Lost => Rejected + Dropped + GivenUp;

    /// <summary>Whether every point the flush waited for was settled (nothing <see cref="StillBuffered"/>).</summary>
    public bool IsComplete => StillBuffered == 0;

    /// <summary>
    /// The failures that no <see cref="WriteOptions.OnWriteFailed"/> or <see cref="MeasurementWriter{T}.WriteFailed"/>
    /// handler took, each with its lines, status and server message (at most <see cref="MaxRetainedLines"/> lines in all;
    /// the counts above are always exact). Failures a handler received are counted but not repeated here.
    /// </summary>
    public IReadOnlyList<WriteFailedEventArgs> Failures { get; }

    /// <summary>How many lines of failures nobody handled a writer keeps for its next flush: 10,000.</summary>
    public const int MaxRetainedLines = 10_000;

    /// <summary>The counts in one line, e.g. <c>written 4,980, rejected 20, dropped 0, given up 0</c>.</summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"written {Written:N0}, rejected {Rejected:N0}, dropped {Dropped:N0}, given up {GivenUp:N0}");
        if (Kept > 0) text += string.Create(CultureInfo.InvariantCulture, $", kept on disk {Kept:N0}");
        if (StillBuffered > 0) text += string.Create(CultureInfo.InvariantCulture, $", still buffered {StillBuffered:N0}");
        return text;
    }
}
