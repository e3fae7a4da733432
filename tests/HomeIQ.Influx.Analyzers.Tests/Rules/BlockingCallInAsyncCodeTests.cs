using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>HIQ006: blocking on the clients' work inside async code.</summary>
public sealed class BlockingCallInAsyncCodeTests
{
    public static TheoryData<string, string> Flagged => new()
    {
        { ".Result on InfluxDBClient.PingAsync()", """
            public async Task<bool> RunAsync(InfluxDBClient client)
            {
                var up = {|HIQ006:client.PingAsync().Result|};
                await Task.Yield();
                return up;
            }
        """ },
        { ".Result through IInfluxDBClient", """
            public async Task<string> RunAsync(IInfluxDBClient client)
            {
                await Task.Yield();
                return {|HIQ006:client.VersionAsync().Result|};
            }
        """ },
        { ".Wait() on IWriteApiAsync", """
            public async Task RunAsync(IWriteApiAsync writes)
            {
                {|HIQ006:writes.WriteRecordAsync("m v=1", WritePrecision.Ns, "bucket", "org").Wait()|};
                await Task.Yield();
            }
        """ },
        { ".GetAwaiter().GetResult() on InfluxDB3", """
            public async Task<string> RunAsync(V3.IInfluxDBClient client)
            {
                await Task.Yield();
                return {|HIQ006:client.GetServerVersion().GetAwaiter().GetResult()|};
            }
        """ },
        { "through ConfigureAwait(false)", """
            public async Task<string> RunAsync(V3.InfluxDBClient client)
            {
                await Task.Yield();
                return {|HIQ006:client.GetServerVersion().ConfigureAwait(false).GetAwaiter().GetResult()|};
            }
        """ },
        { "a client task held in a local", """
            public async Task RunAsync(IQueryApi queries)
            {
                var pending = queries.QueryAsync("from(bucket: \"home\") |> range(start: -1h)", "org");
                {|HIQ006:pending.Wait()|};
                await Task.Yield();
            }
        """ },
        { "QuerySync via GetQueryApiSync()", """
            public async Task<int> RunAsync(InfluxDBClient client)
            {
                await Task.Yield();
                return {|HIQ006:client.GetQueryApiSync().QuerySync("from(bucket: \"home\") |> range(start: -1h)", "org")|}.Count;
            }
        """ },
        { "QuerySync through IQueryApiSync", """
            public async Task<int> RunAsync(IQueryApiSync queries)
            {
                await Task.Yield();
                return {|HIQ006:queries.QuerySync<Reading>("from(bucket: \"home\") |> range(start: -1h)", "org")|}.Count;
            }
        """ },
        { ".Result on HomeIQ's InfluxClient", """
            public async Task<string> RunAsync(InfluxClient client)
            {
                await Task.Yield();
                return {|HIQ006:client.PingAsync().Result|};
            }
        """ },
        { "a writer's ValueTask through AsTask().Wait()", """
            public async Task RunAsync(IMeasurementWriter<Reading> writer)
            {
                {|HIQ006:writer.WriteAsync(new Reading(1)).AsTask().Wait()|};
                await Task.Yield();
            }
        """ },
        { "a writer's synchronous using declaration", """
            public async Task RunAsync(InfluxClient client)
            {
                {|HIQ006:using var writer = client.CreateWriter<Reading>();|}
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "a writer's synchronous using statement", """
            public async Task RunAsync(InfluxClient client)
            {
                {|HIQ006:using (var writer = new ReadingWriter(client))|}
                {
                    await writer.WriteAsync(new Reading(1));
                }
            }
        """ },
        { "a writer's Dispose()", """
            public async Task RunAsync(IMeasurementWriter<Reading> writer)
            {
                await writer.WriteAsync(new Reading(1));
                {|HIQ006:writer.Dispose()|};
            }
        """ },
        { "in an async lambda", """
            public Func<Task<bool>> Run(InfluxDBClient client) => async () =>
            {
                await Task.Yield();
                return {|HIQ006:client.PingAsync().Result|};
            };
        """ },
        { "in an async local function", """
            public Task<bool> Run(InfluxDBClient client)
            {
                return Local();
                async Task<bool> Local()
                {
                    await Task.Yield();
                    return {|HIQ006:client.PingAsync().Result|};
                }
            }
        """ },
        { "Wait with a timeout still blocks", """
            public async Task RunAsync(IWriteApiAsync writes)
            {
                {|HIQ006:writes.WriteRecordAsync("m v=1", WritePrecision.Ns, "bucket", "org").Wait(TimeSpan.FromSeconds(5))|};
                await Task.Yield();
            }
        """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { ".Result in a synchronous method (no async alternative there)", """
            public bool Run(InfluxDBClient client) => client.PingAsync().Result;
        """ },
        { "GetAwaiter().GetResult() in a synchronous method", """
            public string Run(V3.InfluxDBClient client) => client.GetServerVersion().GetAwaiter().GetResult();
        """ },
        { "QuerySync in a synchronous method", """
            public int Run(IQueryApiSync queries) => queries.QuerySync("from(bucket: \"home\") |> range(start: -1h)", "org").Count;
        """ },
        { "awaited", """
            public async Task<bool> RunAsync(IInfluxDBClient client) => await client.PingAsync();
        """ },
        { ".Result on a task that is not a client's", """
            public async Task<int> RunAsync()
            {
                await Task.Yield();
                return Task.FromResult(1).Result;
            }
        """ },
        { ".Result on a user method's task", """
            private static Task<int> CountAsync() => Task.FromResult(1);
            public async Task<int> RunAsync()
            {
                await Task.Yield();
                return CountAsync().Result;
            }
        """ },
        { "await using of a writer", """
            public async Task RunAsync(InfluxClient client)
            {
                await using var writer = client.CreateWriter<Reading>();
                await writer.WriteAsync(new Reading(1));
            }
        """ },
        { "await DisposeAsync()", """
            public async Task RunAsync(IMeasurementWriter<Reading> writer)
            {
                await writer.WriteAsync(new Reading(1));
                await writer.DisposeAsync();
            }
        """ },
        { "using of an InfluxDB.Client client (its Dispose does no I/O wait worth an async twin)", """
            public async Task<bool> RunAsync()
            {
                using var client = new InfluxDBClient(Url, Token);
                return await client.PingAsync();
            }
        """ },
        { "a synchronous lambda inside async code", """
            public async Task<bool> RunAsync(InfluxDBClient client) => await Task.Run(() => client.PingAsync().Result);
        """ },
        { "writer Dispose() in a synchronous method", """
            public void Run(IMeasurementWriter<Reading> writer) => writer.Dispose();
        """ },
        { "QueryAsync awaited through IQueryApi", """
            public async Task<int> RunAsync(IQueryApi queries) => (await queries.QueryAsync("from(bucket: \"home\") |> range(start: -1h)", "org")).Count;
        """ },
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Reports(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<BlockingCallInAsyncCodeAnalyzer>(Sources.Class(members));
    }

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task DoesNotReport(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<BlockingCallInAsyncCodeAnalyzer>(Sources.Class(members));
    }

    [Fact]
    public Task ReportsInTopLevelStatementsWithAwait() => Verify.AnalyzerAsync<BlockingCallInAsyncCodeAnalyzer>(Sources.Program("""
        using var client = new InfluxDBClient("http://localhost:8086", "token");
        var version = {|HIQ006:client.VersionAsync().Result|};
        await Task.Yield();
        Console.WriteLine(version);
        """), Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
}
