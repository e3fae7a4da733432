using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ001's fix: a using declaration, await using in async code for IAsyncDisposable types.</summary>
public sealed class ClientNotDisposedCodeFixTests
{
    private static Task VerifyAsync(string before, string after, string? batchAfter = null, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
        => Verify.CodeFixAsync<ClientNotDisposedAnalyzer, ClientNotDisposedCodeFix>(before, after, ClientNotDisposedCodeFix.EquivalenceKey, batchAfter, outputKind);

    [Fact]
    public Task AddsUsing() => VerifyAsync(Sources.Class("""
            public void Run()
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                client.GetQueryApi();
            }
        """), Sources.Class("""
            public void Run()
            {
                using var client = new InfluxDBClient(Url, Token);
                client.GetQueryApi();
            }
        """));

    [Fact]
    public Task AddsAwaitUsingInAsyncMethodForIAsyncDisposable() => VerifyAsync(Sources.Class("""
            public async Task RunAsync()
            {
                var client = {|HIQ001:new InfluxClient(Options)|};
                await client.PingAsync();
            }
        """), Sources.Class("""
            public async Task RunAsync()
            {
                await using var client = new InfluxClient(Options);
                await client.PingAsync();
            }
        """));

    [Fact]
    public Task AddsPlainUsingInAsyncMethodWhenTypeIsNotIAsyncDisposable() => VerifyAsync(Sources.Class("""
            public async Task RunAsync()
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                await client.PingAsync();
            }
        """), Sources.Class("""
            public async Task RunAsync()
            {
                using var client = new InfluxDBClient(Url, Token);
                await client.PingAsync();
            }
        """));

    [Fact]
    public Task AddsPlainUsingInSyncMethodForIAsyncDisposable() => VerifyAsync(Sources.Class("""
            public void Run(InfluxClient client)
            {
                var writer = {|HIQ001:new ReadingWriter(client)|};
                writer.FlushAsync().Wait();
            }
        """), Sources.Class("""
            public void Run(InfluxClient client)
            {
                using var writer = new ReadingWriter(client);
                writer.FlushAsync().Wait();
            }
        """));

    [Fact]
    public Task ReplacesADisposeThatAnExceptionWouldSkip() => VerifyAsync(Sources.Class("""
            public void Run()
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                client.GetQueryApi();
                client.Dispose();
            }
        """), Sources.Class("""
            public void Run()
            {
                using var client = new InfluxDBClient(Url, Token);
                client.GetQueryApi();
            }
        """));

    [Fact]
    public Task FixesTopLevelStatements() => VerifyAsync(Sources.Program("""
        var client = {|HIQ001:new InfluxDBClient("http://localhost:8086", "token")|};
        client.GetQueryApi();
        """), Sources.Program("""
        using var client = new InfluxDBClient("http://localhost:8086", "token");
        client.GetQueryApi();
        """), outputKind: OutputKind.ConsoleApplication);

    [Fact]
    public Task FixAllFixesEveryClientInTheDocument() => VerifyAsync(Sources.Class("""
            public async Task RunAsync(InfluxDBClient shared)
            {
                var client = {|HIQ001:new InfluxClient(Options)|};
                var writeApi = {|HIQ001:shared.GetWriteApi()|};
                await client.PingAsync();
                writeApi.Flush();
            }

            public void Run()
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                client.GetQueryApi();
            }
        """), Sources.Class("""
            public async Task RunAsync(InfluxDBClient shared)
            {
                await using var client = new InfluxClient(Options);
                using var writeApi = shared.GetWriteApi();
                await client.PingAsync();
                writeApi.Flush();
            }

            public void Run()
            {
                using var client = new InfluxDBClient(Url, Token);
                client.GetQueryApi();
            }
        """));

    [Fact]
    public Task AQueryReaderGetsAwaitUsing() => VerifyAsync(Sources.Class("""
            public async Task<bool> RunAsync(InfluxClient client)
            {
                var reader = await {|HIQ001:client.QueryInfluxQLAsync("SHOW DATABASES")|};
                return await reader.ReadAsync();
            }
        """), Sources.Class("""
            public async Task<bool> RunAsync(InfluxClient client)
            {
                await using var reader = await client.QueryInfluxQLAsync("SHOW DATABASES");
                return await reader.ReadAsync();
            }
        """));

    [Fact]
    public Task NoFixWhenTheLocalIsAssignedAgainOrCaptured() => VerifyAsync(Sources.Class("""
            public void Run(bool other)
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                if (other) client = null;
                var captured = {|HIQ001:new InfluxDBClient(Url, Token)|};
                Task.Run(() => captured.GetQueryApi());
            }
        """), Sources.Class("""
            public void Run(bool other)
            {
                var client = {|HIQ001:new InfluxDBClient(Url, Token)|};
                if (other) client = null;
                var captured = {|HIQ001:new InfluxDBClient(Url, Token)|};
                Task.Run(() => captured.GetQueryApi());
            }
        """));
}
