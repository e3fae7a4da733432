using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ007's fix: a using for a local writer; disposal by its type for a writer kept in a field.</summary>
public sealed class BatchingWriterNotFlushedCodeFixTests
{
    private static Task VerifyAsync(string before, string after)
        => Verify.CodeFixAsync<BatchingWriterNotFlushedAnalyzer, BatchingWriterNotFlushedCodeFix>(Sources.Usings + before + Sources.Support, Sources.Usings + after + Sources.Support, BatchingWriterNotFlushedCodeFix.EquivalenceKey);

    [Fact]
    public Task ALocalWriterGetsAwaitUsing() => VerifyAsync("""
        public class Job
        {
            public async Task RunAsync(InfluxClient client)
            {
                var writer = {|HIQ007:client.CreateWriter<Reading>()|};
                await writer.WriteAsync(new Reading(1));
            }
        }
        """, """
        public class Job
        {
            public async Task RunAsync(InfluxClient client)
            {
                await using var writer = client.CreateWriter<Reading>();
                await writer.WriteAsync(new Reading(1));
            }
        }
        """);

    [Fact]
    public Task AFieldIsDisposedInTheExistingDispose() => VerifyAsync("""
        public sealed class Sink : IDisposable
        {
            private readonly InfluxDBClient _client = new InfluxDBClient("http://localhost:8086", "token");
            private readonly ReadingWriter _writer;
            public Sink(InfluxClient client) => _writer = {|HIQ007:new ReadingWriter(client)|};
            public void Dispose() => _client.Dispose();
        }
        """, """
        public sealed class Sink : IDisposable
        {
            private readonly InfluxDBClient _client = new InfluxDBClient("http://localhost:8086", "token");
            private readonly ReadingWriter _writer;
            public Sink(InfluxClient client) => _writer = new ReadingWriter(client);
            public void Dispose()
            {
                _writer?.Dispose();
                _client.Dispose();
            }
        }
        """);

    [Fact]
    public Task AWorkerOverridesTheInheritedDispose() => VerifyAsync("""
        public abstract class ServiceBase : IDisposable
        {
            public virtual void Dispose() { }
        }

        public sealed class Worker : ServiceBase
        {
            private readonly MeasurementWriter<Reading> _writer;
            public Worker(InfluxClient client) => _writer = {|HIQ007:client.CreateWriter<Reading>()|};
            public ValueTask WriteAsync(Reading reading) => _writer.WriteAsync(reading);
        }
        """, """
        public abstract class ServiceBase : IDisposable
        {
            public virtual void Dispose() { }
        }

        public sealed class Worker : ServiceBase
        {
            private readonly MeasurementWriter<Reading> _writer;
            public override void Dispose() { _writer?.Dispose(); base.Dispose(); }
            public Worker(InfluxClient client) => _writer = client.CreateWriter<Reading>();
            public ValueTask WriteAsync(Reading reading) => _writer.WriteAsync(reading);
        }
        """);

    [Fact]
    public Task FixAllMakesAClassDisposableOnceForTwoWriters() => VerifyAsync("""
        public sealed class Audit
        {
            private readonly InfluxDBClient _client = new InfluxDBClient("http://localhost:8086", "token");
            private readonly WriteApi _writes;
            private readonly MeasurementWriter<Reading> _readings;

            public Audit(InfluxClient client)
            {
                _writes = {|HIQ007:_client.GetWriteApi()|};
                _readings = {|HIQ007:client.CreateWriter<Reading>()|};
            }

            public void Record(string line) => _writes.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        }
        """, """
        public sealed class Audit : IDisposable
        {
            private readonly InfluxDBClient _client = new InfluxDBClient("http://localhost:8086", "token");
            private readonly WriteApi _writes;
            private readonly MeasurementWriter<Reading> _readings;
            public void Dispose()
            {
                _readings?.Dispose();
                _writes?.Dispose();
            }

            public Audit(InfluxClient client)
            {
                _writes = _client.GetWriteApi();
                _readings = client.CreateWriter<Reading>();
            }

            public void Record(string line) => _writes.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        }
        """);

    [Fact]
    public Task NoFixForAStaticField() => VerifyAsync("""
        public static class Program
        {
            private static readonly InfluxDBClient Shared = new InfluxDBClient("http://localhost:8086", "token");
            private static readonly WriteApi Writes = {|HIQ007:Shared.GetWriteApi()|};
            public static void Write(string line) => Writes.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        }
        """, """
        public static class Program
        {
            private static readonly InfluxDBClient Shared = new InfluxDBClient("http://localhost:8086", "token");
            private static readonly WriteApi Writes = {|HIQ007:Shared.GetWriteApi()|};
            public static void Write(string line) => Writes.WriteRecord(line, WritePrecision.Ns, "bucket", "org");
        }
        """);
}
