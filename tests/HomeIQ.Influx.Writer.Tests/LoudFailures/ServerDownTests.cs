using HomeIQ.Influx.Testing;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests.LoudFailures;

/// <summary>
/// The server is down and the user attached nothing (issue 14: FlushAsync blocked 180 s, then returned normally with 100
/// points lost). A flush returns or throws within its bound with the count still buffered; what is given up is handed
/// back; stored + handed back = written.
/// </summary>
public sealed class ServerDownTests
{
    private const int Points = 500;

    private static InfluxClient DeadClient() => new(new InfluxClientOptions
    {
        Url = DeadUrl(), Database = "db", Api = InfluxApiVersion.V1, Timeout = TimeSpan.FromSeconds(2),
    });

    [Fact]
    public async Task AFlushGivesUpAtFlushTimeoutWithTheCountStillBufferedAndWhyThenDisposeHandsThePointsBack()
    {
        await using var client = DeadClient();
        var writer = client.CreateWriter<SensorReading>(new WriteOptions { FlushTimeout = TimeSpan.FromSeconds(2), DisposeTimeout = TimeSpan.FromSeconds(1) });
        await writer.WriteAsync(ConfigurationFailureTests.Readings("down", Points));

        var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        Assert.Null(flush.Reason); // nothing was given up yet: the writer is still retrying
        Assert.Contains("FlushTimeout", flush.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", flush.Message, StringComparison.Ordinal); // why, for a user without a logger
        Assert.Equal(Points, flush.Result!.StillBuffered);
        Assert.Equal(Points, flush.PointCount);

        var disposed = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.DisposeAsync().AsTask());
        Assert.Equal(WriteFailureReason.Disposed, disposed.Reason);
        Assert.Equal(Points, disposed.PointCount);
        Assert.Equal(Points, disposed.Lines.Count);
        Assert.Equal((0L, Points), (disposed.Result!.Written, disposed.Result.GivenUp));
        // No server answered: the writer's own words and the last attempt's error, not "server said".
        Assert.Contains("Connection refused", disposed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("server said", disposed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("..", disposed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenTheRetryBudgetRunsOutTheFlushThrowsWithTheLostPointsAndTheirLines()
    {
        await using var client = DeadClient();
        await using var writer = client.CreateWriter<SensorReading>(new WriteOptions
        {
            Resilience = new InfluxResilienceOptions { MaxRetryAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(20) },
        });
        var points = ConfigurationFailureTests.Readings("budget", Points).ToArray();
        await writer.WriteAsync(points.AsMemory());

        var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        Assert.Equal(WriteFailureReason.RetriesExhausted, flush.Reason);
        Assert.Equal(Points, flush.PointCount);
        Assert.Equal(points.Select(p => LineProtocol.ToLine(p)), flush.Lines);
        Assert.IsType<HttpRequestException>(flush.InnerException);
        Assert.Equal((0L, 0L, Points, 0L), (flush.Result!.Written, flush.Result.Rejected, flush.Result.GivenUp, flush.Result.StillBuffered));
        // The loss was reported once: the next flush has nothing to say.
        Assert.Equal(0, (await writer.FlushAsync()).Lost);
    }

    [Fact]
    public async Task AFlushHonoursItsCancellationTokenAndLeavesTheAccountForTheNextFlush()
    {
        await using var client = DeadClient();
        await using var writer = client.CreateWriter<SensorReading>(new WriteOptions { DisposeTimeout = TimeSpan.Zero, OnWriteFailed = _ => { } });
        await writer.WriteAsync(ConfigurationFailureTests.Readings("cancel", 10));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.FlushAsync(cancel.Token));
        Assert.Equal(10, writer.BufferedPoints); // not given up by the cancelled wait
    }

    [Fact]
    public async Task WithAHandlerTheFlushReturnsTheCountsInsteadOfThrowing()
    {
        await using var client = DeadClient();
        var handled = new List<WriteFailedEventArgs>();
        await using var writer = client.CreateWriter<SensorReading>(new WriteOptions
        {
            OnWriteFailed = e => { lock (handled) handled.Add(e); },
            Resilience = new InfluxResilienceOptions { MaxRetryAttempts = 1, RetryDelay = TimeSpan.FromMilliseconds(10) },
        });
        await writer.WriteAsync(ConfigurationFailureTests.Readings("handled", Points));
        var result = await writer.FlushAsync();
        Assert.Equal((0L, Points, Points), (result.Written, result.GivenUp, result.Lost));
        Assert.Empty(result.Failures); // the handler has them
        Assert.Equal(Points, handled.Sum(f => f.Lines.Count));
    }

    private static Uri DeadUrl()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
