using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace HomeIQ.Influx.CodeFixes.Fixers;

/// <summary>
/// HIQ003: stops starting a batching pipeline per call. Two fixes:
/// <list type="bullet">
/// <item><b>GetWriteApiAsync</b> (async code): the WriteApi becomes InfluxDB.Client's non-batching
/// <c>WriteApiAsync</c> and each <c>WriteX(...)</c> an awaited <c>WriteXAsync(...)</c> with the same arguments; its
/// <c>Flush()</c>/<c>Dispose()</c> statements go (it has none). Offered when the WriteApi is only used for writes,
/// flushes and disposal in the same async code. Writes then happen (and fail) in the call, not later in the background.</item>
/// <item><b>A field created once</b>: the WriteApi moves to a <c>readonly</c> field assigned in the constructor,
/// when it comes from the class's injected client (whose owner's <c>Dispose</c> then flushes it) with arguments that
/// use no locals, in a class with at most one constructor.</item>
/// </list>
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WriteApiCreatedPerCallCodeFix))]
[Shared]
public sealed class WriteApiCreatedPerCallCodeFix : CodeFixProvider
{
    /// <summary>Equivalence key of the "use GetWriteApiAsync" fix.</summary>
    public const string AsyncKey = RuleIdentifiers.WriteApiCreatedPerCall + ".GetWriteApiAsync";

    /// <summary>Equivalence key of the "create it once in a field" fix.</summary>
    public const string FieldKey = RuleIdentifiers.WriteApiCreatedPerCall + ".Field";

