using System.Collections.Immutable;
using System.Threading;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// HIQ008: a class with InfluxDB.Client's <c>[Measurement]</c> that is not <c>partial</c>. InfluxDB.Client maps it by
/// reflection on every write and query (measured: 16-32x the generated serializer's time and 2.7-3.6 KB per point);
/// made <c>partial</c>, the source generator reads the same attributes and emits a serializer, a typed writer, a query
/// class and extension methods on InfluxDB.Client's APIs. Info: the code works as it is.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InfluxDBClientMeasurementNotPartialAnalyzer : InfluxAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
        RuleIdentifiers.InfluxDBClientMeasurementNotPartial,
        title: "InfluxDB.Client measurement is mapped by reflection",
        messageFormat: "'{0}' is mapped by reflection at run time; make it partial for a generated serializer",
        category: RuleCategories.Performance,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "InfluxDB.Client maps [Measurement] classes by reflection on every write and query. A partial class gets a generated serializer, writer and query mapper that write the same lines, and extension methods on InfluxDB.Client's write and query APIs.",
        helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.InfluxDBClientMeasurementNotPartial));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
    {
        // Without InfluxDB.Client.Core's attribute there is nothing to look at: no action is registered.
        var measurement = types.V2MeasurementAttribute;
        if (measurement is null) return;
        // A syntax action on classes that are not partial and carry attributes, not a symbol action over every type; the
        // type's attributes are then read from its symbol, whose binding the compiler does (and caches) anyway. Measured
        // over 200 files (AnalyzerCostBenchmarks): under 1.3 % of a compilation, with a report in every file.
        start.RegisterSyntaxNodeAction(c => Analyze(c, measurement), SyntaxKind.ClassDeclaration, SyntaxKind.RecordDeclaration);
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, INamedTypeSymbol measurement)
    {
        var declaration = (TypeDeclarationSyntax)context.Node;
        if (declaration.AttributeLists.Count == 0 || declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, context.CancellationToken) is not { } type) return;
        foreach (var data in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(data.AttributeClass, measurement)) continue;
            if (!IsPartialElsewhere(type, context.CancellationToken))
                context.ReportDiagnostic(Diagnostic.Create(Rule, declaration.Identifier.GetLocation(), type.Name));
            return;
        }
    }

    // Another declaration of the same type says partial (a compiler error on this one, CS0260; the generator's case).
    private static bool IsPartialElsewhere(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        if (type.DeclaringSyntaxReferences.Length < 2) return false;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax other && other.Modifiers.Any(SyntaxKind.PartialKeyword)) return true;
        }
        return false;
    }
}
