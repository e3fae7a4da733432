using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using HomeIQ.Influx.Analyzers;
using HomeIQ.Influx.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace HomeIQ.Influx.CodeFixes.Fixers;

/// <summary>
/// HIQ001: turns <c>var client = new ...;</c> into a <c>using</c> declaration, or an <c>await using</c> declaration when the
/// method is async and the type is <see cref="System.IAsyncDisposable"/> (this project's client, writers and readers;
/// the anchors' clients are not). A plain <c>client.Dispose()</c> statement the declaration replaces is removed.
/// See <see cref="UsingDeclaration"/> for when it is offered.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClientNotDisposedCodeFix))]
[Shared]
public sealed class ClientNotDisposedCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix (the same for <c>using</c> and <c>await using</c>, so Fix All applies both).</summary>
    public const string EquivalenceKey = RuleIdentifiers.ClientNotDisposed + ".UsingDeclaration";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ClientNotDisposed);

    /// <inheritdoc />
    // Sequential: two fixes may remove Dispose statements of the same block.
    public override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Create(static (document, node, _, ct) => UsingDeclaration.ApplyAsync(document, (Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionSyntax)node, ct));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var creation = LocalSyntax.FindCreation(root, diagnostic.Location.SourceSpan);
            var statement = creation is null ? null : UsingDeclaration.Plan(creation, model, context.CancellationToken);
            if (creation is null || statement is null) continue;

            var title = UsingDeclaration.UseAwait(model, creation, statement, context.CancellationToken) ? "Dispose with 'await using'" : "Dispose with 'using'";
            context.RegisterCodeFix(
                CodeAction.Create(title, async ct => await UsingDeclaration.ApplyAsync(context.Document, creation, ct).ConfigureAwait(false) ?? context.Document, EquivalenceKey),
                diagnostic);
        }
    }
}
