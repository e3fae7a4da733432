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
    /// Default columns plus Op/s (with OperationsPerInvoke = points that is points per second) and the memory
    /// diagnoser. With <paramref name="quick"/>, one short job (1 warm-up, 3 iterations of about 250 ms, 1 launch) so the
    /// whole suite runs in minutes: good for checking that everything works, not for publishing.
    /// </summary>
    public static IConfig Create(bool quick)
    {
        var config = DefaultConfig.Instance
            .AddColumn(StatisticColumn.OperationsPerSecond)
            .AddDiagnoser(MemoryDiagnoser.Default);
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
