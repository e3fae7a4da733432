using System.Net;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests.LoudFailures;

/// <summary>
/// A real influxd with authentication on, and a user who attached no logger and no handler (issue 14: a wrong password
/// or token made WriteAsync and FlushAsync return normally while the points vanished). Each test asserts what the caller
/// sees (exception type, the setting named, the counts) and that every point written is stored or handed back.
/// </summary>
public sealed class ConfigurationFailureTests(AuthServer auth) : IClassFixture<AuthServer>
{
    private const int Points = 1_000;

    internal static IEnumerable<SensorReading> Readings(string run, int count, long first = 0) =>
        Enumerable.Range(0, count).Select(i => new SensorReading(0, run, first + i, (first + i) * 0.25, SensorReading.BaseTime + ((first + i) * 1_000)));

    [Fact]
    public async Task AWrongPasswordFaultsTheWriterNamesThePasswordSettingAndHandsEveryPointBack()
    {
        const string run = "wrongpw";
        await using var client = auth.Client(AuthServer.Writer, "not-the-password");
        var writer = client.CreateWriter<SensorReading>();
        await writer.WriteAsync(Readings(run, Points));

        var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        Assert.Equal((WriteFailureReason.Configuration, HttpStatusCode.Unauthorized), (flush.Reason!.Value, flush.StatusCode!.Value));
        Assert.Contains("Password / INFLUXDB_PASSWORD", flush.Message, StringComparison.Ordinal);
        Assert.Contains($"'{AuthServer.Writer}'", flush.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", flush.ToString(), StringComparison.Ordinal);
        Assert.Equal(Points, flush.Result!.StillBuffered); // held, not dropped

        // No more points go into a black hole: the next write is refused, with the same explanation.
        var refused = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Readings(run, 1, Points).First()).AsTask());
        Assert.Contains("Password / INFLUXDB_PASSWORD", refused.Message, StringComparison.Ordinal);

