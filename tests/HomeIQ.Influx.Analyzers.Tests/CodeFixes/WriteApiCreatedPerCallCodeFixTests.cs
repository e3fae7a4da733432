using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ003's fixes: GetWriteApiAsync in async code, or the WriteApi in a field created once; each with Fix All.</summary>
public sealed class WriteApiCreatedPerCallCodeFixTests
{
    private const CodeFixTestBehaviors NonLocal = CodeFixTestBehaviors.SkipLocalDiagnosticCheck;

    private static Task AsyncFixAsync(string before, string after, string? batchAfter = null)
        => Verify.CodeFixAsync<WriteApiCreatedPerCallAnalyzer, WriteApiCreatedPerCallCodeFix>(before, after, WriteApiCreatedPerCallCodeFix.AsyncKey, batchAfter, behaviors: NonLocal);

    private static Task FieldFixAsync(string before, string after, string? batchAfter = null)
        => Verify.CodeFixAsync<WriteApiCreatedPerCallAnalyzer, WriteApiCreatedPerCallCodeFix>(before, after, WriteApiCreatedPerCallCodeFix.FieldKey, batchAfter, behaviors: NonLocal);

    private const string Injected = """
            private readonly IInfluxDBClient _client;

            public Handler(IInfluxDBClient client)
            {
                _client = client;
            }

        """;

    [Fact]
    public Task AsyncWritesReplaceTheBatchingPipeline() => AsyncFixAsync(Sources.Class(Injected + """
            public async Task HandleAsync(string line, InfluxDB.Client.Writes.PointData point)
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
                writeApi.WritePoint(point, bucket: "bucket", org: "org");
                writeApi.Flush();
                await Task.Yield();
            }
        """), Sources.Class(Injected + """
            public async Task HandleAsync(string line, InfluxDB.Client.Writes.PointData point)
            {
                var writeApi = _client.GetWriteApiAsync();
                await writeApi.WriteRecordAsync(line, WritePrecision.Ns, "bucket", "org");
                await writeApi.WritePointAsync(point, bucket: "bucket", org: "org");
                await Task.Yield();
            }
        """));

    [Fact]
    public Task AsyncInlineWrite() => AsyncFixAsync(Sources.Class(Injected + """
            public async Task HandleAsync(string line)
            {
                {|HIQ003:_client.GetWriteApi()|}.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
                await Task.Yield();
            }
        """), Sources.Class(Injected + """
            public async Task HandleAsync(string line)
            {
                await _client.GetWriteApiAsync().WriteRecordAsync(line, WritePrecision.Ns, "bucket", "org");
                await Task.Yield();
            }
        """));

    [Fact]
    public Task AsyncFixIsNotOfferedInSynchronousCode() => AsyncFixAsync(Sources.Class(Injected + """
            public void Handle(string line)
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """), Sources.Class(Injected + """
            public void Handle(string line)
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """));

    [Fact]
    public Task FieldCreatedOnceFromTheInjectedClient() => FieldFixAsync(Sources.Class(Injected + """
            public void Handle(string line)
            {
                using var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """), Sources.Class("""
            private readonly IInfluxDBClient _client;
            private readonly IWriteApi _writeApi;

            public Handler(IInfluxDBClient client)
            {
                _client = client;
                _writeApi = _client.GetWriteApi();
            }
            public void Handle(string line)
            {
                _writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }
        """));

    [Fact]
    public Task FixAllAsyncInSeveralMethods() => AsyncFixAsync(Sources.Class(Injected + """
            public async Task OneAsync(string line)
            {
                var writeApi = {|HIQ003:_client.GetWriteApi()|};
                writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
                writeApi.Dispose();
                await Task.Yield();
            }

            public async Task TwoAsync(string[] lines)
            {
                {|HIQ003:_client.GetWriteApi()|}.WriteRecords(lines, WritePrecision.Ns, "bucket", "org");
                await Task.Yield();
            }
        """), Sources.Class(Injected + """
            public async Task OneAsync(string line)
            {
                var writeApi = _client.GetWriteApiAsync();
                await writeApi.WriteRecordAsync(line, WritePrecision.Ns, "bucket", "org");
                await Task.Yield();
            }

            public async Task TwoAsync(string[] lines)
            {
                await _client.GetWriteApiAsync().WriteRecordsAsync(lines, WritePrecision.Ns, "bucket", "org");
                await Task.Yield();
            }
        """));

    [Fact]
    public Task FixAllFieldsInTwoMethods() => FieldFixAsync(Sources.Class(Injected + """
            public void One(string line)
            {
                using var writes = {|HIQ003:_client.GetWriteApi()|};
                writes.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }

            public void Two(string line) => {|HIQ003:_client.GetWriteApi()|}.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """), Sources.Class("""
            private readonly IInfluxDBClient _client;
            private readonly IWriteApi _writes;
            private readonly IWriteApi _writeApi;

            public Handler(IInfluxDBClient client)
            {
                _client = client;
                _writes = _client.GetWriteApi();
                _writeApi = _client.GetWriteApi();
            }
            public void One(string line)
            {
                _writes.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
            }

            public void Two(string line) => _writeApi.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        """));
}
