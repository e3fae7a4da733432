using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using HomeIQ.Influx.Reliability.Tests.Infrastructure;
using HomeIQ.Influx.Testing;
using Microsoft.Extensions.Logging;
using Xunit;

// HIQ002 (client created per call) is expected here: each scenario needs its own client (token, user/password, failing endpoint) so that every secret is exercised separately.
#pragma warning disable HIQ002

namespace HomeIQ.Influx.Reliability.Tests.Security;

/// <summary>
/// Runs writes, queries and pings with a known token and a known v1 password against the real server, a server that
/// answers 401, a 500, and a port that refuses connections; captures every log entry (Trace and up), every exception
/// (with inner exceptions), every failure report and every activity tag, and finds the secrets in none of them.
/// </summary>
public sealed class SecretTests : IDisposable
{
    private const string Token = "tok-7Hq2-SECRET-Zx9";
    private const string User = "homeiq-user";
    private const string Password = "pw-4Kd8-SECRET-Lm3";
    private static readonly string Basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    private readonly CapturingLoggerFactory _logs = new();
    private readonly ConcurrentQueue<string> _seen = new(); // exceptions, reports, ToString()s, activity data
    private readonly ActivityListener _listener;

    public SecretTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "HomeIQ.Influx",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                var text = new StringBuilder($"{activity.DisplayName} {activity.OperationName} {activity.StatusDescription}");
                foreach (var tag in activity.TagObjects) text.Append($" {tag.Key}={tag.Value}");
                foreach (var e in activity.Events)
                {
                    text.Append(' ').Append(e.Name);
                    foreach (var tag in e.Tags) text.Append($" {tag.Key}={tag.Value}");
                }
                foreach (var item in activity.Baggage) text.Append($" {item.Key}={item.Value}");
                _seen.Enqueue("activity: " + text);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Fact]
    public async Task TheTokenAndPasswordAppearNowhere()
    {
        var server = await InfluxServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("secrets");
        await using var unauthorized = new StubHttpServer(401, "{\"error\":\"authorization failed\"}");
        await using var broken = new StubHttpServer(500, "{\"error\":\"boom\"}");
        var refused = ReliabilityKit.DeadUrl();
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);

        foreach (var url in new[] { server.Url, unauthorized.Url, broken.Url, refused })
        {
            await ExerciseAsync(url, database, http, token: Token);
            await ExerciseAsync(url, database, http, user: User, password: Password);
        }

        // The activities were seen, the logs were written at every level, the failures happened: the search below means something.
        Assert.Contains(_seen, s => s.StartsWith("activity:", StringComparison.Ordinal));
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Debug);
        Assert.Contains(_logs.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains(_seen, s => s.Contains("401", StringComparison.Ordinal));
        Assert.Contains(_seen, s => s.Contains("refused", StringComparison.OrdinalIgnoreCase));
        // The secrets were really sent, in the Authorization header and nowhere in the address.
        Assert.Contains(handler.Requests, r => r.Authorization == "Token " + Token);
        Assert.Contains(handler.Requests, r => r.Authorization == "Basic " + Basic);
        Assert.All(handler.Requests, r => AssertClean(r.Uri.OriginalString, "a request URI"));
        Assert.All(handler.Requests, r => Assert.True(string.IsNullOrEmpty(r.Uri.UserInfo)));

        AssertClean(_logs.AllText, "the logs");
        foreach (var text in _seen) AssertClean(text, "exceptions, reports and activities");
    }

    [Fact]
    public void CredentialsInTheUrlAreRefusedWithoutRepeatingThem()
    {
        var options = new InfluxClientOptions { Url = new Uri($"http://{User}:{Password}@localhost:8086/"), Database = "d", Api = InfluxApiVersion.V1 };
        var problems = options.Validate();
        Assert.Contains(problems, p => p.Contains("credentials", StringComparison.Ordinal));
        var ex = Assert.Throws<InvalidOperationException>(() => new InfluxClient(options));
        AssertClean(ex.ToString(), "the exception");
        AssertClean(string.Join(" ", problems), "the problems");
        var fromEnvironment = Assert.Throws<InvalidOperationException>(() => InfluxClientOptions.FromVariables(name => name == "INFLUXDB_URL" ? $"http://{User}:{Password}@[bad" : null));
        AssertClean(fromEnvironment.ToString(), "the environment error");
    }

    [Fact]
    public async Task CertificatesAreValidatedUnlessTheUserOptsOutWithAWarning()
    {
        await using var tls = new StubHttpServer(204, tls: true);
        var logs = new CapturingLoggerFactory();
        using (var strict = new InfluxClient(new InfluxClientOptions { Url = tls.Url, Database = "d", Api = InfluxApiVersion.V1, Token = Token }, logs))
        {
            var ex = await Assert.ThrowsAnyAsync<HttpRequestException>(() => strict.PingAsync());
            Assert.Contains(Chain(ex), e => e is System.Security.Authentication.AuthenticationException);
            AssertClean(ex.ToString(), "the TLS exception");
        }
        Assert.DoesNotContain(logs.Entries, e => e.Id.Id == 1001);

        using (var lax = new InfluxClient(new InfluxClientOptions { Url = tls.Url, Database = "d", Api = InfluxApiVersion.V1, Token = Token, DangerousAcceptAnyServerCertificate = true }, logs))
        {
            await lax.PingAsync(); // the self-signed certificate is accepted only now
        }
        var warning = Assert.Single(logs.Entries, e => e.Id.Id == 1001);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("localhost", warning.Text, StringComparison.Ordinal);
        AssertClean(logs.AllText, "the logs");
    }

    private async Task ExerciseAsync(Uri url, string database, HttpClient http, string? token = null, string? user = null, string? password = null)
    {
        var options = new InfluxClientOptions
        {
            Url = url, Database = database, Api = InfluxApiVersion.V1, Token = token, Username = user, Password = password, Timeout = TimeSpan.FromSeconds(5),
        };
        _seen.Enqueue(options.ToString());
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        using (var client = new InfluxClient(options, http, _logs))
        {
            _seen.Enqueue(client.ToString());
            await using (var writer = new MeasurementWriter<CrashPoint>(client, new WriteOptions
            {
                FlushInterval = TimeSpan.FromMilliseconds(20),
                OnWriteFailed = failures.Enqueue,
                Resilience = new InfluxResilienceOptions
                {
                    MaxRetryAttempts = 2,
                    RetryDelay = TimeSpan.FromMilliseconds(10),
                    MaxRetryDelay = TimeSpan.FromMilliseconds(20),
                    RequestTimeout = TimeSpan.FromSeconds(5),
                },
            }))
            {
                await writer.WriteAsync(new CrashPoint("secret", 1));
                // A 401 faults the writer: the flush throws, naming the setting (never its value); so does the next write.
                await CaptureAsync(() => writer.FlushAsync());
                await CaptureAsync(() => writer.WriteAsync(new CrashPoint("secret", 2)).AsTask());
                _seen.Enqueue(writer.ToString());
            }
            await CaptureAsync(async () =>
            {
                using var reader = await client.QueryInfluxQLAsync("SELECT * FROM \"crash\"");
                while (await reader.ReadAsync()) _seen.Enqueue("row " + reader.RowCount);
            });
            await CaptureAsync(() => client.PingAsync());
        }
        foreach (var failure in failures)
        {
            _seen.Enqueue(failure.ToString());
            _seen.Enqueue(failure.ServerMessage ?? "");
            _seen.Enqueue(string.Join("\n", failure.Lines));
            if (failure.Exception is { } ex) _seen.Enqueue(ex.ToString());
        }
    }

    private async Task CaptureAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            // ToString() holds the message, the inner exceptions and the stacks.
            foreach (var e in Chain(ex)) _seen.Enqueue(e.GetType().Name + ": " + e.Message);
            _seen.Enqueue(ex.ToString());
        }
    }

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
        }
    }

    private static void AssertClean(string text, string where)
    {
        foreach (var secret in new[] { Token, Password, Basic, "SECRET" })
            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"a secret ({secret[..4]}...) appears in {where}: {text[..Math.Min(text.Length, 2000)]}");
    }
}
