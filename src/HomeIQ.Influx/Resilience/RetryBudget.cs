namespace HomeIQ.Influx.Resilience;

/// <summary>
/// What one request has used of its retry budget, kept in its resilience context: when it started, how many attempts
/// reached the HTTP client, and how many exponential backoff delays it has waited. One object per request, so the
/// pipeline boxes nothing per attempt.
/// </summary>
internal sealed class RetryBudget
{
    /// <summary>Stopwatch timestamp of the first attempt: no retry starts once MaxTotalRetryTime has passed since then.</summary>
    public long Started { get; init; }

    /// <summary>Attempts that were sent. Attempts the open circuit refused without sending are not counted: they cost the
    /// server nothing, and several batches waiting for the same probe would otherwise burn their retries in a second.</summary>
    public int Attempts;

    /// <summary>Exponential backoff delays waited so far: the exponent of the next one. Waits that follow the server's
    /// <c>Retry-After</c> or the circuit's break do not count, so a server that asks for a second gets a second.</summary>
    public int Backoffs;

    /// <summary>The wait the next retry does itself (backoff or circuit), so that a closing circuit can cut it short.</summary>
    public TimeSpan PendingWait;
}
