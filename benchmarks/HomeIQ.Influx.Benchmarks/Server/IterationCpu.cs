using HomeIQ.Influx.Benchmarks.Infrastructure;

namespace HomeIQ.Influx.Benchmarks.Server;

/// <summary>
/// The CPU time this process (the client) and influxd (the server, another process) use over one iteration of an
/// end-to-end benchmark, recorded per operation as <see cref="RunMetrics.ClientCpu"/> and <see cref="RunMetrics.ServerCpu"/>.
/// Started at the end of <c>[IterationSetup]</c> and recorded at the start of <c>[IterationCleanup]</c>, so that only
/// the benchmark method's work falls between.
/// </summary>
public readonly struct IterationCpu
{
    private readonly BenchServer _server;
    private readonly TimeSpan _client;
    private readonly TimeSpan _serverCpu;

    private IterationCpu(BenchServer server)
    {
        _server = server;
        _client = Environment.CpuUsage.TotalTime;
        _serverCpu = server.ServerCpu();
    }

    /// <summary>Notes both processes' CPU time now.</summary>
    public static IterationCpu Start(BenchServer server) => new(server);

    /// <summary>Records the CPU time used since <see cref="Start"/>, per operation, for the benchmark <paramref name="key"/>.</summary>
    public void Record(string key, int operations)
    {
        var client = Environment.CpuUsage.TotalTime - _client;
        var server = _server.ServerCpu() - _serverCpu;
        RunMetrics.Record(key, RunMetrics.ClientCpu, client.TotalNanoseconds / operations);
        RunMetrics.Record(key, RunMetrics.ServerCpu, server.TotalNanoseconds / operations);
    }
}
