using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace HomeIQ.Influx.Benchmarks.Generator;

/// <summary>
/// What the HomeIQ.Influx source generator costs the compiler and the IDE at scale, over a compilation with
/// <see cref="MeasurementTypes"/> <c>[Measurement]</c> types (one file each): a full run (a build, or opening the
/// solution), the incremental re-run after an edit inside one type's body (a keystroke in a measurement class: its
/// field key changes), and after an edit in an unrelated file (a keystroke anywhere else).
/// </summary>
/// <remarks>
/// The generators are every non-abstract <see cref="IIncrementalGenerator"/> with <see cref="GeneratorAttribute"/> in
/// the HomeIQ.Influx.Generators assembly, found by reflection; setup refuses to run when there is none. Setup also runs
/// each edit once with step tracking and prints which outputs were redone, and refuses to run unless the edit in one
/// type redid that type's outputs only (<c>EditOneTypeTests</c> asserts the same in the generator tests).
/// The compilation object is reused across invocations, so Roslyn's own binding caches are warm, as in the IDE where
/// the generator shares the compilation with the compiler: the numbers are the generator's cost, not the compiler's.
/// </remarks>
[MemoryDiagnoser]
public class GeneratorCostBenchmarks
{
    /// <summary>Measurement types in the compilation.</summary>
    public const int MeasurementTypes = 1_000;

    // The type whose body the one-type edit changes.
    private const int EditedType = 500;

    private const string GeneratorAssemblyName = "HomeIQ.Influx.Generators";

    private ISourceGenerator[] _generators = null!;
    private CSharpParseOptions _parseOptions = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _edited = null!;
    private CSharpCompilation _editedOneType = null!;
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
        var oneType = trees[EditedType];
        _editedOneType = _compilation.ReplaceSyntaxTree(oneType,
            oneType.WithChangedText(SourceText.From(MeasurementSource(EditedType, $"value_{EditedType}_renamed"), Encoding.UTF8)));

        // Once each, for the log: what the incremental re-runs reuse (Cached/Unchanged) and what they redo (New/Modified).
        Console.WriteLine("// After an unrelated edit, " + DescribeRerun(_edited, out _));
        Console.WriteLine("// After an edit inside one type, " + DescribeRerun(_editedOneType, out var redone));
        var expected = $"Reading{EditedType:D3}";
        if (redone.Count == 0 || redone.Any(input => !input.Contains(expected, StringComparison.Ordinal)))
            throw new InvalidOperationException($"The edit inside {expected} redid other outputs too: {string.Join("; ", redone.Take(5))}");
    }

    /// <summary>A cold driver: every step of every generator runs over all 1,000 types.</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FullRun_1000Types() => CreateDriver().RunGenerators(_compilation);

    /// <summary>The warm driver after an edit inside one measurement type (its field key changed): that type's outputs are redone.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRun_AfterEditInOneType() => _warmDriver.RunGenerators(_editedOneType);

    /// <summary>The warm driver after a method body changed in a file with no measurement: should be cache hits only.</summary>
    [Benchmark]
    public GeneratorDriver IncrementalRun_AfterUnrelatedEdit() => _warmDriver.RunGenerators(_edited);

    // Runs the generators on the original compilation and then on `edited` with step tracking; describes the reasons of
    // the output steps and returns the inputs of those that produced something new.
    private string DescribeRerun(CSharpCompilation edited, out List<string> redone)
    {
        var result = CSharpGeneratorDriver.Create(_generators, parseOptions: _parseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true))
            .RunGenerators(_compilation).RunGenerators(edited).GetRunResult();
        var steps = result.Results.SelectMany(r => r.TrackedOutputSteps.SelectMany(step => step.Value)).ToList();
        redone = steps
            .Where(step => step.Outputs.Any(output => output.Reason is IncrementalStepRunReason.New or IncrementalStepRunReason.Modified))
            .Select(step => string.Join(" ", step.Inputs.Select(input => input.Source.Outputs[input.OutputIndex].Value?.ToString())))
            .ToList();
        var reasons = steps.SelectMany(step => step.Outputs).GroupBy(output => output.Reason).Select(group => $"{group.Key}={group.Count()}");
        return "output steps by reason: " + string.Join(", ", reasons);
    }

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
    private static string MeasurementSource(int i, string? valueKey = null) => string.Create(CultureInfo.InvariantCulture, $$"""
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
            [Field("{{valueKey ?? $"value_{i}"}}")] public double Value { get; set; }
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
