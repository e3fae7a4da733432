using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace HomeIQ.Influx.Benchmarks.Infrastructure;

/// <summary>
/// Two tools for looking inside a benchmark, next to BenchmarkDotNet (which makes the published numbers):
/// <list type="bullet">
/// <item><c>--profile Class.Method [--seconds N | --invocations N] [--set Name=value]</c> runs one benchmark method in a
/// plain loop in this process for N seconds (default 10) or exactly N times, so that a profiler can look inside it, for example
/// <c>DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -g -- dotnet HomeIQ.Influx.Benchmarks.dll --profile ...</c>.
/// It counts every byte allocated by every thread of the process during the loop
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/> with <c>precise: true</c>) and prints it per operation with
/// decimals, where BenchmarkDotNet rounds to whole bytes. With <c>--alloc-types</c> it also prints which types
/// those bytes went to (see <see cref="AllocationSampler"/>).</item>
/// <item><c>--compare Class.A Class.B [--seconds N]</c> alternates short rounds of two benchmark methods in one
/// process and prints the median time of each and their ratio: on a noisy 2-core machine, slow drift then hits both
/// sides alike, where BenchmarkDotNet measures one after the other.</item>
/// </list>
/// </summary>
public static class ProfileLoop
{
    private sealed record Target(string Name, Func<long> Once, int OperationsPerInvoke, Action Cleanup);

    /// <summary>Runs <c>--profile</c>; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var target = Prepare(Argument(args, "--profile") ?? throw new ArgumentException("--profile needs Class.Method."), args);
        double seconds = Seconds(args, 10);
        // A fixed number of invocations instead of a time: for instruction counts (valgrind --tool=callgrind), where two
        // runs with different counts give the instructions per invocation as the difference of their totals.
        long? fixedInvocations = Argument(args, "--invocations") is { } count ? long.Parse(count, CultureInfo.InvariantCulture) : null;
        using var allocations = args.Contains("--alloc-types") ? new AllocationSampler() : null;
        long invocations = 0;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0Before = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        // Reads the clock once per round, not once per call, so the clock does not show up in the profile; a round
        // doubles until it takes at least 10 ms.
        long round = 1;
        var roundStart = TimeSpan.Zero;
        if (fixedInvocations is { } exactly)
        {
            for (long i = 0; i < exactly; i++) target.Once();
            invocations = exactly;
        }
        while (fixedInvocations is null && roundStart.TotalSeconds < seconds)
        {
            for (long i = 0; i < round; i++) target.Once();
            invocations += round;
            var now = watch.Elapsed;
            if (now - roundStart < TimeSpan.FromMilliseconds(10)) round *= 2;
            roundStart = now;
        }
        watch.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        int gen0 = GC.CollectionCount(0) - gen0Before;
        target.Cleanup();

