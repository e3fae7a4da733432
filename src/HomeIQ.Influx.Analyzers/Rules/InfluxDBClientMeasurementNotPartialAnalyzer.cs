using System.Collections.Immutable;
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
        start.RegisterSymbolAction(c => Analyze(c, measurement), SymbolKind.NamedType);
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol measurement)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (type.TypeKind != TypeKind.Class || type.IsImplicitlyDeclared) return;
        AttributeData? attribute = null;
        foreach (var data in type.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, measurement)) { attribute = data; break; }
        }
        if (attribute is null) return;

        TypeDeclarationSyntax? first = null;
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(context.CancellationToken) is not TypeDeclarationSyntax declaration) continue;
            if (declaration.Modifiers.Any(SyntaxKind.PartialKeyword)) return; // partial: the generator maps it
            first ??= declaration;
        }
        if (first is null) return;
        context.ReportDiagnostic(Diagnostic.Create(Rule, first.Identifier.GetLocation(), type.Name));
    }
}
