namespace HomeIQ.Influx.Resilience;

/// <summary>The backoff rule, in one place so that it can be tested without a pipeline.</summary>
internal static class RetryDelays
{
    /// <summary>
    /// The exponential backoff after <paramref name="backoffs"/> earlier ones: <c>d = RetryDelay × 2^backoffs</c>, capped at
    /// <c>MaxRetryDelay</c>; with jitter, drawn uniformly from <c>[0.75 d, min(1.25 d, MaxRetryDelay)]</c>. The cap holds
    /// after jitter (it was applied before it, so delays reached 1.25 × MaxRetryDelay), and capped delays still spread
    /// over a quarter of the cap instead of all firing at once.
    /// </summary>
    /// <param name="backoffs">How many exponential delays this request has already waited.</param>
    /// <param name="options">RetryDelay, MaxRetryDelay, UseJitter.</param>
    /// <param name="roll">A uniform random number in [0, 1) (the jitter), ignored without jitter.</param>
    public static TimeSpan Backoff(int backoffs, InfluxResilienceOptions options, double roll)
    {
        double max = options.MaxRetryDelay.TotalMilliseconds;
        double d = Math.Min(options.RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(backoffs, 0, 30)), max);
        if (options.UseJitter)
        {
            double low = 0.75 * d, high = Math.Min(1.25 * d, max);
            d = low + ((high - low) * roll);
        }
        return TimeSpan.FromMilliseconds(d);
    }
}
