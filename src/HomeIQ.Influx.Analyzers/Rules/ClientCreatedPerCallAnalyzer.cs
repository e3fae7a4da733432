using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Rules
{
    /// <summary>
    /// HIQ002: a client is created and dropped within one call (in a loop, a per-request method or lambda), even with
    /// <c>using</c>. Each client opens its own connection pool; creating one per call churns sockets and, for batching
    /// writers, starts a new pipeline each time. Clients are meant to be created once and shared.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ClientCreatedPerCallAnalyzer : InfluxAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.ClientCreatedPerCall,
            title: "InfluxDB client is created per call",
            messageFormat: "'{0}' is created {1} and dropped when it ends; create it once and share it (inject it or keep it in a static readonly field)",
            category: RuleCategories.Performance,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "InfluxDB clients are thread-safe and meant to live as long as the application. Creating one per request or per loop iteration opens a new connection pool each time and wastes sockets.",
            helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.ClientCreatedPerCall));

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types) =>
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.ObjectCreation, OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, InfluxTypes types)
        {
            var operation = context.Operation;
            if (!Disposable.IsCreation(operation, types)) return;

            // GetWriteApi has its own rule (HIQ003).
            if (operation is IInvocationOperation invocation && types.IsGetWriteApi(invocation.TargetMethod)) return;

            if (Disposable.Classify(operation, context.CancellationToken) == Fate.Escapes) return;
            if (!Lifetime.IsPerCall(operation, context.ContainingSymbol, types, out var where)) return;

            context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), operation.Type?.Name, where));
        }
    }
}