        double operations = (double)invocations * target.OperationsPerInvoke;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"profile: {target.Name} {operations:N0} operations in {watch.Elapsed.TotalSeconds:F1} s: {watch.Elapsed.TotalNanoseconds / operations:F1} ns/op, " +
            $"{allocated:N0} B allocated by all threads = {allocated / operations:F4} B/op, {gen0} gen0 collections"));
        allocations?.Print(invocations);
        return 0;
    }

    /// <summary>Runs <c>--compare</c>; returns the process exit code.</summary>
    public static int Compare(string[] args)
    {
        int at = Array.IndexOf(args, "--compare");
        if (at + 2 >= args.Length) throw new ArgumentException("--compare needs two Class.Method names.");
        var a = Prepare(args[at + 1], args);
        var b = Prepare(args[at + 2], args);
        double seconds = Seconds(args, 20);
        long callsA = CallsPerRound(a), callsB = CallsPerRound(b);
        var timesA = new List<double>();
        var timesB = new List<double>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            timesA.Add(TimeRound(a, callsA));
            timesB.Add(TimeRound(b, callsB));
        }
        a.Cleanup();
        b.Cleanup();
        double medianA = Median(timesA), medianB = Median(timesB);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compare: {timesA.Count} alternating rounds of ~20 ms each; median {a.Name} {medianA:F1} ns/op, {b.Name} {medianB:F1} ns/op, " +
            $"ratio {medianB / medianA:F3} (quartiles {Quantile(timesA, 0.25):F1}-{Quantile(timesA, 0.75):F1} and {Quantile(timesB, 0.25):F1}-{Quantile(timesB, 0.75):F1})"));
        return 0;
    }

    private static Target Prepare(string name, string[] args)
    {
        int dot = name.LastIndexOf('.');
        if (dot <= 0) throw new ArgumentException($"'{name}': expected Class.Method, e.g. SerializeSinglePointBenchmarks.HomeIQ.");
        var type = typeof(ProfileLoop).Assembly.GetTypes().SingleOrDefault(t => t.Name == name[..dot])
            ?? throw new ArgumentException($"'{name}': no benchmark class named '{name[..dot]}'.");
        var method = type.GetMethod(name[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance);
        var benchmark = method?.GetCustomAttribute<BenchmarkAttribute>()
            ?? throw new ArgumentException($"'{name}': '{type.Name}' has no [Benchmark] method '{name[(dot + 1)..]}'.");

        var instance = Activator.CreateInstance(type)!;
        for (int i = 0; i < args.Length - 1; i++)
        {
            if (args[i] != "--set") continue;
            var parts = args[i + 1].Split('=', 2);
            var property = type.GetProperty(parts[0]) ?? throw new ArgumentException($"--set: '{type.Name}' has no property '{parts[0]}'.");
            object value = property.PropertyType.IsEnum
                ? Enum.Parse(property.PropertyType, parts[1], ignoreCase: true)
                : Convert.ChangeType(parts[1], property.PropertyType, CultureInfo.InvariantCulture);
            property.SetValue(instance, value);
        }
        foreach (var setup in type.GetMethods().Where(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)) setup.Invoke(instance, null);

        // A typed delegate, not MethodInfo.Invoke, so the loop adds no reflection cost or allocation of its own.
        Func<long> once = method!.ReturnType == typeof(Task) ? CallAsync(method.CreateDelegate<Func<Task>>(instance))
            : method.ReturnType == typeof(Task<int>) ? CallAsyncInt(method.CreateDelegate<Func<Task<int>>>(instance))
            : method.ReturnType == typeof(int) ? CallInt(method.CreateDelegate<Func<int>>(instance))
            : throw new ArgumentException($"'{name}' returns {method.ReturnType}; expected int, Task or Task<int>.");
        for (int i = 0; i < 3; i++) once(); // warm up: pools and buffers at working size
        var cleanups = type.GetMethods().Where(m => m.GetCustomAttribute<GlobalCleanupAttribute>() is not null).ToArray();
        return new Target(name, once, benchmark.OperationsPerInvoke, () => { foreach (var c in cleanups) c.Invoke(instance, null); });
    }

    // How many calls make a round of about 20 ms, after a second of warm-up so tiered compilation has settled.
    private static long CallsPerRound(Target target)
    {
        var watch = Stopwatch.StartNew();
        long calls = 0;
        while (watch.ElapsedMilliseconds < 1000) { target.Once(); calls++; }
        return Math.Max(1, calls / 50);
    }

    private static double TimeRound(Target target, long calls)
    {
        long start = Stopwatch.GetTimestamp();
        for (long i = 0; i < calls; i++) target.Once();
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / (calls * (double)target.OperationsPerInvoke);
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }

    private static double Seconds(string[] args, double fallback) =>
        double.Parse(Argument(args, "--seconds") ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static Func<long> CallInt(Func<int> call) => () => call();

    private static Func<long> CallAsync(Func<Task> call) => () =>
    {
        call().GetAwaiter().GetResult();
        return 0;
    };

    private static Func<long> CallAsyncInt(Func<Task<int>> call) => () => call().GetAwaiter().GetResult();

    private static string? Argument(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
