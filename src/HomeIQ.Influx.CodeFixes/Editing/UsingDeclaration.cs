using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace HomeIQ.Influx.CodeFixes.Editing;

/// <summary>
/// Turns <c>var x = creation;</c> into <c>using var x = creation;</c> (or <c>await using</c> in async code for an
/// <see cref="System.IAsyncDisposable"/>), removing a plain <c>x.Dispose()</c> it replaces. Offered only where the
/// result compiles and means the same: the local is never written again, not captured by a lambda or local function
/// (which could outlive the block), no label follows it in its block (a <c>goto</c> cannot jump past a using
/// declaration), and an <c>await using</c> is not inside a <c>lock</c>.
/// </summary>
internal static class UsingDeclaration
{
    /// <summary>The declaration statement to turn into a using declaration, or <see langword="null"/> when that is not safe.</summary>
    public static LocalDeclarationStatementSyntax? Plan(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var statement = LocalSyntax.FindDeclaration(creation);
        if (statement is null || statement.UsingKeyword.RawKind != 0) return null;
        if (model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local) return null;

        var scope = LocalSyntax.Scope(statement);
        foreach (var reference in LocalSyntax.References(scope, local, model, cancellationToken))
        {
            if (LocalSyntax.IsWritten(reference)) return null;
            if (reference.Ancestors().TakeWhile(a => !ReferenceEquals(a, scope)).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
                && !statement.Ancestors().Contains(reference.Ancestors().First(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                return null;
            }
        }

        if (statement.Parent is BlockSyntax block && block.Statements.SkipWhile(s => s != statement).Any(s => s.DescendantNodesAndSelf().OfType<LabeledStatementSyntax>().Any()))
            return null;
        if (UseAwait(model, creation, statement, cancellationToken) && statement.Ancestors().TakeWhile(a => a is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax)).OfType<LockStatementSyntax>().Any())
            return null;
        return statement;
    }

    /// <summary>True when the using declaration will be <c>await using</c>: async code and an <see cref="System.IAsyncDisposable"/> type.</summary>
    public static bool UseAwait(SemanticModel model, ExpressionSyntax creation, LocalDeclarationStatementSyntax statement, CancellationToken cancellationToken)
        => LocalSyntax.IsInAsyncFunction(model, statement.SpanStart)
           && LocalSyntax.IsAsyncDisposable(
               (model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) as ILocalSymbol)?.Type ?? model.GetTypeInfo(creation, cancellationToken).Type,
               model.Compilation); // the local's type: for `await client.QueryInfluxQLAsync(...)` the reader, not the task

    /// <summary>Applies the change planned by <see cref="Plan"/>, found again from the creation in the current document.</summary>
    public static async Task<Document?> ApplyAsync(Document document, ExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null) return null;
        var statement = Plan(creation, model, cancellationToken);
        if (statement is null || model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local) return null;

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
