using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ006's fix: await instead of blocking, QueryAsync instead of QuerySync, await using / DisposeAsync for writers.</summary>
public sealed class BlockingCallInAsyncCodeFixTests
{
    private static Task VerifyAsync(string before, string after)
        => Verify.CodeFixAsync<BlockingCallInAsyncCodeAnalyzer, BlockingCallInAsyncCodeFix>(Sources.Class(before), Sources.Class(after), BlockingCallInAsyncCodeFix.EquivalenceKey);

    [Fact]
    public Task ResultBecomesAwait() => VerifyAsync("""
            public async Task<int> RunAsync(IInfluxDBClient client)
            {
                await Task.Yield();
                return {|HIQ006:client.GetQueryApi().QueryAsync("from(bucket: \"home\") |> range(start: -1h)", "org").Result|}.Count;
            }
        """, """
            public async Task<int> RunAsync(IInfluxDBClient client)
            {
                await Task.Yield();
                return (await client.GetQueryApi().QueryAsync("from(bucket: \"home\") |> range(start: -1h)", "org")).Count;
            }
        """);

    [Fact]
    public Task GetAwaiterGetResultWithConfigureAwaitBecomesAwait() => VerifyAsync("""
            public async Task<string> RunAsync(V3.InfluxDBClient client)
            {
                await Task.Yield();
                var version = {|HIQ006:client.GetServerVersion().ConfigureAwait(false).GetAwaiter().GetResult()|};
                return version;
            }
        """, """
            public async Task<string> RunAsync(V3.InfluxDBClient client)
            {
                await Task.Yield();
                var version = await client.GetServerVersion().ConfigureAwait(false);
                return version;
            }
        """);

    [Fact]
    public Task WaitStatementBecomesAwait() => VerifyAsync("""
            public async Task RunAsync(IWriteApiAsync writes)
            {
                {|HIQ006:writes.WriteRecordAsync("m v=1", WritePrecision.Ns, "bucket", "org").Wait()|};
                await Task.Yield();
            }
        """, """
            public async Task RunAsync(IWriteApiAsync writes)
            {
                await writes.WriteRecordAsync("m v=1", WritePrecision.Ns, "bucket", "org");
                await Task.Yield();
            }
        """);

    [Fact]
    public Task QuerySyncOnGetQueryApiSyncBecomesAwaitedQueryAsync() => VerifyAsync("""
            public async Task<int> RunAsync(InfluxDBClient client)
            {
                await Task.Yield();
                return {|HIQ006:client.GetQueryApiSync().QuerySync<Reading>("from(bucket: \"home\") |> range(start: -1h)", "org")|}.Count;
            }
        """, """
            public async Task<int> RunAsync(InfluxDBClient client)
            {
                await Task.Yield();
                return (await client.GetQueryApi().QueryAsync<Reading>("from(bucket: \"home\") |> range(start: -1h)", "org")).Count;
            }
        """);

    [Fact]
    public Task WriterUsingBecomesAwaitUsingAndDisposeDisposeAsync() => VerifyAsync("""
            public async Task RunAsync(InfluxClient client, IMeasurementWriter<Reading> other)
            {
                {|HIQ006:using var writer = client.CreateWriter<Reading>();|}
                await writer.WriteAsync(new Reading(1));
                {|HIQ006:other.Dispose()|};
            }
        """, """
            public async Task RunAsync(InfluxClient client, IMeasurementWriter<Reading> other)
            {
                await using var writer = client.CreateWriter<Reading>();
                await writer.WriteAsync(new Reading(1));
                await other.DisposeAsync();
            }
        """);

    [Fact]
    public Task FixAllIncludingAQueryApiSyncLocalUsedTwice() => VerifyAsync("""
            public async Task<int> RunAsync(IInfluxDBClient client)
            {
                var queries = client.GetQueryApiSync();
                var first = {|HIQ006:queries.QuerySync("from(bucket: \"a\") |> range(start: -1h)", "org")|};
                var second = {|HIQ006:queries.QuerySync("from(bucket: \"b\") |> range(start: -1h)", "org")|};
                var up = {|HIQ006:client.PingAsync().Result|};
                await Task.Yield();
                return up ? first.Count + second.Count : 0;
            }
        """, """
            public async Task<int> RunAsync(IInfluxDBClient client)
            {
                var queries = client.GetQueryApi();
                var first = await queries.QueryAsync("from(bucket: \"a\") |> range(start: -1h)", "org");
                var second = await queries.QueryAsync("from(bucket: \"b\") |> range(start: -1h)", "org");
                var up = await client.PingAsync();
                await Task.Yield();
                return up ? first.Count + second.Count : 0;
            }
        """);

    [Fact]
    public Task NoFixInsideALock() => VerifyAsync("""
            private readonly object _gate = new();
            public async Task<bool> RunAsync(IInfluxDBClient client)
            {
                await Task.Yield();
                lock (_gate)
                {
                    return {|HIQ006:client.PingAsync().Result|};
                }
            }
        """, """
            private readonly object _gate = new();
            public async Task<bool> RunAsync(IInfluxDBClient client)
            {
                await Task.Yield();
                lock (_gate)
                {
                    return {|HIQ006:client.PingAsync().Result|};
                }
            }
        """);
}
