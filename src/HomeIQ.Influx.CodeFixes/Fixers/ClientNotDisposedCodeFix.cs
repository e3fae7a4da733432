using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using HomeIQ.Influx.Analyzers;
using HomeIQ.Influx.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HomeIQ.Influx.CodeFixes.Fixers
{
    /// <summary>
    /// HIQ001: turns <c>var client = new ...;</c> into a <c>using</c> declaration, or an <c>await using</c> declaration when the
    /// method is async and the type is <see cref="System.IAsyncDisposable"/>. A plain <c>client.Dispose()</c> statement the
    /// declaration replaces is removed.
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
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer; // each fix edits only its own statements

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;

            foreach (var diagnostic in context.Diagnostics)
            {
                var creation = LocalSyntax.FindCreation(root, diagnostic.Location.SourceSpan);
                var statement = creation is null ? null : LocalSyntax.FindDeclaration(creation);
                if (creation is null || statement is null) continue;

                var title = UseAwait(model, creation, statement, context.CancellationToken) ? "Dispose with 'await using'" : "Dispose with 'using'";
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => AddUsingAsync(context.Document, creation, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        private static bool UseAwait(SemanticModel model, ExpressionSyntax creation, LocalDeclarationStatementSyntax statement, CancellationToken cancellationToken)
            => LocalSyntax.IsInAsyncFunction(model, statement.SpanStart)
               && LocalSyntax.IsAsyncDisposable(model.GetTypeInfo(creation, cancellationToken).Type, model.Compilation);

        private static async Task<Document> AddUsingAsync(Document document, ExpressionSyntax creation, CancellationToken cancellationToken)
        {
            var statement = LocalSyntax.FindDeclaration(creation);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (statement is null || model is null) return document;
            if (model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local) return document;

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            foreach (var dispose in LocalSyntax.DisposeStatements(LocalSyntax.Scope(statement), local, model, cancellationToken))
                editor.RemoveNode(dispose);

            var updated = statement
                .WithoutLeadingTrivia()
                .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            if (UseAwait(model, creation, statement, cancellationToken))
                updated = updated.WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space));
            editor.ReplaceNode(statement, updated.WithLeadingTrivia(statement.GetLeadingTrivia()));
            return editor.GetChangedDocument();
        }
    }
}
