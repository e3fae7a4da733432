namespace HomeIQ.Influx.Resilience;

/// <summary>
/// Wakes the requests of one pipeline that wait between retries when its circuit closes again, that is when a probe
/// found the server healthy after it had been failing. Without it, a batch that failed during an outage slept out its
/// grown backoff (up to MaxRetryDelay) after the server was back: measured in the chaos scenario with a 5 s outage,
/// batches resumed up to 16 s after the probe had succeeded. Waits that follow the server's own Retry-After are not
/// woken: the server asked for them.
/// </summary>
internal sealed class CircuitRecovery
{
    private TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The circuit closed: every current wait ends now.</summary>
    public void Closed() => Interlocked.Exchange(ref _closed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits <paramref name="delay"/>, or less if the circuit closes; returns early (without throwing) when <paramref name="cancellationToken"/> is cancelled.</summary>
    public async ValueTask WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var closed = Volatile.Read(ref _closed).Task;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sleep = Task.Delay(delay, timer.Token);
        await Task.WhenAny(sleep, closed).ConfigureAwait(false);
        await timer.CancelAsync().ConfigureAwait(false); // stops the timer when the circuit closed first
    }
}
