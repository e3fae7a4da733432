using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HomeIQ.Influx.Analyzers;
using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace HomeIQ.Influx.CodeFixes.Fixers;

/// <summary>
/// HIQ007: makes the writer's last batch go out. A local gets a <c>using</c> (<c>await using</c> in async code for
/// this project's writers), as HIQ001's fix does. A field or property gets disposed by its type: a line added to the
/// type's <c>Dispose()</c> (or async <c>DisposeAsync()</c>), an override of an inherited virtual <c>Dispose()</c>
/// (<c>BackgroundService</c>), or, for a class that is not disposable yet, <c>IDisposable</c> and a <c>Dispose()</c>
/// that disposes it (DI containers dispose such singletons at shutdown). Static members get no fix: nothing disposes
/// a type; flush them where the program ends.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(BatchingWriterNotFlushedCodeFix))]
[Shared]
public sealed class BatchingWriterNotFlushedCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = RuleIdentifiers.BatchingWriterNotFlushed + ".Dispose";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.BatchingWriterNotFlushed);

    /// <inheritdoc />
    // Sequential: several writers of one type are disposed in the same Dispose method.
    public override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Create(static (document, node, _, ct) => ApplyAsync(document, (ExpressionSyntax)node, ct));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var creation = LocalSyntax.FindCreation(root, diagnostic.Location.SourceSpan);
            if (creation is null) continue;
            string? title = null;
            if (UsingDeclaration.Plan(creation, model, context.CancellationToken) is { } statement)
                title = UsingDeclaration.UseAwait(model, creation, statement, context.CancellationToken) ? "Dispose with 'await using'" : "Dispose with 'using'";
            else if (PlanMember(creation, model, context.CancellationToken) is { } plan)
                title = $"Dispose '{plan.Member.Name}' in '{plan.Type.Identifier.ValueText}'";
            if (title is null) continue;
            context.RegisterCodeFix(
                CodeAction.Create(title, async ct => await ApplyAsync(context.Document, creation, ct).ConfigureAwait(false) ?? context.Document, EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document?> ApplyAsync(Document document, ExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null) return null;
        if (UsingDeclaration.Plan(creation, model, cancellationToken) is not null) return await UsingDeclaration.ApplyAsync(document, creation, cancellationToken).ConfigureAwait(false);
        var plan = PlanMember(creation, model, cancellationToken);
        if (plan is null) return null;

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var disposeMember = SyntaxFactory.ParseStatement($"{plan.Member.Name}?.Dispose();").WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        switch (plan.Place)
        {
            case DisposePlace.ExistingDispose:
                var method = plan.Method!;
                var body = method.Body ?? SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(method.ExpressionBody!.Expression));
                var statement = plan.AwaitDisposeAsync
                    ? SyntaxFactory.ParseStatement($"if ({plan.Member.Name} is not null) await {plan.Member.Name}.DisposeAsync();").WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)
                    : disposeMember;
                editor.ReplaceNode(method, method
                    .WithExpressionBody(null)
                    .WithSemicolonToken(default)
                    .WithBody(body.WithStatements(body.Statements.Insert(0, statement)))
                    .WithAdditionalAnnotations(Formatter.Annotation));
                break;
            case DisposePlace.OverrideDispose:
                TypeMembers.Insert(editor, plan.Type, ((MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
                    $"public override void Dispose() {{ {plan.Member.Name}?.Dispose(); base.Dispose(); }}")!).WithAdditionalAnnotations(Formatter.Annotation));
                break;
            case DisposePlace.ImplementIDisposable:
                editor.AddInterfaceType(plan.Type, SyntaxFactory.ParseTypeName("global::System.IDisposable").WithAdditionalAnnotations(Simplifier.Annotation));
                TypeMembers.Insert(editor, plan.Type, ((MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
                    $"public void Dispose() => {plan.Member.Name}?.Dispose();")!).WithAdditionalAnnotations(Formatter.Annotation));
                break;
        }

        return editor.GetChangedDocument();
    }

    private enum DisposePlace
    {
        ExistingDispose,
        OverrideDispose,
        ImplementIDisposable,
    }

    private sealed class MemberPlan
    {
        public MemberPlan(ISymbol member, TypeDeclarationSyntax type, DisposePlace place, MethodDeclarationSyntax? method, bool awaitDisposeAsync)
        {
            Member = member;
            Type = type;
            Place = place;
            Method = method;
            AwaitDisposeAsync = awaitDisposeAsync;
        }

        public ISymbol Member { get; }
        public TypeDeclarationSyntax Type { get; }
        public DisposePlace Place { get; }
        public MethodDeclarationSyntax? Method { get; }
        public bool AwaitDisposeAsync { get; }
    }

    // The instance field or property the writer is stored in, and where its type can dispose it (in this document).
    private static MemberPlan? PlanMember(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var value = creation.WalkUpParentheses();
        ISymbol? member = value.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } => model.GetDeclaredSymbol(declarator, cancellationToken),
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => model.GetDeclaredSymbol(property, cancellationToken),
            AssignmentExpressionSyntax assignment when assignment.Right == value => model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol,
            _ => null,
        };
        if (member is not (IFieldSymbol or IPropertySymbol) || member.IsStatic) return null;
        var typeSymbol = member.ContainingType;
        if (typeSymbol.TypeKind != TypeKind.Class || typeSymbol.IsStatic) return null;
        var type = typeSymbol.DeclaringSyntaxReferences
            .Select(r => r.GetSyntax(cancellationToken))
            .OfType<TypeDeclarationSyntax>()
            .FirstOrDefault(t => t.SyntaxTree == creation.SyntaxTree);
        if (type is null) return null;

        var disposable = model.Compilation.GetSpecialType(SpecialType.System_IDisposable);
        var asyncDisposable = model.Compilation.GetTypeByMetadataName("System.IAsyncDisposable");
        var memberType = member is IFieldSymbol field ? field.Type : ((IPropertySymbol)member).Type;

        // 1. The type's own Dispose() or async DisposeAsync(), in this document.
        foreach (var declaration in typeSymbol.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<TypeDeclarationSyntax>().Where(t => t.SyntaxTree == creation.SyntaxTree))
        {
            foreach (var method in declaration.Members.OfType<MethodDeclarationSyntax>())
            {
                if (method.ParameterList.Parameters.Count != 0 || method.Modifiers.Any(SyntaxKind.StaticKeyword) || method.Body is null && method.ExpressionBody is null) continue;
                if (method.Identifier.ValueText == "Dispose") return new MemberPlan(member, declaration, DisposePlace.ExistingDispose, method, awaitDisposeAsync: false);
                if (method.Identifier.ValueText == "DisposeAsync" && method.Modifiers.Any(SyntaxKind.AsyncKeyword))
                {
                    var awaitAsync = asyncDisposable is not null && (SymbolEqualityComparer.Default.Equals(memberType, asyncDisposable) || memberType.AllInterfaces.Contains(asyncDisposable, SymbolEqualityComparer.Default));
                    return new MemberPlan(member, declaration, DisposePlace.ExistingDispose, method, awaitAsync);
                }
            }
        }

        if (typeSymbol.GetMembers("Dispose").Any() || typeSymbol.GetMembers("DisposeAsync").Any()) return null; // declared elsewhere: leave it to its author

        // 2. An inherited virtual Dispose() (BackgroundService): override it.
        for (var baseType = typeSymbol.BaseType; baseType is not null; baseType = baseType.BaseType)
        {
            var inherited = baseType.GetMembers("Dispose").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 0 && !m.IsStatic);
            if (inherited is null) continue;
            return inherited is { IsVirtual: true } or { IsOverride: true, IsSealed: false } && inherited.DeclaredAccessibility == Accessibility.Public
                ? new MemberPlan(member, type, DisposePlace.OverrideDispose, null, awaitDisposeAsync: false)
                : null;
        }

        // 3. Not disposable yet: implement IDisposable.
        if (typeSymbol.AllInterfaces.Contains(disposable, SymbolEqualityComparer.Default) || type is RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: (int)SyntaxKind.StructKeyword }) return null;
        return new MemberPlan(member, type, DisposePlace.ImplementIDisposable, null, awaitDisposeAsync: false);
    }
}
