using System.Net;
using System.Text.RegularExpressions;
using HomeIQ.Influx.Resilience;
using HomeIQ.Influx.Testing;
using Xunit;

namespace HomeIQ.Influx.Tests.Resilience;

/// <summary>
/// The waits between retries: exponential backoff under a cap that holds after jitter, growing only while the
/// pipeline's requests fail in a row, and retries that follow the server's Retry-After or the circuit's break without
/// growing it (issue 14: a 500 after five Retry-After answers waited 31.9 s, and delays reached 37.5 s against a maximum
/// of 30 s).
/// </summary>
public sealed partial class RetryDelayTests
{
    private static readonly InfluxResilienceOptions Defaults = new();

    [Theory]
    [InlineData(0, 1_000)]
    [InlineData(1, 2_000)]
    [InlineData(4, 16_000)]
    [InlineData(5, 30_000)]
    [InlineData(30, 30_000)]
    [InlineData(100, 30_000)]
    public void WithoutJitterTheDelayDoublesUpToTheCap(int backoffs, int expectedMs)
    {
        var options = new InfluxResilienceOptions { UseJitter = false };
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryDelays.Backoff(backoffs, options, 0.99));
    }

    [Fact]
    public void JitterSpreadsTheDelayAndNeverPassesTheCap()
    {
        for (int backoffs = 0; backoffs < 12; backoffs++)
        {
            double d = Math.Min(1_000 * Math.Pow(2, backoffs), 30_000);
            var lowest = RetryDelays.Backoff(backoffs, Defaults, 0.0);
            var highest = RetryDelays.Backoff(backoffs, Defaults, 0.999_999);
            Assert.Equal(0.75 * d, lowest.TotalMilliseconds, 3);
            Assert.InRange(highest.TotalMilliseconds, d * 0.99, Math.Min(1.25 * d, 30_000));
            Assert.True(highest <= Defaults.MaxRetryDelay, $"backoff {backoffs}: {highest} is above the cap");
        }
        // At the cap the delays still spread over a quarter of it, so capped retries do not fire in step.
        Assert.Equal(22_500, RetryDelays.Backoff(20, Defaults, 0.0).TotalMilliseconds, 3);
        Assert.Equal(30_000, RetryDelays.Backoff(20, Defaults, 0.999_999).TotalMilliseconds, 0);
    }

    [Fact]
    public async Task RetryAfterAnswersDoNotGrowTheBackoffOfTheNextFailure()
    {
        // Five 503s asking for 0 s, then a 500: the 500's backoff is the first one (RetryDelay), not RetryDelay × 2^5.
        var answers = new Queue<HttpResponseMessage>();
        for (int i = 0; i < 5; i++)
        {
            var busy = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
            busy.Headers.TryAddWithoutValidation("Retry-After", "0");
            answers.Enqueue(busy);
        }
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.InternalServerError));
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.NoContent));
        var delays = await SendAsync(answers, new InfluxResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(40), UseJitter = false, EnableCircuitBreaker = false });
        Assert.Equal([0, 0, 0, 0, 0, 40], delays);
    }

    [Fact]
    public async Task WhileEverythingFailsTheBackoffDoubles()
    {
        var answers = new Queue<HttpResponseMessage>();
        for (int i = 0; i < 3; i++) answers.Enqueue(new HttpResponseMessage(HttpStatusCode.InternalServerError));
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.NoContent));
        var delays = await SendAsync(answers, new InfluxResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(20), UseJitter = false, EnableCircuitBreaker = false });
        Assert.Equal([20, 40, 80], delays);
    }

    [Fact]
    public async Task AFailureAfterAnotherRequestSucceededStartsAgainFromTheFirstDelay()
    {
        // Request A fails three times; before its third answer, request B on the same pipeline succeeds: the server works,
        // so A's third failure is bad luck and its wait starts from RetryDelay again instead of doubling.
        var bDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int aAttempts = 0;
        var handler = new FuncHandler(async request =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/b", StringComparison.Ordinal)) return new HttpResponseMessage(HttpStatusCode.NoContent);
            int attempt = Interlocked.Increment(ref aAttempts);
            if (attempt == 3) await bDone.Task;
            return new HttpResponseMessage(attempt <= 3 ? HttpStatusCode.InternalServerError : HttpStatusCode.NoContent);
        });
        var logs = new CapturingLoggerFactory();
        var pipeline = InfluxResiliencePipeline.Create(
            new InfluxResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(20), UseJitter = false, EnableCircuitBreaker = false },
            TimeSpan.FromSeconds(5), logs.CreateLogger("test"));
        using var http = new HttpClient(handler);
        var a = InfluxResiliencePipeline.SendAsync(pipeline, http, () => new HttpRequestMessage(HttpMethod.Post, "http://influx.invalid/a"), "write");
        while (Volatile.Read(ref aAttempts) < 3) await Task.Delay(5); // A waits for its third answer
        using (var b = await InfluxResiliencePipeline.SendAsync(pipeline, http, () => new HttpRequestMessage(HttpMethod.Post, "http://influx.invalid/b"), "write"))
            Assert.Equal(HttpStatusCode.NoContent, b.StatusCode);
        bDone.SetResult();
        using var response = await a;
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([20, 40, 20], Delays(logs));
    }

    [Fact]
    public async Task AttemptsTheOpenCircuitRefusesDoNotUseUpTheRetries()
    {
        // Two failures open the circuit (minimum throughput 2); the refused attempts wait for the half-open probe and
        // do not count, so one retry is still left for the probe, which succeeds.
        var answers = new Queue<HttpResponseMessage>();
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.BadGateway));
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.BadGateway));
        answers.Enqueue(new HttpResponseMessage(HttpStatusCode.NoContent));
        var options = new InfluxResilienceOptions
        {
            MaxRetryAttempts = 2,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            UseJitter = false,
            CircuitBreakerMinimumThroughput = 2,
            CircuitBreakerBreakDuration = TimeSpan.FromMilliseconds(500),
        };
        var handler = new QueueHandler(answers);
        var logs = new CapturingLoggerFactory();
        var pipeline = InfluxResiliencePipeline.Create(options, TimeSpan.FromSeconds(5), logs.CreateLogger("test"));
        using var http = new HttpClient(handler);
        using var response = await InfluxResiliencePipeline.SendAsync(pipeline, http, () => new HttpRequestMessage(HttpMethod.Post, "http://influx.invalid/write"), "write");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(3, handler.Sent);
    }

    // Sends one request through a pipeline over canned answers and returns the delays the retries announced (ms).
    private static async Task<int[]> SendAsync(Queue<HttpResponseMessage> answers, InfluxResilienceOptions options)
    {
        var logs = new CapturingLoggerFactory();
        var pipeline = InfluxResiliencePipeline.Create(options, TimeSpan.FromSeconds(5), logs.CreateLogger("test"));
        using var http = new HttpClient(new QueueHandler(answers));
        using var response = await InfluxResiliencePipeline.SendAsync(pipeline, http, () => new HttpRequestMessage(HttpMethod.Post, "http://influx.invalid/write"), "write");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        return Delays(logs);
    }

    // The delays the retries announced (ms), in order.
    private static int[] Delays(CapturingLoggerFactory logs) =>
        logs.Entries.Where(e => e.Id.Id == 1102)
            .Select(e => (int)Math.Round(double.Parse(DelayMs().Match(e.Text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();

    private sealed class FuncHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request);
    }

    [GeneratedRegex(@"DelayMs=([0-9.]+)")]
    private static partial Regex DelayMs();

    private sealed class QueueHandler(Queue<HttpResponseMessage> answers) : HttpMessageHandler
    {
        public int Sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent++;
            lock (answers) return Task.FromResult(answers.Dequeue());
        }
    }
}
