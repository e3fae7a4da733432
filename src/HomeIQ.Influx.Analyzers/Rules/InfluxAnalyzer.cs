using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// The start every HIQ0xx rule shares: skip generated code, run concurrently, and look the InfluxDB client types up
/// once per compilation. A compilation that references none of them registers no work at all.
/// </summary>
/// <remarks>
/// Generated code is skipped by not analyzing it (no <see cref="GeneratedCodeAnalysisFlags.Analyze"/>): the driver then
/// runs no action in a generated file (<c>*.g.cs</c>, an <c>&lt;auto-generated&gt;</c> header, editorconfig's
/// <c>generated_code</c>) nor in a member of a type marked <c>[GeneratedCode]</c>, decided per symbol from its attributes.
/// Reports are not filtered again (<see cref="GeneratedCodeAnalysisFlags.ReportDiagnostics"/> is set) because every rule
/// reports where it looked. Filtering them would cost a walk over every token of each file a rule reports in, the first
/// time it reports there, to look for the text "GeneratedCode" (Roslyn 4.14's
/// <c>AnalyzerDriver.IsInGeneratedCode</c>): measured with <c>perf</c> over the 200-file project of
/// <c>AnalyzerCostBenchmarks</c>, that walk was 91 % of HIQ008's time, about 6 % of a compilation.
/// </remarks>
public abstract class InfluxAnalyzer : DiagnosticAnalyzer
{
    private protected InfluxAnalyzer()
    {
    }

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var types = InfluxTypes.TryCreate(start.Compilation);
            if (types is not null) Register(start, types);
        });
    }

    /// <summary>Registers the rule's actions for a compilation that references at least one client type.</summary>
    private protected abstract void Register(CompilationStartAnalysisContext start, InfluxTypes types);
}
