using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests;

/// <summary>A compilation that references no InfluxDB client gets no per-operation, per-symbol or compilation-end work from the rules at all.</summary>
public sealed class CostTests
{
    private const string Source = """
        using System.Net.Http;
        public class InfluxDBClient : System.IDisposable { public void Dispose() { } }
        public class Handler
        {
            public void Run()
            {
                var client = new InfluxDBClient();
                using var http = new HttpClient();
            }
        }
        """;

    public static TheoryData<string> Analyzers => new(Quality.Corpus.AllAnalyzers().Select(a => a.GetType().Name));

    [Fact]
    public void EveryRuleIsCovered() => Assert.Equal(8, Quality.Corpus.AllAnalyzers().Length);

    [Theory]
    [MemberData(nameof(Analyzers))]
    public async Task RegistersNoOperationActionsWithoutInfluxDBReferences(string name)
    {
        var (telemetry, diagnostics) = await RunAsync(name, TestReferences.Framework);
        Assert.Equal(0, telemetry.OperationActionsCount);
        Assert.Equal(0, telemetry.OperationBlockStartActionsCount);
        Assert.Equal(0, telemetry.SymbolStartActionsCount);
        Assert.Equal(0, telemetry.SymbolActionsCount);
        Assert.Equal(0, telemetry.SyntaxNodeActionsCount);
        Assert.Equal(0, telemetry.CompilationEndActionsCount);
        Assert.Empty(diagnostics);
    }

    [Theory]
    [MemberData(nameof(Analyzers))]
    public async Task RegistersOperationActionsWhenInfluxDBIsReferenced(string name)
    {
        var (telemetry, _) = await RunAsync(name, TestReferences.Framework.AddRange(TestReferences.Influx));
        // HIQ008 looks at class declarations (a syntax action); every other rule at operations.
        Assert.True(name == nameof(InfluxDBClientMeasurementNotPartialAnalyzer) ? telemetry.SyntaxNodeActionsCount > 0 : telemetry.OperationActionsCount > 0);
    }

    private static async Task<(AnalyzerTelemetryInfo Telemetry, ImmutableArray<Diagnostic> Diagnostics)> RunAsync(string name, ImmutableArray<MetadataReference> references)
    {
        var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(typeof(RuleIdentifiers).Assembly.GetType("HomeIQ.Influx.Analyzers.Rules." + name)!)!;
        var compilation = CSharpCompilation.Create("Cost", [CSharpSyntaxTree.ParseText(Source)], references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var withAnalyzers = compilation.WithAnalyzers([analyzer], new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        return (telemetry, diagnostics);
    }
}
