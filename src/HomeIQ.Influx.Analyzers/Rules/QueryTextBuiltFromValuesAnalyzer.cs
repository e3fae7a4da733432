using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Rules
{
    /// <summary>
    /// HIQ004: query text (Flux, InfluxQL, SQL) built from values by interpolation, concatenation or <c>string.Format</c>.
    /// A value that carries a quote or a newline changes the query; from user input that is query injection.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class QueryTextBuiltFromValuesAnalyzer : InfluxAnalyzer
    {
        internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
            RuleIdentifiers.QueryTextBuiltFromValues,
            title: "Query text is built from values",
            messageFormat: "The query text passed to '{0}' is built from values; pass the values as query parameters or use the generated query class",
            category: RuleCategories.Security,
            defaultSeverity: DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Query text built by interpolation, concatenation or string.Format changes meaning when a value holds a quote or newline, which lets input inject query text. Use parameters (InfluxDB3 namedParameters, Flux params) or the generated query class.",
            helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.QueryTextBuiltFromValues));

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

        private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
        {
            if (types.V2QueryApi is null && types.V2QueryApiSync is null && types.V3Client is null && types.V3ClientInterface is null
                && types.InfluxClient is null) return;
            start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, InfluxTypes types)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var parameter = QueryMethods.QueryTextParameter(invocation.TargetMethod, types);
            if (parameter is null) return;

            foreach (var argument in invocation.Arguments)
            {
                if (!SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.OriginalDefinition)) continue;
                if (argument.ArgumentKind != ArgumentKind.Explicit) return;
                if (QueryText.IsBuiltFromValues(argument.Value, context.CancellationToken))
                    context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), invocation.TargetMethod.Name));
                return;
            }
        }
    }
}
