namespace HomeIQ.Influx;

/// <summary>
/// Retry, circuit-breaker and timeout settings that <see cref="InfluxResiliencePipeline.Create"/> turns into a Polly
/// pipeline. Retries cover 429, 500, 502, 503, 504, timeouts and connection failures; 4xx answers other than 429 are
/// never retried.
/// </summary>
public sealed class InfluxResilienceOptions
{
    /// <summary>
    /// How many times a failed request is retried (0 turns retries off). Default 10. Only attempts that were sent count:
    /// one the open circuit refuses without sending waits for the circuit's break instead.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 10;

    /// <summary>
    /// The first backoff delay; each backoff doubles it (with jitter), up to <see cref="MaxRetryDelay"/>. Default 1 s. A
    /// retry that waits for the server's <c>Retry-After</c> or for the circuit's break does not double it.
    /// </summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff delay, jitter included. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait a server's <c>Retry-After</c> (seconds or HTTP date) can ask for. Default 60 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a request may keep being retried, from its first attempt; no retry starts after that. Default 3 min.</summary>
    public TimeSpan MaxTotalRetryTime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Whether backoff delays are randomized so that many clients do not retry in step: a delay <c>d</c> is drawn from
    /// <c>[0.75 d, 1.25 d]</c>, never above <see cref="MaxRetryDelay"/>. Default on.
    /// </summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>The timeout of one HTTP attempt; <see langword="null"/> uses <see cref="InfluxClientOptions.Timeout"/>.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Whether the circuit breaker is on. Default on.</summary>
    public bool EnableCircuitBreaker { get; set; } = true;

    /// <summary>The share of failed attempts in <see cref="CircuitBreakerSamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>How many attempts the sampling window needs before the circuit can open (at least 2). Default 10.</summary>
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    /// <summary>The window over which failures are counted (at least 0.5 s). Default 30 s.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the circuit stays open before one probe request is let through, and again after a probe fails (at least
    /// 0.5 s). Default 1 s: a server that comes back is found within about a second, at the cost of one request a
    /// second while it is down (it was 5 s, so a failed probe kept every writer waiting 5 s more).
    /// </summary>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A copy of these options.</summary>
    public InfluxResilienceOptions Clone() => (InfluxResilienceOptions)MemberwiseClone();

    /// <summary>Checks the settings and returns the problems, each naming its setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MaxRetryAttempts < 0) problems.Add($"MaxRetryAttempts must be 0 or more, not {MaxRetryAttempts}.");
        if (RetryDelay < TimeSpan.Zero || RetryDelay > TimeSpan.FromDays(1)) problems.Add($"RetryDelay must be between 0 and 1 day, not {RetryDelay}.");
        if (MaxRetryDelay < RetryDelay) problems.Add($"MaxRetryDelay ({MaxRetryDelay}) must not be shorter than RetryDelay ({RetryDelay}).");
        if (MaxRetryAfter < TimeSpan.Zero) problems.Add($"MaxRetryAfter must not be negative, not {MaxRetryAfter}.");
        if (MaxTotalRetryTime <= TimeSpan.Zero) problems.Add($"MaxTotalRetryTime must be positive, not {MaxTotalRetryTime}.");
        if (RequestTimeout is { } t && (t < TimeSpan.FromMilliseconds(10) || t > TimeSpan.FromDays(1)))
            problems.Add($"RequestTimeout must be between 10 ms and 1 day, not {t}.");
        if (EnableCircuitBreaker)
        {
            if (CircuitBreakerFailureRatio is <= 0 or > 1) problems.Add($"CircuitBreakerFailureRatio must be above 0 and at most 1, not {CircuitBreakerFailureRatio}.");
            if (CircuitBreakerMinimumThroughput < 2) problems.Add($"CircuitBreakerMinimumThroughput must be at least 2, not {CircuitBreakerMinimumThroughput}.");
            if (CircuitBreakerSamplingDuration < TimeSpan.FromMilliseconds(500)) problems.Add($"CircuitBreakerSamplingDuration must be at least 0.5 s, not {CircuitBreakerSamplingDuration}.");
            if (CircuitBreakerBreakDuration < TimeSpan.FromMilliseconds(500)) problems.Add($"CircuitBreakerBreakDuration must be at least 0.5 s, not {CircuitBreakerBreakDuration}.");
        }
        return problems;
    }
}
