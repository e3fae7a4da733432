using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Rules
{
    /// <summary>
    /// HIQ003: InfluxDB.Client's <c>GetWriteApi()</c> called per operation. Each call starts a new batching pipeline (a
    /// background subscription with its own buffer and flush timer) that must itself be disposed to flush.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class WriteApiCreatedPerCallAnalyzer : InfluxAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.WriteApiCreatedPerCall,
            title: "WriteApi is created per call",
            messageFormat: "GetWriteApi is called {0}; each call starts a new batching pipeline, so create the WriteApi once and share it, or use GetWriteApiAsync for one-off writes",
            category: RuleCategories.Performance,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "InfluxDB.Client's WriteApi batches points in the background and must be disposed to flush them. Creating one per request starts a new pipeline each time; keep one for the application's lifetime.",
            helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.WriteApiCreatedPerCall));

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
        {
            if (types.V2WriteApi is null) return;
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, InfluxTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!types.IsGetWriteApi(invocation.TargetMethod)) return;
            if (Disposable.Classify(invocation, context.CancellationToken) == Fate.Escapes) return;
            if (!Lifetime.IsPerCall(invocation, context.ContainingSymbol, types, out var where)) return;

            context.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), where));
        }
    }
}
