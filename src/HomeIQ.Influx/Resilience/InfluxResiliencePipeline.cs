using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using HomeIQ.Influx.Common;
using HomeIQ.Influx.Resilience;
using HomeIQ.Influx.Telemetry;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace HomeIQ.Influx;

/// <summary>
/// Builds the Polly pipeline HomeIQ.Influx sends its HTTP requests through (writes and queries share it), and sends
/// requests through a pipeline: retry (outermost) → circuit breaker → per-attempt timeout.
/// </summary>
public static class InfluxResiliencePipeline
{
    /// <summary>The context property holding the operation name (<c>write</c>, <c>query</c>), used in logs, metrics and spans.</summary>
    public static readonly ResiliencePropertyKey<string> OperationKey = new("HomeIQ.Influx.Operation");

    /// <summary>The context property holding the writer's name, used as the <c>writer</c> tag of the retry metric.</summary>
    public static readonly ResiliencePropertyKey<string> WriterKey = new("HomeIQ.Influx.Writer");

    // When the request started, how many attempts were sent, how many backoffs waited (see RetryBudget).
    internal static readonly ResiliencePropertyKey<RetryBudget> BudgetKey = new("HomeIQ.Influx.RetryBudget");

    // Where a writer wants the last failed attempt noted (RetryNote), for its messages.
    internal static readonly ResiliencePropertyKey<RetryNote> NoteKey = new("HomeIQ.Influx.RetryNote");

    private static readonly TimeSpan HalfOpenMargin = TimeSpan.FromMilliseconds(25);

    /// <summary>
    /// Creates the pipeline described by <paramref name="options"/>. <paramref name="defaultRequestTimeout"/> is the
    /// per-attempt timeout when <see cref="InfluxResilienceOptions.RequestTimeout"/> is not set (normally
    /// <see cref="InfluxClientOptions.Timeout"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names every bad setting.</exception>
    public static ResiliencePipeline<HttpResponseMessage> Create(InfluxResilienceOptions options, TimeSpan defaultRequestTimeout, ILogger? logger = null) =>
        CreateCore(options, defaultRequestTimeout, logger, retryWhileCircuitOpen: true);

