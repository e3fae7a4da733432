using HomeIQ.Influx.Testing;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using HomeIQ.Influx.Writer.Tests.Infrastructure;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests;

/// <summary>One test per status rule. The real 1.6 server answers 400 partial writes and 404; the proxy fakes the rest.</summary>
public sealed class StatusCodeTests
{
    private static async Task<(List<WriteFailedEventArgs> Failures, FaultInjectingProxy Proxy)> RunAsync<T>(
        Uri upstream, string database, Func<ProxiedRequest, FaultAction> decide, IEnumerable<T> points, Action<WriteOptions>? configure = null)
        where T : ILineProtocolPoint<T>
    {
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        var proxy = new FaultInjectingProxy(upstream, decide);
        await using var client = WriterKit.Client(proxy.Url, database);
        var options = WriterKit.FastOptions("status", failures.Enqueue);
        options.FlushInterval = TimeSpan.FromHours(1);
        configure?.Invoke(options);
        // HIQ002 off: each status-code case needs its own writer on its own fault proxy; per-call creation is the point.
#pragma warning disable HIQ002
        await using (var writer = new MeasurementWriter<T>(client, options))
#pragma warning restore HIQ002
        {
            await writer.WriteAsync(points);
            await writer.FlushAsync();
        }
        return (failures.ToList(), proxy);
    }

    private static IEnumerable<RawLine> RawLines(int count, params int[] bad) =>
        Enumerable.Range(0, count).Select(i => new RawLine(bad.Contains(i) ? "has space" : "ok", i, SensorReading.BaseTime + i));

