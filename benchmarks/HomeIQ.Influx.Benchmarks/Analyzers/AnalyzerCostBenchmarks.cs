using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Benchmarks.Analyzers;

/// <summary>
/// What HomeIQ.Influx's analyzers cost a build or the IDE: a fresh compilation of <see cref="InfluxClientProject"/> (200
/// files that use InfluxDB.Client heavily) compiled without analyzers (<c>GetDiagnostics</c> and <c>Emit</c>, a build's
/// compiler work), and the same with every analyzer, through the analyzer driver (<see cref="CompilationWithAnalyzers"/>
/// with execution-time logging). The driver's telemetry gives each analyzer's own execution time; after the run each
/// analyzer's time per compilation and its share of a compilation without analyzers (timed in the same process once the
/// iterations are done) are printed as a table, and written to the metrics folder as <c>analyzer-cost.md</c>.
/// </summary>
/// <remarks>
/// The analyzers are every non-abstract <see cref="DiagnosticAnalyzer"/> with <see cref="DiagnosticAnalyzerAttribute"/>
/// in the HomeIQ.Influx.Analyzers assembly, found by reflection, so rules added later are measured without a change
/// here. Analysis runs on one thread (<c>concurrentAnalysis: false</c>) so that each analyzer's time is its own and
/// not the two cores' contention.
/// <para>What the telemetry charges: lazily bound compiler work (a file's usings, declarations, attributes) goes to
/// whichever analyzer touches it first, so a rule that does less can move time to the others rather than remove it;
/// the sum of all rows, printed as the last row, does not depend on that split. One such cost was the driver's own:
/// for a rule that asks it to drop reports in generated code, the first report in a file made it walk every token of
/// that file (Roslyn 4.14, <c>AnalyzerDriver.IsInGeneratedCode</c>), which was 6-10 % of a compilation charged to HIQ008
/// until the rules stopped asking (see <c>InfluxAnalyzer</c> and docs/benchmarks.md).</para>
/// </remarks>
[MemoryDiagnoser]
public class AnalyzerCostBenchmarks
{
    private const string AnalyzerAssemblyName = "HomeIQ.Influx.Analyzers";

    private ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private IReadOnlyList<SyntaxTree> _trees = null!;
    private IReadOnlyList<MetadataReference> _references = null!;
    private readonly Dictionary<DiagnosticAnalyzer, TimeSpan> _analyzerTime = [];
    private readonly List<double> _compileMilliseconds = [];
    private int _analyzedCompilations;

