using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HomeIQ.Influx.Analyzers;
using HomeIQ.Influx.Analyzers.Async;
using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace HomeIQ.Influx.CodeFixes.Fixers;

/// <summary>
/// HIQ006: awaits instead of blocking. <c>t.Result</c> and <c>t.GetAwaiter().GetResult()</c> become <c>await t</c>,
/// a <c>t.Wait();</c> statement <c>await t;</c>, a writer's <c>using</c> <c>await using</c> and its
/// <c>Dispose();</c> <c>await DisposeAsync();</c>. <c>QuerySync</c> becomes <c>await QueryAsync</c> on
/// <c>GetQueryApi()</c> (same arguments, same result type) where the sync API comes straight from
/// <c>GetQueryApiSync()</c> or from a local used only for such queries in the same async code. Not offered where an
/// <c>await</c> cannot go (inside a <c>lock</c>), for <c>Wait</c> with a timeout, or for a sync API held elsewhere.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BlockingCallInAsyncCodeFix))]
[Shared]
public sealed class BlockingCallInAsyncCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = RuleIdentifiers.BlockingCallInAsyncCode + ".Await";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.BlockingCallInAsyncCode);

    /// <inheritdoc />
    // Sequential: rewriting a QueryApiSync local touches every query made through it.
    public override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Create(
        static async (document, node, _, ct) => await ApplyAsync(document, node, ct).ConfigureAwait(false),
        static (root, diagnostic) => Target(root, diagnostic));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var target = Target(root, diagnostic);
            if (target is null || Plan(target, model, context.CancellationToken) is null) continue;
            var title = target is UsingStatementSyntax or LocalDeclarationStatementSyntax ? "Use 'await using'" : "Await instead of blocking";
            context.RegisterCodeFix(
                CodeAction.Create(title, async ct => await ApplyAsync(context.Document, target, ct).ConfigureAwait(false) ?? context.Document, EquivalenceKey),
                diagnostic);
        }
    }

    // The node the diagnostic sits on: `t.Result`, `t.Wait()`, `...GetResult()`, `q.QuerySync(...)`, `w.Dispose()`, a using.
    private static SyntaxNode? Target(SyntaxNode root, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.SourceSpan;
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().FirstOrDefault(n =>
            n is UsingStatementSyntax statement && statement.SpanStart == span.Start
            || n is LocalDeclarationStatementSyntax && n.Span == span
            || n is ExpressionSyntax && n.Span == span);
    }

    private static async Task<Document?> ApplyAsync(Document document, SyntaxNode target, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null) return null;
        var plan = Plan(target, model, cancellationToken);
        if (plan is null) return null;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        plan(editor);
        return editor.GetChangedDocument();
    }

    // What to change, or null when no safe rewrite exists.
    private static Action<DocumentEditor>? Plan(SyntaxNode target, SemanticModel model, CancellationToken cancellationToken)
    {
        if (!LocalSyntax.CanAwaitAt(target, model)) return null;
        switch (target)
        {
            case LocalDeclarationStatementSyntax declaration when declaration.UsingKeyword.RawKind != 0 && declaration.AwaitKeyword.RawKind == 0:
                return editor => editor.ReplaceNode(declaration, declaration.WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithLeadingTrivia(declaration.GetLeadingTrivia()).WithUsingKeyword(declaration.UsingKeyword.WithLeadingTrivia()));
            case UsingStatementSyntax statement when statement.AwaitKeyword.RawKind == 0:
                return editor => editor.ReplaceNode(statement, statement.WithAwaitKeyword(SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space))
                    .WithLeadingTrivia(statement.GetLeadingTrivia()).WithUsingKeyword(statement.UsingKeyword.WithLeadingTrivia()));
            case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Result" } result:
                return editor => editor.ReplaceNode(result, Await(result.Expression, result));
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetResult", Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetAwaiter" } awaiter } } } getResult:
                return editor => editor.ReplaceNode(getResult, Await(awaiter.Expression, getResult));
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Wait" } wait, ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax statement }:
                return editor => editor.ReplaceNode(statement, statement.WithExpression(SyntaxFactory.AwaitExpression(wait.Expression.WithoutTrivia()).WithTriviaFrom(statement.Expression)));
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Dispose" } dispose, ArgumentList.Arguments.Count: 0, Parent: ExpressionStatementSyntax statement }:
                return editor => editor.ReplaceNode(statement, statement.WithExpression(SyntaxFactory.AwaitExpression(
                    SyntaxFactory.InvocationExpression(dispose.WithName(SyntaxFactory.IdentifierName("DisposeAsync")).WithoutTrivia())).WithTriviaFrom(statement.Expression)));
            case InvocationExpressionSyntax query when query.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "QuerySync" }:
                return PlanQuerySync(query, model, cancellationToken);
            default:
                return null;
        }
    }

    // `q.QuerySync(args)` → `(await q'.QueryAsync(args))` where q' is the async API in place of the sync one.
    private static Action<DocumentEditor>? PlanQuerySync(InvocationExpressionSyntax query, SemanticModel model, CancellationToken cancellationToken)
    {
        var access = (MemberAccessExpressionSyntax)query.Expression;
        var receiver = access.Expression.WalkDownParentheses();
        if (receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetQueryApiSync" } getSync } syncApi)
        {
            return editor => editor.ReplaceNode(query, AsyncQuery(query, syncApi.WithExpression(getSync.WithName(SyntaxFactory.IdentifierName("GetQueryApi").WithTriviaFrom(getSync.Name)))));
        }

        // A local `var q = client.GetQueryApiSync();` used only for QuerySync calls in this async code.
        if (receiver is not IdentifierNameSyntax name || model.GetSymbolInfo(name, cancellationToken).Symbol is not ILocalSymbol local) return null;
        var declarator = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) as VariableDeclaratorSyntax;
        if (declarator is not { Initializer.Value: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetQueryApiSync" } initAccess } initializer }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 } declaration
            || declaration.Parent is not LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 })
        {
            return null;
        }

        var function = LocalSyntax.EnclosingFunction(declarator);
        var uses = new List<InvocationExpressionSyntax>();
        foreach (var reference in LocalSyntax.References(LocalSyntax.Scope(declarator), local, model, cancellationToken))
        {
            if (reference.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "QuerySync" } use || use.Expression != reference
                || use.Parent is not InvocationExpressionSyntax call || !ReferenceEquals(LocalSyntax.EnclosingFunction(call), function) || !LocalSyntax.CanAwaitAt(call, model))
            {
                return null;
            }

            uses.Add(call);
        }

        TypeSyntax? asyncType = declaration.Type.IsVar ? null : declaration.Type switch
        {
            IdentifierNameSyntax { Identifier.ValueText: "QueryApiSync" } t => SyntaxFactory.IdentifierName("QueryApi").WithTriviaFrom(t),
            IdentifierNameSyntax { Identifier.ValueText: "IQueryApiSync" } t => SyntaxFactory.IdentifierName("IQueryApi").WithTriviaFrom(t),
            QualifiedNameSyntax { Right.Identifier.ValueText: "QueryApiSync" or "IQueryApiSync" } t => t.WithRight(SyntaxFactory.IdentifierName(t.Right.Identifier.ValueText.Replace("Sync", "")).WithTriviaFrom(t.Right)),
            _ => null,
        };
        if (!declaration.Type.IsVar && asyncType is null) return null;

        return editor =>
        {
            editor.ReplaceNode(initializer, initializer.WithExpression(initAccess.WithName(SyntaxFactory.IdentifierName("GetQueryApi").WithTriviaFrom(initAccess.Name))));
            if (asyncType is not null) editor.ReplaceNode(declaration.Type, asyncType);
            foreach (var use in uses) editor.ReplaceNode(use, AsyncQuery(use, ((MemberAccessExpressionSyntax)use.Expression).Expression));
        };
    }

    private static ExpressionSyntax AsyncQuery(InvocationExpressionSyntax query, ExpressionSyntax receiver)
    {
        var access = (MemberAccessExpressionSyntax)query.Expression;
        var name = access.Name is GenericNameSyntax generic
            ? (SimpleNameSyntax)generic.WithIdentifier(SyntaxFactory.Identifier("QueryAsync").WithTriviaFrom(generic.Identifier))
            : SyntaxFactory.IdentifierName("QueryAsync").WithTriviaFrom(access.Name);
        var call = query.WithExpression(access.WithExpression(receiver).WithName(name));
        return Await(call.WithoutTrivia(), query);
    }

    // `(await task)`, parenthesized for its context and left to the simplifier to unwrap where it need not be.
    private static ExpressionSyntax Await(ExpressionSyntax task, SyntaxNode replaced)
        => SyntaxFactory.ParenthesizedExpression(SyntaxFactory.AwaitExpression(task.WithoutTrivia()))
            .WithTriviaFrom(replaced)
            .WithAdditionalAnnotations(Simplifier.Annotation);
}
