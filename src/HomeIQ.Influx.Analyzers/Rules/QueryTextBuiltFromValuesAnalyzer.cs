using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// HIQ004: query text (Flux, InfluxQL, SQL) built from values by interpolation, concatenation or <c>string.Format</c>.
/// A value that carries a quote or a newline changes the query; from user input that is query injection. The message
/// names the two safe ways for the client at hand: parameters, or quoting with <c>InfluxQLText</c>/<c>FluxText</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class QueryTextBuiltFromValuesAnalyzer : InfluxAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
        RuleIdentifiers.QueryTextBuiltFromValues,
        title: "Query text is built from values",
        messageFormat: "The query text passed to '{0}' is built from values; {1}",
        category: RuleCategories.Security,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Query text built by interpolation, concatenation or string.Format changes meaning when a value holds a quote or newline, which lets input inject query text. Bind the values as parameters (InfluxQLParameters, InfluxDB3 namedParameters, Flux params) or quote each one with InfluxQLText/FluxText.",
        helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.QueryTextBuiltFromValues));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
        => start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation, OperationKind.ObjectCreation);

    private static void Analyze(OperationAnalysisContext context, InfluxTypes types)
    {
        var (method, arguments) = context.Operation switch
        {
            IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
            IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
            _ => (null, default),
        };
        if (method is null) return;
        var parameter = QueryMethods.QueryTextParameter(method, types, out var api);
        if (parameter is null) return;

        foreach (var argument in arguments)
        {
            if (!SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.OriginalDefinition)) continue;
            if (argument.ArgumentKind != ArgumentKind.Explicit) return;
            if (QueryText.IsBuiltFromValues(argument.Value, context.CancellationToken))
            {
                var name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.Name;
                var properties = ImmutableDictionary<string, string?>.Empty.Add(QueryMethods.ApiProperty, api.ToString());
                context.ReportDiagnostic(Diagnostic.Create(Rule, argument.Value.Syntax.GetLocation(), properties, name, QueryMethods.Advice(api)));
            }

            return;
        }
    }
}
