using Polly;
using Polly.CircuitBreaker;

namespace HomeIQ.Influx.Resilience;

/// <summary>
/// How many attempts of one pipeline (one writer, or one client's queries) have failed in a row, across all its
/// requests: any answer that is not a transient failure (a success, or a 4xx that is the request's own fault) ends the
/// streak. The backoff exponent of a request is capped by it: a failure right after another request succeeded says the
/// server works and this attempt was unlucky (a reset connection, a stall), so its next wait starts again from
/// RetryDelay; while everything fails (an outage, overload) the exponent grows as usual. The idea of gRPC's retry
/// throttling, which also lets the successes of other calls decide. Measured with the chaos scenario: with the exponent
/// per request only, the few batches that failed four or five times in a row (out of 200, at 30 % failures) slept 15-31 s
/// after the server had long been answering the others.
/// </summary>
internal sealed class FailureStreak
{
    private int _count;

    /// <summary>Consecutive transient failures, this one included, since the last answer that was not one.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Counts one attempt's outcome. An attempt the open circuit refused was not sent: it counts neither way.</summary>
    public void Record(Outcome<HttpResponseMessage> outcome, bool transient)
    {
        if (outcome.Exception is BrokenCircuitException) return;
        if (transient) Interlocked.Increment(ref _count);
        else if (outcome.Result is not null && Volatile.Read(ref _count) != 0) Volatile.Write(ref _count, 0);
    }
}