    [Fact]
    public async Task V1PartialWrite400ReportsExactlyTheBadLinesAndDoesNotResendTheOthers()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s400");
        var (failures, proxy) = await RunAsync(server.Url, database, _ => FaultAction.Forward, RawLines(10, 3, 7));
        await using var _ = proxy;
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.Rejected, failure.Reason);
        Assert.Equal(HttpStatusCode.BadRequest, failure.StatusCode);
        Assert.Contains("partial write", failure.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(
            [$"raw,t=has space seq=3i {SensorReading.BaseTime + 3}", $"raw,t=has space seq=7i {SensorReading.BaseTime + 7}"],
            failure.Lines);
        Assert.Single(proxy.Requests); // the 8 good lines were written by the first request and not sent again
        Assert.Equal(8, await WriterKit.ScalarAsync(server, database, "SELECT COUNT(\"seq\") FROM \"raw\""));
    }

    [Fact]
    public async Task V1TypeConflictReportsExactlyTheConflictingLinesAndWritesTheOthers()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("sconflict");
        await server.WriteLineProtocolAsync(database, $"raw,t=first seq=1i {SensorReading.BaseTime - 1}"); // seq is an integer from now on
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        await using var proxy = new FaultInjectingProxy(server.Url);
        await using var client = WriterKit.Client(proxy.Url, database);
        var options = WriterKit.FastOptions("conflict", failures.Enqueue);
        options.FlushInterval = TimeSpan.FromHours(1);
        await using (var writer = new MeasurementWriter<MixedSeq>(client, options))
        {
            // One batch: integers 0, 1, 3 and floats 2, 4. InfluxDB 1.6 refuses the whole batch with a bare 400
            // "field type conflict" that names no line.
            await writer.WriteAsync(Enumerable.Range(0, 5).Select(i => new MixedSeq(i is 2 or 4, i, SensorReading.BaseTime + i)));
        }
        Assert.All(failures, f => Assert.Equal((WriteFailureReason.Rejected, HttpStatusCode.BadRequest), (f.Reason, f.StatusCode!.Value)));
        Assert.All(failures, f => Assert.Contains("field type conflict", f.ServerMessage, StringComparison.Ordinal));
        Assert.Equal([$"raw,t=float seq=2.5 {SensorReading.BaseTime + 2}", $"raw,t=float seq=4.5 {SensorReading.BaseTime + 4}"], failures.SelectMany(f => f.Lines));
        // The server named no line for the whole batch, so the writer halved it (1.6 then answers the smaller part with a
        // detailed "partial write: field type conflict ... dropped=2", which the writer matches to the two float lines).
        Assert.Equal(5, proxy.Requests.OrderBy(r => r.Number).First().Lines.Length);
        Assert.InRange(proxy.Requests.Count, 2, 7);
        Assert.Equal(4, await WriterKit.ScalarAsync(server, database, "SELECT COUNT(\"seq\") FROM \"raw\""));
    }

    [Fact]
    public async Task V2Style400NamingTheFirstBadLineReportsItAndResendsTheRest()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s400v2");
        var bad = $"raw,t=ok seq=4i {SensorReading.BaseTime + 4}";
        var (failures, proxy) = await RunAsync(server.Url, database,
            r => r.Lines.Contains(bad)
                ? FaultAction.Respond(400, $"{{\"code\":\"invalid\",\"message\":\"unable to parse '{bad}': no such thing\"}}")
                : FaultAction.Forward,
            RawLines(10));
        await using var _ = proxy;
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.Rejected, failure.Reason);
        Assert.Equal([bad], failure.Lines);
        Assert.Equal(2, proxy.Requests.Count);
        Assert.Equal(9, proxy.Requests.Last().Lines.Length);
        Assert.Equal(9, await WriterKit.ScalarAsync(server, database, "SELECT COUNT(\"seq\") FROM \"raw\""));
    }

    [Fact]
    public async Task Unprocessable422NamingLinesReportsThemAndDoesNotResend()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s422");
        var bad = $"raw,t=ok seq=2i {SensorReading.BaseTime + 2}";
        var (failures, proxy) = await RunAsync(server.Url, database,
            _ => FaultAction.Respond(422, $"{{\"code\":\"unprocessable entity\",\"message\":\"partial write: unable to parse '{bad}': field too large dropped=1\"}}"),
            RawLines(5));
        await using var _ = proxy;
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.Rejected, failure.Reason);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failure.StatusCode);
        Assert.Equal([bad], failure.Lines);
        Assert.Equal(1, failure.ServerDroppedCount);
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public async Task V3Style400WithLineNumbersReportsThoseLinesAndDoesNotResendAPartialWrite()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s400v3");
        var (failures, proxy) = await RunAsync(server.Url, database,
            _ => FaultAction.Respond(400, "{\"error\":\"partial write of line protocol occurred\",\"data\":[" +
                "{\"original_line\":\"x\",\"line_number\":2,\"error_message\":\"bad\"}," +
                "{\"original_line\":\"y\",\"line_number\":5,\"error_message\":\"bad\"}]}"),
            RawLines(6));
        await using var _ = proxy;
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.Rejected, failure.Reason);
        Assert.Equal([$"raw,t=ok seq=1i {SensorReading.BaseTime + 1}", $"raw,t=ok seq=4i {SensorReading.BaseTime + 4}"], failure.Lines);
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public async Task Unprocessable422ThatNamesNoLineReportsTheWholeBatchWithTheDroppedCount()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s422u");
        var (failures, proxy) = await RunAsync(server.Url, database,
            _ => FaultAction.Respond(422, "{\"code\":\"unprocessable entity\",\"message\":\"partial write: points beyond retention policy dropped=2\"}"),
            RawLines(5));
        await using var _ = proxy;
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.PartialWriteUnidentified, failure.Reason);
        Assert.Equal(5, failure.Lines.Count);
        Assert.Contains("beyond retention policy", failure.ServerMessage, StringComparison.Ordinal);
        Assert.Single(proxy.Requests);
    }

    [Theory]
    [InlineData(401, "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}", "INFLUXDB_TOKEN")]
    [InlineData(403, "{\"code\":\"forbidden\",\"message\":\"insufficient permissions\"}", "INFLUXDB_TOKEN")]
    public async Task AuthFailuresFaultTheWriterNameTheSettingAndHoldThePointsUntilItCloses(int status, string body, string setting)
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s401");
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        await using var proxy = new FaultInjectingProxy(server.Url, _ => FaultAction.Respond(status, body));
        await using var client = WriterKit.Client(proxy.Url, database);
        var options = WriterKit.FastOptions("s401", failures.Enqueue);
        options.Resilience.MaxRetryDelay = TimeSpan.FromMinutes(5); // the held batch is not sent again within the test
        await using (var writer = new MeasurementWriter<RawLine>(client, options))
        {
            await writer.WriteAsync(RawLines(3));
            var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
            Assert.Equal((WriteFailureReason.Configuration, (HttpStatusCode)status), (flush.Reason!.Value, flush.StatusCode!.Value));
            Assert.Contains(setting, flush.Message, StringComparison.Ordinal);
            Assert.Equal(3, flush.Result!.StillBuffered); // held, not lost yet
            var refused = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(RawLines(1)).AsTask());
            Assert.Contains(setting, refused.Message, StringComparison.Ordinal);
            Assert.Contains("not accepted", refused.Message, StringComparison.Ordinal);
            Assert.Empty(failures); // nothing given up while the writer lives
        }
        // Closing gives the held points up, reported once with the server's answer; the pipeline never retried them.
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.Configuration, failure.Reason);
        Assert.Equal((HttpStatusCode)status, failure.StatusCode);
        Assert.Equal(3, failure.Lines.Count);
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public async Task NotFound404FromTheRealServerFaultsTheWriterAndNamesTheDatabaseSetting()
    {
        var (server, _) = await WriterKit.NewDatabaseAsync("s404");
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        await using var proxy = new FaultInjectingProxy(server.Url);
        await using var client = WriterKit.Client(proxy.Url, "no_such_database");
        var options = WriterKit.FastOptions("s404", failures.Enqueue);
        options.Resilience.MaxRetryDelay = TimeSpan.FromMinutes(5);
        await using (var writer = new MeasurementWriter<RawLine>(client, options))
        {
            await writer.WriteAsync(RawLines(3));
            var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
            Assert.Equal(HttpStatusCode.NotFound, flush.StatusCode);
            Assert.Contains("database not found", flush.ServerMessage, StringComparison.Ordinal);
            Assert.Contains("'no_such_database' (Database / INFLUXDB_DATABASE) does not exist", flush.Message, StringComparison.Ordinal);
        }
        var failure = Assert.Single(failures);
        Assert.Equal((WriteFailureReason.Configuration, HttpStatusCode.NotFound, 3), (failure.Reason, failure.StatusCode!.Value, failure.Lines.Count));
        Assert.Single(proxy.Requests);
    }

    [Fact]
    public async Task WhenTheMissingDatabaseIsCreatedTheHeldPointsAreWrittenAndTheWriterAcceptsPointsAgain()
    {
        var server = await InfluxServer.SharedAsync();
        var database = "late_" + Guid.NewGuid().ToString("N")[..8];
        var logs = new CapturingLoggerFactory();
        await using var client = WriterKit.Client(server.Url, database, logs);
        var options = WriterKit.FastOptions("late"); // the held batch is sent again every 250 ms (MaxRetryDelay)
        await using var writer = new MeasurementWriter<SensorReading>(client, options);
        await writer.WriteAsync(WriterKit.LongRange(0, 10).Select(s => SensorReading.For(s)));
        await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(SensorReading.For(10)).AsTask());
        Assert.Single(logs.Entries, e => e.Id.Id == 1108); // logged once, at error level
        await server.ExecuteAsync($"CREATE DATABASE \"{database}\"");
        await logs.WhenLogged(1109).WaitAsync(TimeSpan.FromSeconds(60)); // "writes again"
        for (long s = 10; s < 20; s++) await writer.WriteAsync(SensorReading.For(s));
        var result = await writer.FlushAsync();
        Assert.Equal(0, result.Lost);
        Assert.Single(logs.Entries, e => e.Id.Id == 1108);
        Assert.Equal(LogLevel.Error, logs.Entries.Single(e => e.Id.Id == 1108).Level);
        await WriterKit.AssertReadingsExactlyAsync(server, database, 20);
    }

    [Fact]
    public async Task TooLarge413SplitsTheBatchUntilTheHalvesFit()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s413");
        var (failures, proxy) = await RunAsync(server.Url, database,
            r => r.Lines.Length > 250 ? FaultAction.Respond(413, "{\"error\":\"Request Entity Too Large\"}") : FaultAction.Forward,
            WriterKit.LongRange(0, 1000).Select(s => SensorReading.For(s)),
            o => o.BatchSize = 1000);
        await using var _ = proxy;
        Assert.Empty(failures);
        Assert.Equal([1000, 500, 250, 250, 500, 250, 250], proxy.Requests.OrderBy(r => r.Number).Select(r => r.Lines.Length));
        await WriterKit.AssertReadingsExactlyAsync(server, database, 1000);
    }

    [Fact]
    public async Task ASingleLineThatIsStillTooLargeIsReportedAsRejected()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s413one");
        var (failures, proxy) = await RunAsync(server.Url, database, _ => FaultAction.Respond(413, "too large"), RawLines(2));
        await using var _ = proxy;
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal((WriteFailureReason.Rejected, HttpStatusCode.RequestEntityTooLarge, 1), (f.Reason, f.StatusCode!.Value, f.Lines.Count)));
        Assert.Equal(3, proxy.Requests.Count);
    }

    [Fact]
    public async Task TooManyRequests429WithRetryAfterSecondsIsRetriedAfterTheGivenTime()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s429s");
        var (failures, proxy) = await RunAsync(server.Url, database,
            r => r.Number == 1 ? FaultAction.Respond(429, "{\"error\":\"slow down\"}", ("Retry-After", "1")) : FaultAction.Forward,
            WriterKit.LongRange(0, 10).Select(s => SensorReading.For(s)));
        await using var _ = proxy;
        Assert.Empty(failures);
        Assert.Equal(2, proxy.Requests.Count);
        await WriterKit.AssertReadingsExactlyAsync(server, database, 10);
    }

    [Fact]
    public async Task TooManyRequests429WithAnHttpDateIsRetried()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s429d");
        var (failures, proxy) = await RunAsync(server.Url, database,
            r => r.Number == 1
                ? FaultAction.Respond(429, "", ("Retry-After", DateTimeOffset.UtcNow.AddSeconds(1).ToString("r", CultureInfo.InvariantCulture)))
                : FaultAction.Forward,
            WriterKit.LongRange(0, 10).Select(s => SensorReading.For(s)));
        await using var _ = proxy;
        Assert.Empty(failures);
        Assert.Equal(2, proxy.Requests.Count);
        await WriterKit.AssertReadingsExactlyAsync(server, database, 10);
    }

    [Fact]
    public void RetryAfterIsReadInBothFormsAndNeverNegative()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        seconds.Headers.TryAddWithoutValidation("Retry-After", "7");
        Assert.Equal(TimeSpan.FromSeconds(7), InfluxResiliencePipeline.GetRetryAfter(seconds, now));
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        date.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(42).ToString("r", CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.FromSeconds(42), InfluxResiliencePipeline.GetRetryAfter(date, now));
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.TryAddWithoutValidation("Retry-After", now.AddSeconds(-5).ToString("r", CultureInfo.InvariantCulture));
        Assert.Equal(TimeSpan.Zero, InfluxResiliencePipeline.GetRetryAfter(past, now));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        Assert.Null(InfluxResiliencePipeline.GetRetryAfter(none, now));
    }

    [Fact]
    public async Task ServerErrorsAreRetriedUntilRetriesRunOutAndThenReportedWithTheLines()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("s500");
        var (failures, proxy) = await RunAsync(server.Url, database,
            _ => FaultAction.Respond(500, "{\"error\":\"engine failure\"}"), RawLines(4),
            o => { o.Resilience.MaxRetryAttempts = 3; o.Resilience.EnableCircuitBreaker = false; });
        await using var _ = proxy;
        var failure = Assert.Single(failures);
        Assert.Equal(WriteFailureReason.RetriesExhausted, failure.Reason);
        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Equal("engine failure", failure.ServerMessage);
        Assert.Equal(4, failure.Lines.Count);
        Assert.Equal(4, proxy.Requests.Count); // the first attempt and 3 retries
    }

    [Fact]
    public void WritePathsFollowTheApiVersionAndCarryNoCredentials()
    {
        static string PathFor(InfluxApiVersion api, WritePrecision precision)
        {
            using var client = new InfluxClient(new InfluxClientOptions
            {
                Url = new Uri("http://localhost:8086"), Api = api, Org = "my org", Bucket = "b", Database = "db",
                RetentionPolicy = api == InfluxApiVersion.V1 ? "rp1" : null, Token = "secret-token",
            });
            return client.GetWritePath(precision);
        }
        Assert.Equal("write?db=db&rp=rp1&precision=n", PathFor(InfluxApiVersion.V1, WritePrecision.Nanoseconds));
        Assert.Equal("write?db=db&rp=rp1&precision=u", PathFor(InfluxApiVersion.V1, WritePrecision.Microseconds));
        Assert.Equal("api/v2/write?org=my%20org&bucket=b&precision=ms", PathFor(InfluxApiVersion.V2, WritePrecision.Milliseconds));
        Assert.Equal("api/v3/write_lp?db=db&precision=second", PathFor(InfluxApiVersion.V3, WritePrecision.Seconds));
    }
}
