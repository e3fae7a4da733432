using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HomeIQ.Influx.Benchmarks.Generator;

/// <summary>
/// What the HomeIQ.Influx source generator costs the compiler and the IDE: a full run over a compilation with
/// <see cref="MeasurementTypes"/> <c>[Measurement]</c> types (one file each), and the incremental re-run after an edit
/// in an unrelated file (what happens on every keystroke in the IDE; it should be mostly cache hits).
/// </summary>
/// <remarks>
/// The generators are every non-abstract <see cref="IIncrementalGenerator"/> with <see cref="GeneratorAttribute"/> in
/// the HomeIQ.Influx.Generators assembly, found by reflection; setup refuses to run when there is none.
/// The compilation object is reused across invocations, so Roslyn's own binding caches are warm, as in the IDE where
/// the generator shares the compilation with the compiler: the numbers are the generator's cost, not the compiler's.
/// </remarks>
[MemoryDiagnoser]
public class GeneratorCostBenchmarks
{
    /// <summary>Measurement types in the compilation.</summary>
    public const int MeasurementTypes = 200;

    private const string GeneratorAssemblyName = "HomeIQ.Influx.Generators";

    private ISourceGenerator[] _generators = null!;
    private CSharpParseOptions _parseOptions = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private GeneratorDriver _warmDriver = null!;

    /// <summary>Finds the generators, builds the compilation and runs the generators once to warm the incremental driver.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _generators = FindGenerators();
        _parseOptions = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

        var trees = new List<SyntaxTree>(MeasurementTypes + 1);
        for (int i = 0; i < MeasurementTypes; i++)
            trees.Add(CSharpSyntaxTree.ParseText(MeasurementSource(i), _parseOptions, path: $"Models/Reading{i:D3}.cs", encoding: Encoding.UTF8));
        var unrelated = CSharpSyntaxTree.ParseText(UnrelatedSource(1), _parseOptions, path: "Services/Unrelated.cs", encoding: Encoding.UTF8);
        trees.Add(unrelated);

        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(MeasurementAttribute).Assembly.Location));
        _compilation = CSharpCompilation.Create("GeneratorBench", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var inputErrors = _compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToList();
        if (inputErrors.Count > 0)
            throw new InvalidOperationException("The benchmark's input compilation has errors: " + string.Join("; ", inputErrors));

        _warmDriver = CreateDriver().RunGenerators(_compilation);
        var result = _warmDriver.GetRunResult();
        var failed = result.Results.FirstOrDefault(r => r.Exception is not null);
        if (failed.Exception is not null)
            throw new InvalidOperationException($"Generator {failed.Generator.GetGeneratorType().FullName} threw: {failed.Exception}");
        Console.WriteLine($"// Generators: {string.Join(", ", _generators.Select(g => g.GetGeneratorType().Name))}; " +
                          $"{result.GeneratedTrees.Length} files generated for {MeasurementTypes} types; " +
                          $"{result.Diagnostics.Length} diagnostics{(result.Diagnostics.IsEmpty ? "" : ", first: " + result.Diagnostics[0])}");

        _edited = _compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(SourceText.From(UnrelatedSource(2), Encoding.UTF8)));

        // Once, for the log: what the incremental re-run reuses (Cached/Unchanged) and what it redoes (New/Modified).
        var tracked = CSharpGeneratorDriver.Create(_generators, parseOptions: _parseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGenerators(_compilation).RunGenerators(_edited);
        var reasons = tracked.GetRunResult().Results
            .SelectMany(r => r.TrackedOutputSteps.SelectMany(step => step.Value))
            .SelectMany(step => step.Outputs)
            .GroupBy(output => output.Reason)
            .Select(group => $"{group.Key}={group.Count()}");
        Console.WriteLine("// Incremental re-run, output steps by reason: " + string.Join(", ", reasons));
    }

    /// <summary>A cold driver: every step of every generator runs over all 200 types.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FullRun_200Types() => CreateDriver().RunGenerators(_compilation);

    /// <summary>The warm driver after a method body changed in a file with no measurement: should be cache hits only.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRun_AfterUnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    private GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(_generators, parseOptions: _parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    private static ISourceGenerator[] FindGenerators()
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(GeneratorAssemblyName);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException($"The generator benchmarks cannot run: assembly {GeneratorAssemblyName} could not be loaded ({ex.Message}).", ex);
        }
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types.Where(t => t is not null).ToArray()!;
        }
        var generators = types
            .Where(t => t is { IsAbstract: false, IsClass: true } && typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.GetCustomAttribute<GeneratorAttribute>() is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => ((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
            .ToArray();
        if (generators.Length == 0)
            throw new InvalidOperationException(
                $"The generator benchmarks cannot run: {GeneratorAssemblyName} ({assembly.Location}) contains no [Generator] IIncrementalGenerator yet.");
        return generators;
    }

    // A realistic measurement: 3 tags, 4 fields of different types, a timestamp; names vary so nothing is shared.
    private static string MeasurementSource(int i) => string.Create(CultureInfo.InvariantCulture, $$"""
        using System;
        using HomeIQ.Influx;

        namespace Bench.Models.Group{{i % 10}};

        /// <summary>Reading number {{i}}.</summary>
        [Measurement("reading_{{i}}")]
        public sealed partial class Reading{{i:D3}}
        {
            [Tag("home")] public string Home { get; set; } = "";
            [Tag("room")] public string Room { get; set; } = "";
            [Tag("sensor_id")] public string SensorId { get; set; } = "";
            [Field("battery")] public long Battery { get; set; }
            [Field("humidity")] public double Humidity { get; set; }
            [Field("status")] public string? Status { get; set; }
            [Field("value_{{i}}")] public double Value { get; set; }
            [Timestamp] public DateTime Time { get; set; }
        }
        """);

    private static string UnrelatedSource(int version) => string.Create(CultureInfo.InvariantCulture, $$"""
        namespace Bench.Services;

        public static class Unrelated
        {
            public static int Answer(int x) => x * {{version}} + 1;
        }
        """);
}
