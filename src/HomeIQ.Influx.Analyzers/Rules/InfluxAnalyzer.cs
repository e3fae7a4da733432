using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// The start every HIQ0xx rule shares: skip generated code, run concurrently, and look the InfluxDB client types up
/// once per compilation. A compilation that references none of them registers no work at all.
/// </summary>
public abstract class InfluxAnalyzer : DiagnosticAnalyzer
{
    private protected InfluxAnalyzer()
    {
    }

    /// <inheritdoc />
    public sealed override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
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
