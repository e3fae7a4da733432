using HomeIQ.Influx.Testing;
using System.Collections.Concurrent;
using HomeIQ.Influx.Writer.Tests.Infrastructure;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests;

/// <summary>The token travels only in the Authorization header: never in URLs, logs, reports or exception messages.</summary>
public sealed class SecretTests
{
    private const string Token = "tok-9f8e7d6c5b4a-SECRET";

    [Fact]
    public async Task TheTokenNeverAppearsInLogsReportsOrExceptions()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("secret");
        // A mix of every failure path: server errors, a dropped connection, a stall, then a 401 that ends it.
        await using var proxy = new FaultInjectingProxy(server.Url, r => r.Number switch
        {
            1 => FaultAction.Respond(500, "{\"error\":\"boom\"}"),
            2 => FaultAction.Drop,
            3 => FaultAction.StallFor(TimeSpan.FromSeconds(1.5)),
            4 => FaultAction.Respond(503, "", ("Retry-After", "0")),
            _ => FaultAction.Respond(401, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}"),
        });
        var logs = new CapturingLoggerFactory();
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        var options = WriterKit.FastOptions("secret", failures.Enqueue);
        options.Resilience.RequestTimeout = TimeSpan.FromSeconds(1);
        await using (var client = new InfluxClient(new InfluxClientOptions
        {
            Url = proxy.Url, Database = database, Api = InfluxApiVersion.V1, Token = Token, DangerousAcceptAnyServerCertificate = true,
        }, logs))
        {
            await using var writer = new MeasurementWriter<SensorReading>(client, options);
            await writer.WriteAsync(SensorReading.For(1));
            // The 401 faults the writer: the flush and the next write say which setting to fix, never its value.
            var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
            var refused = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(SensorReading.For(2)).AsTask());
            foreach (var error in new[] { flush, refused })
            {
                Assert.Contains("Token / INFLUXDB_TOKEN", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain(Token, error.ToString(), StringComparison.Ordinal);
            }
            Assert.DoesNotContain(Token, client.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Token, client.Options.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(Token, writer.ToString(), StringComparison.Ordinal);
        }

        // The token was sent, in the header only.
        Assert.All(proxy.Requests, r =>
        {
            Assert.Equal("Token " + Token, r.Headers["Authorization"]);
            Assert.DoesNotContain(Token, r.PathAndQuery, StringComparison.Ordinal);
        });
        Assert.InRange(proxy.Requests.Count, 5, 100); // the held batch may be sent again before the writer closes
        var failure = Assert.Single(failures); // given up when the writer closed
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, failure.StatusCode);
        Assert.DoesNotContain(Token, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, failure.Exception?.ToString() ?? "", StringComparison.Ordinal);
        Assert.True(logs.Entries.Count > 5);
        Assert.Contains(logs.Entries, e => e.Id.Id == 1001); // the certificate warning
        Assert.DoesNotContain(Token, logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExceptionsFromExhaustedRetriesDoNotCarryTheToken()
    {
        var (_, database) = await WriterKit.NewDatabaseAsync("secret2");
        await using var proxy = new FaultInjectingProxy(null, _ => FaultAction.Drop);
        var logs = new CapturingLoggerFactory();
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        var options = WriterKit.FastOptions("secret2", failures.Enqueue);
        options.Resilience.MaxRetryAttempts = 2;
        await using (var client = WriterKit.Client(proxy.Url, database, logs, token: Token))
        await using (var writer = new MeasurementWriter<SensorReading>(client, options))
        {
            await writer.WriteAsync(SensorReading.For(1));
            await writer.FlushAsync();
        }
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.RetriesExhausted, failure.Reason);
        Assert.NotNull(failure.Exception);
        Assert.DoesNotContain(Token, failure.Exception!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logs.AllText, StringComparison.Ordinal);
    }
}
