namespace HomeIQ.Influx.Resilience;

/// <summary>
/// What one sender of requests learns about their retries: whether its current request is being retried, and the last
/// failed attempt, as the retry log describes it (status or exception type and message; never a header). A writer keeps
/// one per send worker: a batch that is retrying lets other batches go ahead of it, and a flush that gives up can say
/// why the server has not taken the points (for example "HttpRequestException: Connection refused") even to a user who
/// attached no logger. Allocated once per worker and touched only on retries.
/// </summary>
internal sealed class RetryNote
{
    private string? _last;
    private int _retrying;

    /// <summary>Called on each retry with the failed attempt's description (before the wait), when set.</summary>
    public Action<RetryNote, string>? Retried { get; init; }

    /// <summary>The last failed attempt.</summary>
    public string? Last => Volatile.Read(ref _last);

    /// <summary>Whether the current request has been retried at least once.</summary>
    public bool IsRetrying => Volatile.Read(ref _retrying) != 0;

    /// <summary>A retry of the current request is about to wait (called by the pipeline).</summary>
    public void Retry(string reason)
    {
        Volatile.Write(ref _last, reason);
        Volatile.Write(ref _retrying, 1);
        Retried?.Invoke(this, reason);
    }

    /// <summary>The current request is done; returns whether it had been retried.</summary>
    public bool Done() => Interlocked.Exchange(ref _retrying, 0) != 0;
}
