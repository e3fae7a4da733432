using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace HomeIQ.Influx.Benchmarks.Infrastructure;

/// <summary>The suite's BenchmarkDotNet configuration.</summary>
public static class BenchmarkConfigs
{
    /// <summary>
    /// Default columns plus Op/s (with OperationsPerInvoke = points that is points per second), the figures benchmarks
    /// record themselves (<see cref="RunMetrics"/>: CPU time per operation of the client and of the server, the rows'
    /// own bytes; shown only where recorded) and the memory diagnoser. With <paramref name="quick"/>, one short job
    /// (1 warm-up, 3 iterations of about 250 ms, 1 launch) so the whole suite runs in minutes: good for checking that
    /// everything works, not for publishing.
    /// </summary>
    public static IConfig Create(bool quick)
    {
        var config = DefaultConfig.Instance
            .AddColumn(StatisticColumn.OperationsPerSecond)
            .AddColumn(
                RunMetrics.Column(RunMetrics.ClientCpu, "Client CPU ns/op", "CPU time of the benchmark (client) process per operation, user and system, median of the iterations"),
                RunMetrics.Column(RunMetrics.ServerCpu, "Server CPU ns/op", "CPU time of the influxd process per operation, median of the iterations"),
                RunMetrics.Column(RunMetrics.RowBytes, "Row bytes", "Bytes the rows themselves take per row (the objects and their strings): what a reader must allocate"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            // BenchmarkDotNet builds a child project per job and gives up after 2 minutes; the suite references
            // Roslyn, both InfluxDB clients and the testing kit, which took longer than that on this 2-core machine.
            .WithBuildTimeout(TimeSpan.FromMinutes(15));
        if (quick)
        {
            config = config.AddJob(Job.Default
                .WithLaunchCount(1)
                .WithWarmupCount(1)
                .WithIterationCount(3)
                .WithIterationTime(TimeInterval.FromMilliseconds(250))
                .WithId("Quick"));
        }
        return config;
    }
}