    /// <summary>Finds the analyzers, parses the project and checks it compiles without errors and gets diagnostics.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _analyzers = FindAnalyzers();
        _trees = InfluxClientProject.Parse(CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest));
        _references = InfluxClientProject.References();
        var errors = NewCompilation().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (errors.Count > 0) throw new InvalidOperationException("The benchmark's project does not compile: " + string.Join("; ", errors));
        var found = NewCompilation().WithAnalyzers(_analyzers).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        if (found.IsEmpty) throw new InvalidOperationException("The analyzers found nothing in a project written to break their rules: they did not run.");
        Console.WriteLine($"// Analyzers: {string.Join(", ", _analyzers.Select(Describe))}; {found.Length} diagnostics in {InfluxClientProject.Files} files " +
                          $"({string.Join(", ", found.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"))})");
        // A rule that finds nothing still runs (and is timed), but then only its search is measured: say so, so that the
        // project can be given code for a rule added later.
        var idle = _analyzers.Where(a => !a.SupportedDiagnostics.Any(rule => found.Any(d => d.Id == rule.Id))).Select(Describe).ToList();
        if (idle.Count > 0) Console.WriteLine($"// No diagnostics in the project from: {string.Join(", ", idle)}; their time is the search alone.");
    }

    /// <summary>Prints each analyzer's execution time per compilation and its share of the compilation's time.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_analyzedCompilations == 0) return;
        // The denominator, measured here in the same (warm) process after the measured iterations.
        for (int i = 0; i < 7; i++) Compile_200Files();
        double compile = Median(_compileMilliseconds);
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Analyzer cost over {_analyzedCompilations} compilations of {InfluxClientProject.Files} files; a compilation without analyzers (GetDiagnostics + Emit, median of {_compileMilliseconds.Count} in this process): {compile:F1} ms");
        table.AppendLine();
        table.AppendLine("| analyzer | rules | execution time per compilation | share of the compilation |");
        table.AppendLine("|---|---|---:|---:|");
        foreach (var analyzer in _analyzers)
        {
            double ms = _analyzerTime[analyzer].TotalMilliseconds / _analyzedCompilations;
            table.AppendLine(CultureInfo.InvariantCulture, $"| {analyzer.GetType().Name} | {string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())} | {ms:F2} ms | {100 * ms / compile:F2} % |");
        }
        // The rows split a per-file cost by who reports first (see the remarks); their sum does not depend on that split.
        double all = _analyzerTime.Values.Sum(t => t.TotalMilliseconds) / _analyzedCompilations;
        table.AppendLine(CultureInfo.InvariantCulture, $"| all analyzers together | | {all:F2} ms | {100 * all / compile:F2} % |");
        Console.WriteLine(table);
        if (Environment.GetEnvironmentVariable(RunMetrics.FolderVariable) is { Length: > 0 } folder)
            File.WriteAllText(Path.Combine(folder, "analyzer-cost.md"), table.ToString());
    }

    /// <summary>A build's compiler work without analyzers: a fresh compilation's diagnostics and emit.</summary>
    [Benchmark(Baseline = true)]
    public int Compile_200Files()
    {
        var watch = Stopwatch.StartNew();
        var compilation = NewCompilation();
        int count = compilation.GetDiagnostics().Length;
        using var output = new MemoryStream();
        var emitted = compilation.Emit(output);
        if (!emitted.Success) throw new InvalidOperationException("The project did not emit.");
        _compileMilliseconds.Add(watch.Elapsed.TotalMilliseconds);
        return count + (int)output.Length;
    }

    /// <summary>The same fresh compilation analyzed by every HomeIQ.Influx analyzer through the analyzer driver (which binds every method body for them); adds up each analyzer's execution time.</summary>
    [Benchmark]
    public int CompileWithAnalyzers_200Files()
    {
        var withAnalyzers = NewCompilation().WithAnalyzers(_analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        // The analysis result carries the driver's telemetry (GetAnalyzerTelemetryInfoAsync after GetAllDiagnosticsAsync
        // reported zero execution time with Roslyn 4.14); driving the analysis binds every method body, as a build does.
        var result = withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
        foreach (var (analyzer, telemetry) in result.AnalyzerTelemetryInfo)
            _analyzerTime[analyzer] = _analyzerTime.GetValueOrDefault(analyzer) + telemetry.ExecutionTime;
        _analyzedCompilations++;
        return result.GetAllDiagnostics().Length;
    }

    private CSharpCompilation NewCompilation() =>
        CSharpCompilation.Create("InfluxClientProject", _trees, _references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static string Describe(DiagnosticAnalyzer analyzer) =>
        $"{analyzer.GetType().Name} ({string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct())})";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static ImmutableArray<DiagnosticAnalyzer> FindAnalyzers()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(AnalyzerAssemblyName);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException($"The analyzer benchmarks cannot run: assembly {AnalyzerAssemblyName} could not be loaded ({ex.Message}).", ex);
        }
        var analyzers = assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) &&
                        t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is { } attribute && attribute.Languages.Contains(LanguageNames.CSharp))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        if (analyzers.IsEmpty) throw new InvalidOperationException($"The analyzer benchmarks cannot run: {AnalyzerAssemblyName} contains no C# [DiagnosticAnalyzer].");
        return analyzers;
    }
}
