using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using HomeIQ.Influx.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HomeIQ.Influx.CodeFixes.Generator;

/// <summary>
/// Fixes HIQ100 (a <c>[Measurement]</c> type, or a type it is nested in, is not partial) by adding <c>partial</c> to
/// the type the diagnostic points at. The diagnostic comes from the source generator, which this project does not
/// reference, so its id is repeated here.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeMeasurementPartialCodeFix))]
[Shared]
public sealed class MakeMeasurementPartialCodeFix : CodeFixProvider
{
    /// <summary>The id of the generator's "type must be partial" diagnostic.</summary>
    public const string DiagnosticId = "HIQ100";

    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        PartialModifier.RegisterAsync(context, d => "Make '" + d.Identifier.ValueText + "' partial", DiagnosticId, includeContainingTypes: false);
}
