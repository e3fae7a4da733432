using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HomeIQ.Influx.Analyzers;
using HomeIQ.Influx.CodeFixes.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HomeIQ.Influx.CodeFixes.Fixers
{
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
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
                if (declaration is null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Make '" + declaration.Identifier.ValueText + "' partial (generated serializer)",
                        ct => MakePartialAsync(context.Document, declaration, ct),
                        equivalenceKey: EquivalenceKey),
                    diagnostic);
            }
        }

        private static async Task<Document> MakePartialAsync(Document document, TypeDeclarationSyntax declaration, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null) return document;
            var targets = declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword)).ToList();
            return document.WithSyntaxRoot(root.ReplaceNodes(targets, (_, rewritten) => MakeMeasurementPartialCodeFix.WithPartial(rewritten)));
        }
    }
}