    /// <summary>
    /// <see cref="Create(InfluxResilienceOptions, TimeSpan, ILogger?)"/>, choosing what an open circuit does: writers
    /// (<paramref name="retryWhileCircuitOpen"/>) wait for the break to end and probe, since their batches are queued
    /// anyway; a query has a caller waiting, so it fails at once instead.
    /// </summary>
    internal static ResiliencePipeline<HttpResponseMessage> CreateCore(InfluxResilienceOptions options, TimeSpan defaultRequestTimeout, ILogger? logger, bool retryWhileCircuitOpen)
    {
        ArgumentNullException.ThrowIfNull(options);
        OptionsProblems.ThrowIfAny(options.Validate(), nameof(InfluxResilienceOptions), nameof(options));
        var o = options.Clone();
        var log = logger ?? NullLogger.Instance;
        var recovery = new CircuitRecovery();
        var streak = new FailureStreak();
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();

        if (o.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                // The attempt budget is counted here, in sent attempts (RetryBudget.Attempts), not by Polly: an attempt the
                // open circuit refuses without sending must not use it up.
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args =>
                {
                    bool transient = IsTransient(args.Outcome, args.Context.CancellationToken);
                    streak.Record(args.Outcome, transient);
                    return ValueTask.FromResult(transient && Remaining(args.Context, o) > TimeSpan.Zero && AttemptsLeft(args.Context, o)
                        && (retryWhileCircuitOpen || args.Outcome.Exception is not BrokenCircuitException));
                },
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(ComputeDelay(args.Outcome, args.Context, o, streak)),
                // Backoff and circuit waits are done here rather than by Polly (ComputeDelay hands Polly zero), so that
                // the circuit closing can end them (CircuitRecovery); a Retry-After wait is Polly's, as asked.
                OnRetry = args =>
                {
                    var operation = Operation(args.Context);
                    InfluxTelemetry.BatchesRetried.Add(1,
                        new KeyValuePair<string, object?>("operation", operation),
                        new KeyValuePair<string, object?>("writer", args.Context.Properties.GetValue(WriterKey, "")));
                    var wait = TimeSpan.Zero;
                    if (args.Context.Properties.TryGetValue(BudgetKey, out var budget))
                    {
                        wait = budget.PendingWait;
                        budget.PendingWait = TimeSpan.Zero;
                    }
                    var reason = Describe(args.Outcome);
                    if (args.Context.Properties.TryGetValue(NoteKey, out var note)) note.Retry(reason);
                    ResilienceLog.Retrying(log, operation, reason, args.AttemptNumber + 1, (wait > TimeSpan.Zero ? wait : args.RetryDelay).TotalMilliseconds);
                    return wait > TimeSpan.Zero ? recovery.WaitAsync(wait, args.Context.CancellationToken) : default;
                },
            });
        }

        if (o.EnableCircuitBreaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = o.CircuitBreakerFailureRatio,
                MinimumThroughput = o.CircuitBreakerMinimumThroughput,
                SamplingDuration = o.CircuitBreakerSamplingDuration,
                BreakDuration = o.CircuitBreakerBreakDuration,
                // 429 says "slow down", not "broken": it is retried but does not count towards opening the circuit.
                ShouldHandle = args => ValueTask.FromResult(
                    IsTransient(args.Outcome, args.Context.CancellationToken) && args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests),
                OnOpened = args =>
                {
                    ResilienceLog.CircuitOpened(log, Operation(args.Context), args.BreakDuration.TotalMilliseconds, Describe(args.Outcome));
                    return default;
                },
                OnHalfOpened = args =>
                {
                    ResilienceLog.CircuitHalfOpened(log, Operation(args.Context));
                    return default;
                },
                OnClosed = args =>
                {
                    ResilienceLog.CircuitClosed(log, Operation(args.Context));
                    recovery.Closed();
                    return default;
                },
            });
        }

        builder.AddTimeout(o.RequestTimeout ?? defaultRequestTimeout);
        return builder.Build();
    }

    /// <summary>
    /// Sends the request that <paramref name="requestFactory"/> builds (a fresh one per attempt, since a request cannot
    /// be sent twice) through <paramref name="pipeline"/> and returns the final response, whose content is buffered.
    /// The caller disposes it. Each attempt is one <c>HomeIQ.Influx</c> activity (see the README's "OpenTelemetry" for its tags).
    /// </summary>
    /// <exception cref="TimeoutRejectedException">The last attempt timed out.</exception>
    /// <exception cref="BrokenCircuitException">The circuit was open and retries were used up.</exception>
    /// <exception cref="HttpRequestException">The last attempt could not connect or lost the connection.</exception>
    public static Task<HttpResponseMessage> SendAsync(
        ResiliencePipeline<HttpResponseMessage> pipeline,
        HttpClient httpClient,
        Func<HttpRequestMessage> requestFactory,
        string operation,
        string? writer = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requestFactory);
        return SendAsync(pipeline, httpClient, static factory => factory(), requestFactory, operation, writer, HttpCompletionOption.ResponseContentRead, cancellationToken).AsTask();
    }

    /// <summary>
    /// <see cref="SendAsync(ResiliencePipeline{HttpResponseMessage}, HttpClient, Func{HttpRequestMessage}, string, string?, CancellationToken)"/>
    /// with the factory's state passed along, so that a static factory needs no closure. The writer sends every batch
    /// this way, so it is also built to allocate little per request: pooled async state machines, and the pipeline's
    /// outcome API, which skips the wrapping Polly does around a callback that returns a plain result. Queries pass
    /// <see cref="HttpCompletionOption.ResponseHeadersRead"/> (their rows are streamed later, outside the retries);
    /// writes and probes read the whole (short) answer.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal static async ValueTask<HttpResponseMessage> SendAsync<TState>(
        ResiliencePipeline<HttpResponseMessage> pipeline,
        HttpClient httpClient,
        Func<TState, HttpRequestMessage> requestFactory,
        TState factoryState,
        string operation,
        string? writer,
        HttpCompletionOption completion,
        CancellationToken cancellationToken,
        RetryNote? note = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(requestFactory);
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        Outcome<HttpResponseMessage> outcome;
        try
        {
            context.Properties.Set(OperationKey, operation);
            context.Properties.Set(BudgetKey, new RetryBudget { Started = Stopwatch.GetTimestamp() });
            if (writer is not null) context.Properties.Set(WriterKey, writer);
            if (note is not null) context.Properties.Set(NoteKey, note);
            outcome = await pipeline.ExecuteOutcomeAsync(
                static (ctx, state) => AttemptAsync(ctx, state.httpClient, state.requestFactory, state.factoryState, state.operation, state.writer, state.completion),
                context,
                (httpClient, requestFactory, factoryState, operation, writer, completion)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
        outcome.ThrowIfException();
        return outcome.Result!;
    }

    // One attempt: builds a fresh request (one cannot be sent twice), sends it in its own activity, and returns the
    // response or the exception as an outcome: the outcome API expects the callback not to throw.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync<TState>(
        ResilienceContext context, HttpClient httpClient, Func<TState, HttpRequestMessage> requestFactory, TState factoryState, string operation, string? writer,
        HttpCompletionOption completion)
    {
        HttpRequestMessage request;
        try
        {
            request = requestFactory(factoryState);
        }
        catch (Exception ex)
        {
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
        using var disposeRequest = request;
        if (context.Properties.TryGetValue(BudgetKey, out var budget)) budget.Attempts++;
        using var activity = InfluxActivity.StartAttempt(context, request, operation, writer);
        try
        {
            var response = await httpClient.SendAsync(request, completion, context.CancellationToken).ConfigureAwait(false);
            if (activity is not null) InfluxActivity.Answered(activity, response);
            return Outcome.FromResult(response);
        }
        catch (Exception ex)
        {
            if (activity is not null) InfluxActivity.Failed(activity, ex);
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }

    /// <summary>Whether a status is worth retrying: 408, 429, 500, 502, 503, 504.</summary>
    public static bool IsTransientStatus(HttpStatusCode status) => status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>
    /// The wait a response asks for in <c>Retry-After</c> (seconds or an HTTP date, measured from <paramref name="now"/>),
    /// or <see langword="null"/> when it has none.
    /// </summary>
    public static TimeSpan? GetRetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        RetryConditionHeaderValue? retryAfter = response.Headers.RetryAfter;
        if (retryAfter is null) return null;
        if (retryAfter.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (retryAfter.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome, CancellationToken token)
    {
        if (outcome.Result is { } response) return IsTransientStatus(response.StatusCode);
        return outcome.Exception switch
        {
            null => false,
            // The caller's own cancellation is not a fault to retry.
            OperationCanceledException when token.IsCancellationRequested => false,
            TimeoutRejectedException or BrokenCircuitException or HttpRequestException or IOException or System.Net.Sockets.SocketException => true,
            // HttpClient reports a timeout of its own (when the caller set HttpClient.Timeout) as TaskCanceledException.
            TaskCanceledException => true,
            _ => false,
        };
    }

    private static TimeSpan Remaining(ResilienceContext context, InfluxResilienceOptions o)
    {
        if (!context.Properties.TryGetValue(BudgetKey, out var budget)) return o.MaxTotalRetryTime;
        return o.MaxTotalRetryTime - Stopwatch.GetElapsedTime(budget.Started);
    }

    // The first attempt and MaxRetryAttempts retries, counting only attempts that were sent.
    private static bool AttemptsLeft(ResilienceContext context, InfluxResilienceOptions o) =>
        !context.Properties.TryGetValue(BudgetKey, out var budget) || budget.Attempts <= o.MaxRetryAttempts;

    // Three kinds of wait, and only the last grows: the server's own Retry-After (measured: counting it in the exponent
    // made a 500 after five 503s wait 31.9 s), the circuit's break, and exponential backoff (RetryDelays.Backoff), whose
    // exponent is the request's backoffs so far, capped by the pipeline's failures in a row (FailureStreak).
    private static TimeSpan ComputeDelay(Outcome<HttpResponseMessage> outcome, ResilienceContext context, InfluxResilienceOptions o, FailureStreak streak)
    {
        TimeSpan delay;
        bool waitedByPolly = false;
        if (outcome.Result is { } response && GetRetryAfter(response, DateTimeOffset.UtcNow) is { } retryAfter)
        {
            delay = retryAfter > o.MaxRetryAfter ? o.MaxRetryAfter : retryAfter;
            waitedByPolly = true;
        }
        else if (outcome.Exception is BrokenCircuitException { RetryAfter: { } untilHalfOpen })
        {
            // Waiting for the break to end makes the next attempt the half-open probe instead of another rejection. The
            // margin matters: the breaker compares wall-clock time, and timers can fire a little early.
            delay = (untilHalfOpen < TimeSpan.Zero ? TimeSpan.Zero : untilHalfOpen) + HalfOpenMargin;
        }
        else if (outcome.Exception is BrokenCircuitException)
        {
            delay = o.RetryDelay; // a refusal that does not say for how long (an isolated circuit): the base delay, not growing
        }
        else
        {
            // The request's own count of backoffs, capped by the failures in a row across the pipeline (FailureStreak).
            int backoffs = context.Properties.TryGetValue(BudgetKey, out var budget) ? budget.Backoffs++ : 0;
            delay = RetryDelays.Backoff(Math.Min(backoffs, Math.Max(0, streak.Count - 1)), o, Random.Shared.NextDouble());
        }
        var remaining = Remaining(context, o);
        if (delay > remaining) delay = remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining;
        if (!waitedByPolly && context.Properties.TryGetValue(BudgetKey, out var own))
        {
            own.PendingWait = delay; // OnRetry waits it, and the circuit closing can end it early
            return TimeSpan.Zero;
        }
        return delay;
    }

    private static string Operation(ResilienceContext context) => context.Properties.GetValue(OperationKey, "request");

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } r ? $"HTTP {(int)r.StatusCode}" : outcome.Exception is { } e ? e.GetType().Name + ": " + e.Message : "unknown";
}
