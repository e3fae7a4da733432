using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Rules
{
    /// <summary>
    /// HIQ001: a client created in a method is neither disposed on every path nor handed on. An undisposed client keeps
    /// its connections, and a batching writer (InfluxDB.Client's WriteApi, a generated writer) loses the points it buffered.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ClientNotDisposedAnalyzer : InfluxAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.ClientNotDisposed,
            title: "InfluxDB client is not disposed",
            messageFormat: "'{0}' is created here but {1}; dispose it with 'using' or hand it to an owner",
            category: RuleCategories.Reliability,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A client created in a method must be disposed on every path (using, await using, or Dispose in finally) or handed on (returned, stored, registered). Otherwise its connections stay open and buffered points are lost.",
            helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.ClientNotDisposed));

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types) =>
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.ObjectCreation, OperationKind.Invocation);

        private static void Analyze(OperationAnalysisContext context, InfluxTypes types)
        {
            var operation = context.Operation;
            if (!Disposable.IsCreation(operation, types)) return;

            var fate = Disposable.Classify(operation, context.CancellationToken);
            if (fate is Fate.Disposed or Fate.Escapes) return;

            var why = fate == Fate.DisposedOnSomePaths
                ? "its Dispose call is skipped when an exception is thrown"
                : "it is never disposed";
            context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), operation.Type?.Name, why));
        }
    }
}
