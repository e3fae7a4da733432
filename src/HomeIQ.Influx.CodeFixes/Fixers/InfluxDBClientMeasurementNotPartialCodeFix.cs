using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using HomeIQ.Influx.Analyzers;
using HomeIQ.Influx.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HomeIQ.Influx.CodeFixes.Fixers;

/// <summary>
/// Fixes HIQ008 by making the InfluxDB.Client measurement class partial, and the types it is nested in (the generator
/// needs every containing type partial, HIQ100). Fix All adds <c>partial</c> once per declaration.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InfluxDBClientMeasurementNotPartialCodeFix))]
[Shared]
public sealed class InfluxDBClientMeasurementNotPartialCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix (one for every diagnostic, so Fix All applies it everywhere).</summary>
    public const string EquivalenceKey = RuleIdentifiers.InfluxDBClientMeasurementNotPartial;

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.InfluxDBClientMeasurementNotPartial);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        PartialModifier.RegisterAsync(context, d => "Make '" + d.Identifier.ValueText + "' partial (generated serializer)", EquivalenceKey, includeContainingTypes: true);
}