        // Disposing gives the held points up and hands them back: stored + reported = written.
        var disposed = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.DisposeAsync().AsTask());
        Assert.Equal(Points, disposed.PointCount);
        Assert.Equal(Points, disposed.Lines.Count);
        Assert.Equal(WriteFailureReason.Configuration, disposed.Reason);
        Assert.Equal(0, await auth.StoredAsync(run));
    }

    [Fact]
    public async Task AWrongTokenFaultsTheWriterAndNamesTheTokenSetting()
    {
        // InfluxDB 1.6 knows no API tokens (1.8 added "Token user:password"), so with authentication on every token is a
        // wrong one: the server answers 401 as it would to a revoked token.
        const string run = "wrongtoken";
        await using var client = auth.Client(token: "writer:not-the-password");
        var writer = client.CreateWriter<SensorReading>();
        await writer.WriteAsync(Readings(run, Points));

        var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, flush.StatusCode);
        Assert.Contains("token (Token / INFLUXDB_TOKEN)", flush.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", flush.ToString(), StringComparison.Ordinal);

        var disposed = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.DisposeAsync().AsTask());
        Assert.Equal(Points, disposed.PointCount + await auth.StoredAsync(run));
        Assert.Equal(Points, disposed.Lines.Count);
    }

    [Fact]
    public async Task AMissingDatabaseFaultsTheWriterAndNamesTheDatabaseSetting()
    {
        const string run = "nodb";
        await using var client = auth.Client(AuthServer.Writer, AuthServer.WriterPassword, database: "no_such_db");
        var writer = client.CreateWriter<SensorReading>();
        await writer.WriteAsync(Readings(run, Points));

        var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        Assert.Equal(HttpStatusCode.NotFound, flush.StatusCode);
        Assert.Contains("the database 'no_such_db' (Database / INFLUXDB_DATABASE) does not exist", flush.Message, StringComparison.Ordinal);
        Assert.Contains("database not found", flush.ServerMessage, StringComparison.Ordinal);

        var disposed = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.DisposeAsync().AsTask());
        Assert.Equal(Points, disposed.PointCount);
        Assert.Equal(Points, disposed.Lines.Count);
    }

    [Fact]
    public async Task AUserWithoutWritePermissionFaultsTheWriterAndNamesTheUser()
    {
        const string run = "readonly";
        await using var client = auth.Client(AuthServer.Reader, AuthServer.ReaderPassword);
        var writer = client.CreateWriter<SensorReading>();
        await writer.WriteAsync(Readings(run, Points));

        var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
        Assert.Equal(HttpStatusCode.Forbidden, flush.StatusCode);
        Assert.Contains($"the user '{AuthServer.Reader}' (Username / INFLUXDB_USERNAME) may not write to the database '{auth.Database}'", flush.Message, StringComparison.Ordinal);

        var disposed = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.DisposeAsync().AsTask());
        Assert.Equal(Points, disposed.PointCount);
        Assert.Equal(0, await auth.StoredAsync(run));
    }

    [Fact]
    public async Task AConfirmedWriteWithAWrongPasswordThrowsWithTheStatusTheMessageAndTheLines()
    {
        const string run = "confirmwrong";
        await using var client = auth.Client(AuthServer.Writer, "not-the-password");
        await using var writer = client.CreateWriter<SensorReading>();
        var points = Readings(run, 10).ToArray();

        var error = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAndConfirmAsync(points));
        Assert.Equal((WriteFailureReason.Configuration, HttpStatusCode.Unauthorized), (error.Reason!.Value, error.StatusCode!.Value));
        Assert.Contains("Password / INFLUXDB_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, error.PointCount);
        Assert.Equal(points.Select(p => LineProtocol.ToLine(p)), error.Lines);
        Assert.Equal((0, 10), (error.Result!.Written, error.Result.GivenUp));
        Assert.Equal(0, await auth.StoredAsync(run));
    }

    [Fact]
    public async Task WithTheDurableBufferAWrongPasswordStillFaultsTheWriterOnceAndThePointsStayOnDiskForTheNextStart()
    {
        // Issue 14: with the durable buffer, 401 batches stayed on disk and were retried forever, in silence.
        const string run = "durablepw";
        var folder = Path.Combine(Path.GetTempPath(), "homeiq-durablepw-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var logs = new Testing.CapturingLoggerFactory();
            await using (var client = new InfluxClient(new InfluxClientOptions
            {
                Url = auth.Server.Url, Database = auth.Database, Api = InfluxApiVersion.V1, Username = AuthServer.Writer, Password = "not-the-password",
            }, logs))
            {
                await using var writer = client.CreateWriter<SensorReading>(new WriteOptions
                {
                    DurableBufferPath = folder,
                    Resilience = new InfluxResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(100) }, // sent again 10 times a second
                });
                await writer.WriteAsync(Readings(run, Points).ToArray().AsMemory());
                var flush = await Assert.ThrowsAsync<InfluxWriteException>(() => writer.FlushAsync());
                Assert.Equal(HttpStatusCode.Unauthorized, flush.StatusCode);
                Assert.Contains("Password / INFLUXDB_PASSWORD", flush.Message, StringComparison.Ordinal);
                await Assert.ThrowsAsync<InfluxWriteException>(() => writer.WriteAsync(Readings(run, 1, Points).First()).AsTask());
                await Task.Delay(500); // the kept batch is sent again meanwhile, and refused again
                // Closing keeps the points on disk: not lost, so disposing does not throw, and the account says where they are.
                var closed = await writer.CloseAsync();
                Assert.Equal((Points, 0L), (closed.Kept, closed.Lost));
                await writer.DisposeAsync();
            }
            var faulted = logs.Entries.Where(e => e.Id.Id == 1108).ToList();
            Assert.Single(faulted); // once, however often the batch was refused again
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, faulted[0].Level);
            Assert.True(logs.Entries.Count(e => e.Id.Id == 1304) >= 2, "the kept batch was not sent again"); // retried, and said so each time
            // At close, one warning says where the points are (the durable buffer's event, 1305), and none calls them lost.
            var kept = Assert.Single(logs.Entries, e => e.Id.Id == 1305);
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, kept.Level);
            Assert.Contains($"{Points} points stay in the durable buffer for the next writer (not lost)", kept.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(logs.Entries, e => e.Id.Id == 1103); // WriteFailed

            // The next start, with the right password, delivers what the disk kept: stored = written.
            await using (var client = auth.Client(AuthServer.Writer, AuthServer.WriterPassword))
            await using (var writer = client.CreateWriter<SensorReading>(new WriteOptions { DurableBufferPath = folder }))
            {
                Assert.Equal(Points, writer.RecoveredPoints);
                Assert.Equal(Points, (await writer.FlushAsync()).Written);
            }
            Assert.Equal(Points, await auth.StoredAsync(run));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task WithTheRightPasswordEveryPointIsStoredAndTheFlushSaysSo()
    {
        const string run = "rightpw";
        await using var client = auth.Client(AuthServer.Writer, AuthServer.WriterPassword);
        await using var writer = client.CreateWriter<SensorReading>();
        await writer.WriteAsync(Readings(run, Points));
        var result = await writer.FlushAsync();
        Assert.Equal((Points, 0L, 0L, true), (result.Written, result.Lost, result.StillBuffered, result.IsComplete));
        await writer.WriteAndConfirmAsync(Readings(run, 10, Points)); // completes: stored
        Assert.Equal(Points + 10, await auth.StoredAsync(run));
    }
}
