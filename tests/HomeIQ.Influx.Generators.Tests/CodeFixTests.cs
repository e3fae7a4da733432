using System.Collections.Immutable;
using HomeIQ.Influx.CodeFixes.Generator;
using HomeIQ.Influx.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>The HIQ100 code fix adds <c>partial</c> to the type the diagnostic points at.</summary>
public class CodeFixTests
{
    [Fact]
    public Task AddsPartialToTheMeasurementType() => Verify(
        """
        using HomeIQ.Influx;

        namespace Tests;

        [Measurement]
        public sealed class {|HIQ100:Sensor|}
        {
            [Field] public double Value { get; set; }
        }
        """,
        """
        using HomeIQ.Influx;

        namespace Tests;

        [Measurement]
        public sealed partial class Sensor
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task AddsPartialToATypeWithoutModifiersAndToTheContainingType() => Verify(
        """
        using HomeIQ.Influx;

        namespace Tests;

        internal class {|HIQ100:Outer|}
        {
            [Measurement]
            struct {|HIQ100:Sensor|}
            {
                [Field] public double Value;
            }
        }
        """,
        """
        using HomeIQ.Influx;

        namespace Tests;

        internal partial class Outer
        {
            [Measurement]
            partial struct Sensor
            {
                [Field] public double Value;
            }
        }
        """);

    private static async Task Verify(string source, string fixedSource)
    {
        var test = new CSharpCodeFixTest<GeneratorDiagnosticsAnalyzer, MakeMeasurementPartialCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = TestReferences.ReferenceAssemblies,
        };
        TestReferences.Configure(test.TestState);
        TestReferences.Configure(test.FixedState);
        // The fixed code lets the generator run and add its source; the compiler must accept the result.
        test.CompilerDiagnostics = CompilerDiagnostics.Errors;
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, TestReferences.ParseOptions)
                .WithProjectCompilationOptions(projectId, TestReferences.CompilationOptions));
        await test.RunAsync();
    }

    /// <summary>
    /// The code-fix test framework collects diagnostics from analyzers, not generators; this test-only analyzer runs
    /// the generator on the compilation and reports its diagnostics at the same spans, local to their documents.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class GeneratorDiagnosticsAnalyzer : DiagnosticAnalyzer
    {
        // Same id, title and severity; the message is relayed already formatted.
        private static readonly Dictionary<string, DiagnosticDescriptor> Relayed =
            Diagnostics.DiagnosticDescriptors.All.ToDictionary(d => d.Id,
                d => new DiagnosticDescriptor(d.Id, d.Title, "{0}", d.Category, d.DefaultSeverity, isEnabledByDefault: true));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = Relayed.Values.ToImmutableArray();

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterSemanticModelAction(ctx =>
            {
                var tree = ctx.SemanticModel.SyntaxTree;
                var driver = CSharpGeneratorDriver.Create(new[] { new MeasurementGenerator().AsSourceGenerator() },
                    parseOptions: (CSharpParseOptions)tree.Options);
                var result = driver.RunGenerators(ctx.SemanticModel.Compilation, ctx.CancellationToken).GetRunResult();
                foreach (var diagnostic in result.Diagnostics)
                {
                    if (diagnostic.Location.GetLineSpan().Path != tree.FilePath) continue;
                    ctx.ReportDiagnostic(Diagnostic.Create(Relayed[diagnostic.Id], Location.Create(tree, diagnostic.Location.SourceSpan),
                        diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)));
                }
            });
        }
    }
}
