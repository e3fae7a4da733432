using System.Net;
using HomeIQ.Influx.Testing;
using HomeIQ.Influx.Writer.Tests.Infrastructure;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests.LoudFailures;

/// <summary>What a flush and a confirmed write account for when the real server refuses some lines, and when backpressure drops points.</summary>
public sealed class FlushResultTests
{
    private static IEnumerable<RawLine> RawLines(int count, params int[] bad) =>
        Enumerable.Range(0, count).Select(i => new RawLine(bad.Contains(i) ? "has space" : "ok", i, SensorReading.BaseTime + i));

    [Fact]
    public async Task APartialWriteIsCountedLineByLineAndTheRefusedLinesAreHandedBack()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("partial");
        await using var client = WriterKit.Client(server.Url, database);
        await using var writer = client.CreateWriter<RawLine>(new WriteOptions { FlushInterval = TimeSpan.FromHours(1) });
        await writer.WriteAsync(RawLines(10, 3, 7));

        var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        Assert.Equal((WriteFailureReason.Rejected, HttpStatusCode.BadRequest), (flush.Reason!.Value, flush.StatusCode!.Value));
        Assert.Equal((8L, 2L, 2L), (flush.Result!.Written, flush.Result.Rejected, flush.PointCount));
        Assert.Equal([$"raw,t=has space seq=3i {SensorReading.BaseTime + 3}", $"raw,t=has space seq=7i {SensorReading.BaseTime + 7}"], flush.Lines);
        Assert.Equal(8, await WriterKit.ScalarAsync(server, database, "SELECT COUNT(\"seq\") FROM \"raw\""));
    }

    [Fact]
    public async Task AConfirmedWriteCompletesWhenStoredAndThrowsWithTheRefusedLinesOfAPartialWrite()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("confirm");
        await using var client = WriterKit.Client(server.Url, database);
        await using var writer = client.CreateWriter<RawLine>();
        await writer.WriteAndConfirmAsync(RawLines(5));
        Assert.Equal(5, await WriterKit.ScalarAsync(server, database, "SELECT COUNT(\"seq\") FROM \"raw\""));

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAndConfirmAsync(RawLines(10, 3, 7).Select(r => r with { TimestampNs = r.TimestampNs + 100 })));
        Assert.Equal(WriteFailureReason.Rejected, error.Reason);
        Assert.Equal((8L, 2L), (error.Result!.Written, error.Result.Rejected));
        Assert.Equal(2, error.Lines.Count);
        Assert.Contains("2 of 10 points", error.Message, StringComparison.Ordinal);
        Assert.Equal(13, await WriterKit.ScalarAsync(server, database, "SELECT COUNT(\"seq\") FROM \"raw\""));
        // A confirmed write is its own report: the flush does not count it again.
        Assert.Equal(0, (await writer.FlushAsync()).Written);
    }

    [Fact]
    public async Task DroppedPointsMakeTheFlushThrowWhenNoHandlerTakesThem()
    {
        var (server, database) = await WriterKit.NewDatabaseAsync("dropped");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var proxy = new FaultInjectingProxy(server.Url, _ => FaultAction.ForwardAfter(release.Task));
        await using var client = WriterKit.Client(proxy.Url, database, timeout: TimeSpan.FromSeconds(30));
        await using var writer = client.CreateWriter<SensorReading>(new WriteOptions
        {
            BackpressureMode = BackpressureMode.DropNewest, MaxBufferedPoints = 100, BatchSize = 10, MaxConcurrentBatches = 1,
            FlushInterval = TimeSpan.FromHours(1),
        });
        for (long s = 0; s < 150; s++) await writer.WriteAsync(SensorReading.For(s));
        release.SetResult();
        var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        Assert.Equal(WriteFailureReason.Dropped, flush.Reason);
        // The writer dropped them, not the server: the message says so in the writer's words, not as "server said".
        Assert.Contains("Dropped, status none, The write buffer was full.", flush.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("server said", flush.Message, StringComparison.Ordinal);
        Assert.Equal((100L, 50L), (flush.Result!.Written, flush.Result.Dropped));
        Assert.Equal(50, flush.Lines.Count);
        Assert.Equal(150, flush.Result.Written + flush.Result.Lost);
    }
}
