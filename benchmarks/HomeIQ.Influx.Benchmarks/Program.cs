using BenchmarkDotNet.Running;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Serialize;
using HomeIQ.Influx.Benchmarks.Sink;

namespace HomeIQ.Influx.Benchmarks;

/// <summary>
/// Entry point. <c>dotnet run -c Release --project benchmarks/HomeIQ.Influx.Benchmarks -- --filter '*'</c> runs the
/// suite; add <c>--quick</c> for a short job; <c>--check</c> runs every benchmark once in-process without measuring
/// (correctness checks only); <c>--profile Class.Method</c> loops one benchmark for a profiler and counts its bytes
/// exactly, <c>--compare A B</c> times two
/// benchmarks in alternating rounds (see <see cref="ProfileLoop"/>). <c>--durable-bytes</c> prints the durable buffer's bytes on
/// disk per point. <c>--sink</c> is internal: it runs the loopback HTTP sink process.
/// </summary>
public static class Program
{
    /// <summary>Checks the serializers agree, starts the sink process, then hands the arguments to BenchmarkDotNet.</summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--sink") return SinkProcess.RunSink();
        if (args.Contains("--durable-bytes")) return Durable.DurableDiskUsage.Run();

        bool quick = args.Contains("--quick");
        args = args.Where(a => a != "--quick").ToArray();

        // Refuse to compare serializers that do not write the same bytes. The look-inside modes skip this: the setup of
        // every serializer benchmark repeats the check, and under valgrind it would cost minutes.
        bool lookInside = args.Contains("--profile") || args.Contains("--compare");
        var mismatch = lookInside ? null : SameBytesCheck.Run();
        if (mismatch is not null)
        {
            Console.Error.WriteLine(mismatch);
            return 2;
        }
        if (!lookInside)
            Console.WriteLine($"// Start-up check: all {SameBytesCheck.Variants.Count} serializer variants wrote the same bytes for the sample batches of every data set.");

        using var sink = SinkProcess.Start();
        Console.WriteLine($"// Loopback {sink}");
        if (args.Contains("--profile")) return ProfileLoop.Run(args);
        if (args.Contains("--compare")) return ProfileLoop.Compare(args);
        if (args.Contains("--check"))
        {
            int at = Array.IndexOf(args, "--check");
            int failures = SmokeCheck.Run(at + 1 < args.Length && !args[at + 1].StartsWith('-') ? args[at + 1] : null);
            Console.WriteLine(failures == 0 ? "check: every benchmark ran once" : $"check: {failures} failed");
            return failures == 0 ? 0 : 1;
        }
        var config = BenchmarkConfigs.Create(quick);
        RunMetrics.StartRun(config.ArtifactsPath ?? "BenchmarkDotNet.Artifacts");
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        bool failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
        return failed ? 1 : 0;
    }
}