    private static readonly Dictionary<string, string> AsyncWrites = new()
    {
        ["WriteRecord"] = "WriteRecordAsync",
        ["WriteRecords"] = "WriteRecordsAsync",
        ["WritePoint"] = "WritePointAsync",
        ["WritePoints"] = "WritePointsAsync",
        ["WriteMeasurement"] = "WriteMeasurementAsync",
        ["WriteMeasurements"] = "WriteMeasurementsAsync",
    };

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.WriteApiCreatedPerCall);

    /// <inheritdoc />
    // Sequential: fixes in one class share its field and constructor.
    public override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Create(ApplyAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (LocalSyntax.FindCreation(root, diagnostic.Location.SourceSpan) is not InvocationExpressionSyntax getWriteApi) continue;
            if (PlanAsync(getWriteApi, model, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(CodeAction.Create("Write with GetWriteApiAsync (no batching pipeline)",
                    async ct => await ApplyAsync(context.Document, getWriteApi, AsyncKey, ct).ConfigureAwait(false) ?? context.Document, AsyncKey), diagnostic);
            }

            if (PlanField(getWriteApi, model, context.CancellationToken) is not null)
            {
                context.RegisterCodeFix(CodeAction.Create("Create the WriteApi once, in a field",
                    async ct => await ApplyAsync(context.Document, getWriteApi, FieldKey, ct).ConfigureAwait(false) ?? context.Document, FieldKey), diagnostic);
            }
        }
    }

    private static async Task<Document?> ApplyAsync(Document document, SyntaxNode node, string? key, CancellationToken cancellationToken)
    {
        if (node is not InvocationExpressionSyntax getWriteApi) return null;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null) return null;
        var plan = key == AsyncKey ? PlanAsync(getWriteApi, model, cancellationToken) : key == FieldKey ? PlanField(getWriteApi, model, cancellationToken) : null;
        if (plan is null) return null;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        plan(editor);
        return editor.GetChangedDocument();
    }

    // ------------------------------------------------------------------ GetWriteApiAsync

    private static Action<DocumentEditor>? PlanAsync(InvocationExpressionSyntax getWriteApi, SemanticModel model, CancellationToken cancellationToken)
    {
        if (getWriteApi.Expression is not MemberAccessExpressionSyntax access || !LocalSyntax.CanAwaitAt(getWriteApi, model)) return null;
        var mapper = getWriteApi.ArgumentList.Arguments.FirstOrDefault(a => model.GetOperation(a, cancellationToken) is Microsoft.CodeAnalysis.Operations.IArgumentOperation { Parameter.Name: "mapper" });
        var asyncApi = SyntaxFactory.InvocationExpression(
            access.WithName(SyntaxFactory.IdentifierName("GetWriteApiAsync").WithTriviaFrom(access.Name)),
            SyntaxFactory.ArgumentList(mapper is null ? default : SyntaxFactory.SingletonSeparatedList(mapper)));

        // Inline: `client.GetWriteApi().WritePoint(...);`
        if (getWriteApi.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax { Parent: ExpressionStatementSyntax inline } write } && IsWrite(write))
            return editor => editor.ReplaceNode(inline, AwaitWrite(inline, write, asyncApi.WithTriviaFrom(getWriteApi)));

        var declaration = LocalSyntax.FindDeclaration(getWriteApi);
        if (declaration is null || model.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local) return null;
        var function = LocalSyntax.EnclosingFunction(declaration);
        var writes = new List<(ExpressionStatementSyntax Statement, InvocationExpressionSyntax Write)>();
        var removals = new List<ExpressionStatementSyntax>();
        foreach (var reference in LocalSyntax.References(LocalSyntax.Scope(declaration), local, model, cancellationToken))
        {
            if (reference.Parent is not MemberAccessExpressionSyntax use || use.Expression != reference
                || use.Parent is not InvocationExpressionSyntax { Parent: ExpressionStatementSyntax statement } call
                || statement.Parent is not BlockSyntax and not GlobalStatementSyntax
                || !ReferenceEquals(LocalSyntax.EnclosingFunction(call), function))
            {
                return null;
            }

            var name = use.Name.Identifier.ValueText;
            if (IsWrite(call)) writes.Add((statement, call));
            else if (name is "Flush" or "Dispose" && call.ArgumentList.Arguments.Count == 0) removals.Add(statement);
            else return null;
        }

        TypeSyntax? type = declaration.Declaration.Type.IsVar ? null : declaration.Declaration.Type switch
        {
            IdentifierNameSyntax { Identifier.ValueText: "WriteApi" or "IWriteApi" } t => SyntaxFactory.IdentifierName(t.Identifier.ValueText + "Async").WithTriviaFrom(t),
            QualifiedNameSyntax { Right.Identifier.ValueText: "WriteApi" or "IWriteApi" } t => t.WithRight(SyntaxFactory.IdentifierName(t.Right.Identifier.ValueText + "Async").WithTriviaFrom(t.Right)),
            _ => null,
        };
        if (!declaration.Declaration.Type.IsVar && type is null) return null;

        return editor =>
        {
            var variable = declaration.Declaration.Variables[0];
            var newDeclaration = declaration.Declaration
                .WithType(type ?? declaration.Declaration.Type)
                .WithVariables(SyntaxFactory.SingletonSeparatedList(variable.WithInitializer(variable.Initializer!.WithValue(asyncApi.WithTriviaFrom(getWriteApi)))));
            editor.ReplaceNode(declaration, SyntaxFactory.LocalDeclarationStatement(newDeclaration).WithTriviaFrom(declaration));
            foreach (var (statement, write) in writes) editor.ReplaceNode(statement, AwaitWrite(statement, write, ((MemberAccessExpressionSyntax)write.Expression).Expression));
            foreach (var removal in removals) editor.RemoveNode(removal, SyntaxRemoveOptions.KeepNoTrivia);
        };
    }

    private static bool IsWrite(InvocationExpressionSyntax call)
        => call.Expression is MemberAccessExpressionSyntax { Name: var name } && AsyncWrites.ContainsKey(name.Identifier.ValueText);

    // `x.WritePoint(args);` → `await x.WritePointAsync(args);`
    private static ExpressionStatementSyntax AwaitWrite(ExpressionStatementSyntax statement, InvocationExpressionSyntax write, ExpressionSyntax receiver)
    {
        var access = (MemberAccessExpressionSyntax)write.Expression;
        var asyncName = AsyncWrites[access.Name.Identifier.ValueText];
        SimpleNameSyntax name = access.Name is GenericNameSyntax generic
            ? generic.WithIdentifier(SyntaxFactory.Identifier(asyncName).WithTriviaFrom(generic.Identifier))
            : SyntaxFactory.IdentifierName(asyncName).WithTriviaFrom(access.Name);
        var call = write.WithExpression(access.WithExpression(receiver).WithName(name));
        return statement.WithExpression(SyntaxFactory.AwaitExpression(call.WithoutTrivia()).WithTriviaFrom(statement.Expression));
    }

    // ------------------------------------------------------------------ a field created once

    private static Action<DocumentEditor>? PlanField(InvocationExpressionSyntax getWriteApi, SemanticModel model, CancellationToken cancellationToken)
    {
        if (getWriteApi.Expression is not MemberAccessExpressionSyntax access) return null;
        var type = getWriteApi.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is not ClassDeclarationSyntax { ParameterList: null } || model.GetDeclaredSymbol(type, cancellationToken) is not { IsStatic: false } typeSymbol) return null;
        ISymbol? member = model.GetEnclosingSymbol(getWriteApi.SpanStart, cancellationToken);
        while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }) member = member.ContainingSymbol;
        if (member is null || member.IsStatic || member is IMethodSymbol { MethodKind: MethodKind.Constructor }) return null;

        // The receiver: a readonly field or get-only property of this class, assigned only from a constructor parameter (injected).
        var receiver = model.GetSymbolInfo(access.Expression, cancellationToken).Symbol;
        if (receiver is not (IFieldSymbol { IsReadOnly: true, IsStatic: false } or IPropertySymbol { SetMethod: null, IsStatic: false })
            || !SymbolEqualityComparer.Default.Equals(receiver.ContainingType, typeSymbol)
            || access.Expression is not (IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax }))
        {
            return null;
        }

        var constructors = typeSymbol.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared).ToList();
        if (constructors.Count != 1) return null;
        var constructor = constructors[0].DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<ConstructorDeclarationSyntax>().FirstOrDefault();
        if (constructor is null || constructor.SyntaxTree != getWriteApi.SyntaxTree || constructor.Initializer is { RawKind: (int)SyntaxKind.ThisConstructorInitializer }) return null;
        if (!IsAssignedOnlyFromParameter(receiver, constructor, model, cancellationToken)) return null;

        // The call's arguments must mean the same in the constructor: nothing local to the call.
        foreach (var name in getWriteApi.ArgumentList.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(name, cancellationToken).Symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol) return null;
        }

        var declaration = LocalSyntax.FindDeclaration(getWriteApi);
        var local = declaration is null ? null : model.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) as ILocalSymbol;
        if (declaration is null && getWriteApi.WalkUpParentheses().Parent is not MemberAccessExpressionSyntax) return null;
        var writeApiType = model.GetTypeInfo(getWriteApi, cancellationToken).Type;
        if (writeApiType is null) return null;

        return editor =>
        {
            var fieldName = LocalSyntax.UniqueName("_" + (local?.Name ?? "writeApi"), typeSymbol);
            var typeSyntax = ((TypeSyntax)editor.Generator.TypeExpression(writeApiType)).WithAdditionalAnnotations(Simplifier.Annotation);
            var field = SyntaxFactory.FieldDeclaration(SyntaxFactory.VariableDeclaration(typeSyntax).AddVariables(SyntaxFactory.VariableDeclarator(fieldName)))
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            TypeMembers.Insert(editor, type, field);

            var assignment = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.IdentifierName(fieldName), getWriteApi.WithoutTrivia()));
            editor.ReplaceNode(constructor, (current, _) =>
            {
                var ctor = (ConstructorDeclarationSyntax)current;
                var body = ctor.Body ?? SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(ctor.ExpressionBody!.Expression));
                return ctor.WithExpressionBody(null).WithSemicolonToken(default).WithBody(body.AddStatements(assignment)).WithAdditionalAnnotations(Formatter.Annotation);
            });

            if (declaration is not null && local is not null)
            {
                var scope = LocalSyntax.Scope(declaration);
                var disposals = LocalSyntax.DisposeStatements(scope, local, model, cancellationToken).ToList();
                foreach (var dispose in disposals) editor.RemoveNode(dispose);
                foreach (var reference in LocalSyntax.References(scope, local, model, cancellationToken))
                {
                    if (!disposals.Any(d => d.Span.Contains(reference.Span)))
                        editor.ReplaceNode(reference, SyntaxFactory.IdentifierName(fieldName).WithTriviaFrom(reference));
                }

                editor.RemoveNode(declaration);
            }
            else
            {
                editor.ReplaceNode(getWriteApi, SyntaxFactory.IdentifierName(fieldName).WithTriviaFrom(getWriteApi));
            }
        };
    }

    // The member's only assignments are `member = parameter` statements of the constructor (and it has no initializer).
    private static bool IsAssignedOnlyFromParameter(ISymbol member, ConstructorDeclarationSyntax constructor, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (syntax is VariableDeclaratorSyntax { Initializer: not null } or PropertyDeclarationSyntax { Initializer: not null }) return false;
        }

        var assigned = false;
        foreach (var assignment in constructor.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol, member)) continue;
            if (model.GetSymbolInfo(assignment.Right, cancellationToken).Symbol is not IParameterSymbol) return false;
            assigned = true;
        }

        return assigned;
    }
}
