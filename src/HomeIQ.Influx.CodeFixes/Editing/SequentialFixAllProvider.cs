using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HomeIQ.Influx.CodeFixes.Editing;

/// <summary>
/// Fix All that applies one fix after another in each document, re-reading the document in between. Needed where
/// fixes touch shared places (HIQ002 adds fields and constructor parameters to the same class), which the batch
/// fixer's merge of independent text changes would get wrong.
/// </summary>
internal static class SequentialFixAllProvider
{
    private const string AnnotationKind = "HomeIQ.Influx.FixAllTarget";

    /// <summary>
    /// Creates the provider. <paramref name="fix"/> applies the fix with the given equivalence key to the creation expression
    /// (found again in the current document) and returns the changed document, or <see langword="null"/> when it cannot.
    /// </summary>
    public static FixAllProvider Create(Func<Document, SyntaxNode, string?, CancellationToken, Task<Document?>> fix)
        => Create(fix, static (root, diagnostic) => LocalSyntax.FindCreation(root, diagnostic.Location.SourceSpan));

    /// <summary>As <see cref="Create(Func{Document, SyntaxNode, string?, CancellationToken, Task{Document?}})"/>, with <paramref name="findTarget"/> finding the node each diagnostic's fix starts from.</summary>
    public static FixAllProvider Create(Func<Document, SyntaxNode, string?, CancellationToken, Task<Document?>> fix, Func<SyntaxNode, Diagnostic, SyntaxNode?> findTarget)
        => FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            var cancellationToken = context.CancellationToken;
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || diagnostics.IsEmpty) return null;

            var targets = diagnostics
                .Select(d => findTarget(root, d))
                .Where(n => n is not null)
                .Select(n => n!)
                .Distinct()
                .ToImmutableArray();
            var annotations = targets.ToDictionary(t => t, t => new SyntaxAnnotation(AnnotationKind, t.SpanStart.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            root = root.ReplaceNodes(annotations.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(annotations[original]));
            var current = document.WithSyntaxRoot(root);

            foreach (var annotation in annotations.Values.OrderBy(a => int.Parse(a.Data!, System.Globalization.CultureInfo.InvariantCulture)))
            {
                var currentRoot = await current.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                var target = currentRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
                if (target is null) continue;
                var changed = await fix(current, target, context.CodeActionEquivalenceKey, cancellationToken).ConfigureAwait(false);
                if (changed is not null) current = changed;
            }

            return current;
        });
}
