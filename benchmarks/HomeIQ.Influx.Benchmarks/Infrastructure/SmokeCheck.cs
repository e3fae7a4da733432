using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace HomeIQ.Influx.Benchmarks.Infrastructure;

/// <summary>
/// <c>--check</c>: runs every benchmark class once in this process without measuring anything: for each combination
/// of its <c>[Params]</c>, the <c>[GlobalSetup]</c> (which holds the correctness checks: same bytes, rows read back,
/// generators found), each <c>[Benchmark]</c> method once between its <c>[IterationSetup]</c> and
/// <c>[IterationCleanup]</c> (the end-to-end benchmarks' checks of what the server holds), then <c>[GlobalCleanup]</c>
/// (which checks what the sink received). Takes seconds for the in-memory suites, minutes with the real server; use
/// it after adding a variant, before spending time on a real run. <c>--check Name</c> checks only the classes whose
/// name contains Name.
/// </summary>
public static class SmokeCheck
{
    /// <summary>Runs the check on every benchmark class (or those whose name contains <paramref name="nameContains"/>) and returns the number that failed.</summary>
    public static int Run(string? nameContains = null)
    {
        int failures = 0;
        var types = typeof(SmokeCheck).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null))
            .Where(t => nameContains is null || t.Name.Contains(nameContains, StringComparison.OrdinalIgnoreCase))
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            foreach (var parameters in ParameterCombinations(type))
            {
                var label = type.Name + (parameters.Count == 0 ? "" : "(" + string.Join(", ", parameters.Select(p => $"{p.Property.Name}={p.Value}")) + ")");
                var watch = Stopwatch.StartNew();
                try
                {
                    RunOnce(type, parameters);
                    Console.WriteLine($"ok      {label} ({watch.Elapsed.TotalSeconds:F1} s)");
                }
                catch (Exception ex)
                {
                    failures++;
                    var inner = ex is TargetInvocationException { InnerException: { } e } ? e : ex;
                    Console.WriteLine($"FAILED  {label}: {inner.GetType().Name}: {inner.Message}");
                }
            }
        }
        return failures;
    }

    private static void RunOnce(Type type, List<(PropertyInfo Property, object? Value)> parameters)
    {
        var instance = Activator.CreateInstance(type)!;
        foreach (var (property, value) in parameters) property.SetValue(instance, value);
        foreach (var setup in Methods<GlobalSetupAttribute>(type)) Invoke(setup, instance);
        try
        {
            // Like BenchmarkDotNet: each invocation between [IterationSetup] and [IterationCleanup], which hold the
            // end-to-end benchmarks' checks of what the server received or returned.
            foreach (var benchmark in Methods<BenchmarkAttribute>(type))
            {
                foreach (var setup in Methods<IterationSetupAttribute>(type)) Invoke(setup, instance);
                Invoke(benchmark, instance);
                foreach (var cleanup in Methods<IterationCleanupAttribute>(type)) Invoke(cleanup, instance);
            }
        }
        finally
        {
            foreach (var cleanup in Methods<GlobalCleanupAttribute>(type)) Invoke(cleanup, instance);
        }
    }

    private static void Invoke(MethodInfo method, object instance)
    {
        var result = method.Invoke(instance, null);
        if (result is Task task) task.GetAwaiter().GetResult();
    }

    private static IEnumerable<MethodInfo> Methods<TAttribute>(Type type) where TAttribute : Attribute =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<TAttribute>() is not null).OrderBy(m => m.MetadataToken);

    // The cartesian product of the [Params] values of the class's properties.
    private static IEnumerable<List<(PropertyInfo Property, object? Value)>> ParameterCombinations(Type type)
    {
        IEnumerable<List<(PropertyInfo, object?)>> combinations = [[]];
        foreach (var property in type.GetProperties().Where(p => p.GetCustomAttribute<ParamsAttribute>() is not null))
        {
            var values = property.GetCustomAttribute<ParamsAttribute>()!.Values;
            combinations = combinations.SelectMany(c => values.Select(v => new List<(PropertyInfo, object?)>(c) { (property, v) })).ToList();
        }
        return combinations;
    }
}
