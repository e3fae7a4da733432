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
using Microsoft.CodeAnalysis.FindSymbols;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace HomeIQ.Influx.CodeFixes.Fixers;

/// <summary>
/// HIQ002: moves a per-call client out of the call. Each fix is offered only where it keeps the program's meaning:
/// <list type="bullet">
/// <item><b>Inject</b>: the local becomes a <c>readonly</c> field assigned from a new constructor parameter (the
/// container, which owns it, is now configured with what the <c>new</c> expression passed). Offered only when the
/// creation uses nothing local to the call (no locals or parameters: otherwise one injected client would replace a
/// client per value), in instance members of a class with at most one constructor that no source code calls with
/// <c>new</c> and no class derives from (a new parameter would break them). An existing readonly field of the same
/// type is reused, so Fix All gives a class one field.</item>
/// <item><b>Static field</b>: the creation moves into a <c>static readonly</c> field, when it uses no locals,
/// parameters or instance members. Not for writers: nothing would flush a static writer (HIQ007).</item>
/// <item><b>One per key</b>: when the creation depends on locals or parameters (a client per URL), one client per
/// distinct value is kept in a static <c>ConcurrentDictionary</c>, keyed by those values. Offered for keys with value
/// equality (strings, numbers, enums, <c>Uri</c>, <c>Guid</c>, up to three of them); meant for a small known set of
/// values (configured servers), since every distinct key keeps a client.</item>
/// </list>
/// Per-call <c>Dispose</c> calls of the local are removed: the shared client must outlive the call.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ClientCreatedPerCallCodeFix))]
[Shared]
public sealed class ClientCreatedPerCallCodeFix : CodeFixProvider
{
    /// <summary>Equivalence key of the "inject through the constructor" fix.</summary>
    public const string InjectKey = RuleIdentifiers.ClientCreatedPerCall + ".Inject";

    /// <summary>Equivalence key of the "static readonly field" fix.</summary>
    public const string StaticFieldKey = RuleIdentifiers.ClientCreatedPerCall + ".StaticField";

    /// <summary>Equivalence key of the "one per key, cached" fix.</summary>
    public const string KeyedKey = RuleIdentifiers.ClientCreatedPerCall + ".Keyed";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.ClientCreatedPerCall);

    /// <inheritdoc />
    // Several fixes in one class share its constructor and fields, so they are applied one after another.
    public override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Create(ApplyAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;

        foreach (var diagnostic in context.Diagnostics)
        {
            var creation = LocalSyntax.FindCreation(root, diagnostic.Location.SourceSpan);
            if (creation is null) continue;
            var typeName = model.GetTypeInfo(creation, context.CancellationToken).Type?.Name ?? "client";

            if (await PlanInjectionAsync(document, creation, model, context.CancellationToken).ConfigureAwait(false) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Inject '{typeName}' through the constructor", async ct => await ApplyAsync(document, creation, InjectKey, ct).ConfigureAwait(false) ?? document, InjectKey),
                    diagnostic);
            }

            if (CanMoveToStaticField(creation, model, context.CancellationToken))
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Keep '{typeName}' in a static readonly field", async ct => await ApplyAsync(document, creation, StaticFieldKey, ct).ConfigureAwait(false) ?? document, StaticFieldKey),
                    diagnostic);
            }

            if (PlanKeyed(creation, model, context.CancellationToken) is { } keyed)
            {
                var keys = string.Join(", ", keyed.Keys.Select(k => "'" + k.Name + "'"));
                context.RegisterCodeFix(
                    CodeAction.Create($"Share one '{typeName}' per distinct {keys} (a static cache)", async ct => await ApplyAsync(document, creation, KeyedKey, ct).ConfigureAwait(false) ?? document, KeyedKey),
                    diagnostic);
            }
        }
    }

    private static async Task<Document?> ApplyAsync(Document document, SyntaxNode node, string? key, CancellationToken cancellationToken)
    {
        if (node is not ExpressionSyntax creation) return null;
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null) return null;

        switch (key)
        {
            case InjectKey:
                var plan = await PlanInjectionAsync(document, creation, model, cancellationToken).ConfigureAwait(false);
                return plan is null ? null : await InjectAsync(document, plan, model, cancellationToken).ConfigureAwait(false);
            case StaticFieldKey when CanMoveToStaticField(creation, model, cancellationToken):
                return await MoveToStaticFieldAsync(document, creation, model, cancellationToken).ConfigureAwait(false);
            case KeyedKey when PlanKeyed(creation, model, cancellationToken) is { } keyed:
                return await CacheByKeyAsync(document, creation, keyed, model, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }

    // ------------------------------------------------------------------ inject

    private sealed class InjectionPlan
    {
        public InjectionPlan(LocalDeclarationStatementSyntax statement, TypeDeclarationSyntax type, INamedTypeSymbol typeSymbol, ILocalSymbol local, ITypeSymbol clientType, IFieldSymbol? existingField, ConstructorDeclarationSyntax? constructor)
        {
            Statement = statement;
            Type = type;
            TypeSymbol = typeSymbol;
            Local = local;
            ClientType = clientType;
            ExistingField = existingField;
            Constructor = constructor;
        }

        public LocalDeclarationStatementSyntax Statement { get; }
        public TypeDeclarationSyntax Type { get; }
        public INamedTypeSymbol TypeSymbol { get; }
        public ILocalSymbol Local { get; }
        public ITypeSymbol ClientType { get; }
        public IFieldSymbol? ExistingField { get; }
        public ConstructorDeclarationSyntax? Constructor { get; }
    }

    // Injection needs a local declaration (that uses nothing local to the call) in an instance member of a class whose
    // one constructor (or none, or a primary one) we can extend without breaking a caller.
    private static async Task<InjectionPlan?> PlanInjectionAsync(Document document, ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var statement = LocalSyntax.FindDeclaration(creation);
        if (statement is null || Dependencies(creation, model, cancellationToken) is not { Count: 0 }) return null;
        var type = statement.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is not ClassDeclarationSyntax and not RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: not (int)SyntaxKind.StructKeyword }) return null;
        if (model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol || typeSymbol.IsStatic) return null;
        if (model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local) return null;
        if (LocalSyntax.IsEverWritten(statement, local, model, cancellationToken)) return null;
        // The local's type (an interface when declared so), so its uses keep binding to the same members.
        var clientType = local.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated);

        // The member that holds the statement must be an instance member (lambdas and local functions inside it are fine).
        ISymbol? member = model.GetEnclosingSymbol(statement.SpanStart, cancellationToken);
        while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }) member = member.ContainingSymbol;
        if (member is null || member.IsStatic) return null;

        var existing = typeSymbol.GetMembers().OfType<IFieldSymbol>()
            .FirstOrDefault(f => !f.IsStatic && f.IsReadOnly && !f.IsImplicitlyDeclared && SymbolEqualityComparer.Default.Equals(f.Type, clientType));
        if (existing is not null) return new InjectionPlan(statement, type, typeSymbol, local, clientType, existing, null);

        // A new constructor parameter breaks `new T(...)` and derived classes: only for types the container creates.
        if (!await IsConstructedOnlyByTheContainerAsync(document, typeSymbol, cancellationToken).ConfigureAwait(false)) return null;

        if (type.ParameterList is not null) return new InjectionPlan(statement, type, typeSymbol, local, clientType, null, null);
        var constructors = typeSymbol.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared).ToList();
        if (constructors.Count == 0) return new InjectionPlan(statement, type, typeSymbol, local, clientType, null, null);
        if (constructors.Count > 1) return null;

        var constructor = type.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));
        if (constructor is null || constructor.Initializer is { RawKind: (int)SyntaxKind.ThisConstructorInitializer }) return null;
        if (constructor.Body is null && constructor.ExpressionBody is null) return null;
        return new InjectionPlan(statement, type, typeSymbol, local, clientType, null, constructor);
    }

    private static async Task<bool> IsConstructedOnlyByTheContainerAsync(Document document, INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        var solution = document.Project.Solution;
        if ((await SymbolFinder.FindDerivedClassesAsync(type, solution, transitive: false, cancellationToken: cancellationToken).ConfigureAwait(false)).Any()) return false;
        foreach (var constructor in type.InstanceConstructors)
        {
            foreach (var found in await SymbolFinder.FindReferencesAsync(constructor, solution, cancellationToken).ConfigureAwait(false))
            {
                if (found.Locations.Any()) return false;
            }
        }

        return true;
    }

    private static async Task<Document> InjectAsync(Document document, InjectionPlan plan, SemanticModel model, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var localName = plan.Local.Name;
        var fieldName = plan.ExistingField?.Name ?? LocalSyntax.UniqueName("_" + localName.TrimStart('@'), plan.TypeSymbol);

        // The uses inside the member first: the creation may sit in a lambda inside the very constructor edited below,
        // whose later replacement must start from the node with these edits (it once threw "GetCurrentNode returned null").
        ReplaceLocalWithField(editor, plan.Statement, plan.Local, fieldName, model, cancellationToken);
        if (plan.ExistingField is not null) return editor.GetChangedDocument();

        var existingParameters = plan.Constructor?.ParameterList.Parameters.Select(p => p.Identifier.ValueText)
                                 ?? plan.Type.ParameterList?.Parameters.Select(p => p.Identifier.ValueText)
                                 ?? Enumerable.Empty<string>();
        var parameterName = UniqueParameterName(localName, existingParameters);
        var typeSyntax = ((TypeSyntax)editor.Generator.TypeExpression(plan.ClientType)).WithAdditionalAnnotations(Simplifier.Annotation);
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(parameterName)).WithType(typeSyntax);

        var field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(typeSyntax).AddVariables(
                    plan.Type.ParameterList is not null
                        ? SyntaxFactory.VariableDeclarator(fieldName).WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.IdentifierName(parameterName)))
                        : SyntaxFactory.VariableDeclarator(fieldName)))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        var assignment = SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression, SyntaxFactory.IdentifierName(fieldName), SyntaxFactory.IdentifierName(parameterName)));
        if (plan.Type.ParameterList is not null)
        {
            // A primary constructor: the parameter is added to it and the field initialised from it.
            editor.ReplaceNode(plan.Type.ParameterList, (current, _) => ((ParameterListSyntax)current).AddParameters(parameter));
            TypeMembers.Insert(editor, plan.Type, field);
        }
        else if (plan.Constructor is not null)
        {
            editor.ReplaceNode(plan.Constructor, (current, _) =>
            {
                // Only what is new is formatted, so the rest of the constructor keeps its layout.
                var constructor = (ConstructorDeclarationSyntax)current;
                var body = constructor.Body
                           ?? SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(constructor.ExpressionBody!.Expression)).WithAdditionalAnnotations(Formatter.Annotation);
                var updated = constructor
                    .AddParameterListParameters(parameter)
                    .WithExpressionBody(null)
                    .WithSemicolonToken(default)
                    .WithBody(body.WithStatements(body.Statements.Insert(0, assignment.WithAdditionalAnnotations(Formatter.Annotation)))); // first: the rest may start work that uses it
                return updated.WithParameterList(updated.ParameterList.WithAdditionalAnnotations(Formatter.Annotation));
            });
            TypeMembers.Insert(editor, plan.Type, field);
        }
        else
        {
            var constructor = SyntaxFactory.ConstructorDeclaration(plan.Type.Identifier.WithoutTrivia())
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                .AddParameterListParameters(parameter)
                .WithBody(SyntaxFactory.Block(assignment))
                .WithAdditionalAnnotations(Formatter.Annotation);
            TypeMembers.Insert(editor, plan.Type, field, constructor);
        }

        return editor.GetChangedDocument();
    }

    // ------------------------------------------------------------------ static field

    private static bool CanMoveToStaticField(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is null or InterfaceDeclarationSyntax || IsWriter(creation, model, cancellationToken)) return false;
        if (!CanShare(creation, model, cancellationToken)) return false;
        return Dependencies(creation, model, cancellationToken) is { Count: 0 } && !UsesInstanceMembers(creation, model, cancellationToken);
    }

    private static async Task<Document> MoveToStaticFieldAsync(Document document, ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>()!;
        var typeSymbol = (INamedTypeSymbol)model.GetDeclaredSymbol(type, cancellationToken)!;
        var statement = LocalSyntax.FindDeclaration(creation);
        var local = statement is null ? null : model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) as ILocalSymbol;
        var clientType = (local?.Type ?? model.GetTypeInfo(creation, cancellationToken).Type!).WithNullableAnnotation(NullableAnnotation.NotAnnotated);

        var baseName = local?.Name ?? LocalSyntax.CamelCase(clientType.Name);
        var fieldName = LocalSyntax.UniqueName("s_" + baseName.TrimStart('@'), typeSymbol);
        var field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(((TypeSyntax)editor.Generator.TypeExpression(clientType)).WithAdditionalAnnotations(Simplifier.Annotation)).AddVariables(
                    SyntaxFactory.VariableDeclarator(fieldName).WithInitializer(SyntaxFactory.EqualsValueClause(creation.WithoutTrivia()))))
            .WithModifiers(SyntaxFactory.TokenList(
                SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        if (statement is not null && local is not null)
            ReplaceLocalWithField(editor, statement, local, fieldName, model, cancellationToken);
        else
            editor.ReplaceNode(creation, SyntaxFactory.IdentifierName(fieldName).WithTriviaFrom(creation));
        TypeMembers.Insert(editor, type, field);
        return editor.GetChangedDocument();
    }

    // ------------------------------------------------------------------ one per key

    private sealed class KeyedPlan
    {
        public KeyedPlan(TypeDeclarationSyntax type, INamedTypeSymbol typeSymbol, ITypeSymbol clientType, IReadOnlyList<ISymbol> keys)
        {
            Type = type;
            TypeSymbol = typeSymbol;
            ClientType = clientType;
            Keys = keys;
        }

        public TypeDeclarationSyntax Type { get; }
        public INamedTypeSymbol TypeSymbol { get; }
        public ITypeSymbol ClientType { get; }
        public IReadOnlyList<ISymbol> Keys { get; }
    }

    private static KeyedPlan? PlanKeyed(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>();
        if (type is null or InterfaceDeclarationSyntax || IsWriter(creation, model, cancellationToken)) return null;
        if (model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol) return null;
        if (!CanShare(creation, model, cancellationToken) || UsesInstanceMembers(creation, model, cancellationToken)) return null;
        var keys = Dependencies(creation, model, cancellationToken);
        if (keys is null || keys.Count is 0 or > 3 || !keys.All(k => HasValueEquality(KeyType(k)))) return null;
        // A key that may be null would throw in the dictionary (and warn): only values the compiler knows are set.
        foreach (var name in creation.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>())
        {
            if (keys.Contains(model.GetSymbolInfo(name, cancellationToken).Symbol, SymbolEqualityComparer.Default)
                && model.GetTypeInfo(name, cancellationToken) is { Type.IsReferenceType: true, Nullability.FlowState: NullableFlowState.MaybeNull })
            {
                return null;
            }
        }
        if (keys.Any(k => k.Name == "key")) return null; // the factory's parameter is called key
        var clientType = model.GetTypeInfo(creation, cancellationToken).Type;
        return clientType is null ? null : new KeyedPlan(type, typeSymbol, clientType, keys);
    }

    private static async Task<Document> CacheByKeyAsync(Document document, ExpressionSyntax creation, KeyedPlan plan, SemanticModel model, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var generator = editor.Generator;
        var single = plan.Keys.Count == 1;

        // The key type: the value's type, or a tuple of them with the values' names.
        TypeSyntax keyType = single
            ? (TypeSyntax)generator.TypeExpression(KeyType(plan.Keys[0])!)
            : SyntaxFactory.TupleType(SyntaxFactory.SeparatedList(plan.Keys.Select(k =>
                SyntaxFactory.TupleElement((TypeSyntax)generator.TypeExpression(KeyType(k)!), SyntaxFactory.Identifier(k.Name)))));
        var cacheType = SyntaxFactory.ParseTypeName("global::System.Collections.Concurrent.ConcurrentDictionary<int, int>") is QualifiedNameSyntax { Right: GenericNameSyntax generic } qualified
            ? qualified.WithRight(generic.WithTypeArgumentList(SyntaxFactory.TypeArgumentList(SyntaxFactory.SeparatedList(new[] { keyType, (TypeSyntax)generator.TypeExpression(plan.ClientType) }))))
            : throw new System.InvalidOperationException();
        var cacheName = LocalSyntax.UniqueName("s_" + LocalSyntax.CamelCase(plan.ClientType.Name).TrimStart('@') + "s", plan.TypeSymbol);
        var field = SyntaxFactory.FieldDeclaration(
                SyntaxFactory.VariableDeclaration(cacheType.WithAdditionalAnnotations(Simplifier.Annotation)).AddVariables(
                    SyntaxFactory.VariableDeclarator(cacheName).WithInitializer(SyntaxFactory.EqualsValueClause(SyntaxFactory.ImplicitObjectCreationExpression()))))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
            .WithAdditionalAnnotations(Formatter.Annotation);

        // The factory builds the client from the key alone (so it captures nothing): each value becomes key or key.name.
        var factoryBody = creation.ReplaceNodes(
            creation.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
                .Where(n => plan.Keys.Contains(model.GetSymbolInfo(n, cancellationToken).Symbol, SymbolEqualityComparer.Default) && n.Parent is not NameColonSyntax),
            (original, _) => single
                ? SyntaxFactory.IdentifierName("key").WithTriviaFrom(original)
                : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("key"), SyntaxFactory.IdentifierName(original.Identifier.ValueText)).WithTriviaFrom(original));
        ExpressionSyntax keyValue = single
            ? SyntaxFactory.IdentifierName(plan.Keys[0].Name)
            : SyntaxFactory.TupleExpression(SyntaxFactory.SeparatedList(plan.Keys.Select(k => SyntaxFactory.Argument(SyntaxFactory.IdentifierName(k.Name)))));
        var lookup = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(cacheName), SyntaxFactory.IdentifierName("GetOrAdd")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(keyValue),
                SyntaxFactory.Argument(SyntaxFactory.SimpleLambdaExpression(SyntaxFactory.Parameter(SyntaxFactory.Identifier("key")), factoryBody.WithoutTrivia())),
            })));

        var statement = LocalSyntax.FindDeclaration(creation);
        if (statement is not null && model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is ILocalSymbol local)
        {
            // `using var client = new X(url)` → `var client = s_xs.GetOrAdd(url, key => new X(key))`, its per-call Dispose gone.
            var scope = LocalSyntax.Scope(statement);
            foreach (var dispose in LocalSyntax.DisposeStatements(scope, local, model, cancellationToken)) editor.RemoveNode(dispose);
            var variable = statement.Declaration.Variables[0];
            var shared = statement
                .WithAwaitKeyword(default)
                .WithUsingKeyword(default)
                .WithDeclaration(statement.Declaration.WithVariables(SyntaxFactory.SingletonSeparatedList(variable.WithInitializer(variable.Initializer!.WithValue(lookup.WithTriviaFrom(creation))))))
                .WithLeadingTrivia(statement.GetLeadingTrivia());
            editor.ReplaceNode(statement, shared);
        }
        else
        {
            editor.ReplaceNode(creation, lookup.WithTriviaFrom(creation));
        }

        TypeMembers.Insert(editor, plan.Type, field);
        return editor.GetChangedDocument();
    }

    // The key's type without its nullable annotation (`var` locals are annotated; the flow state was checked).
    private static ITypeSymbol? KeyType(ISymbol symbol) => symbol switch
    {
        ILocalSymbol local => local.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated),
        IParameterSymbol parameter => parameter.Type.WithNullableAnnotation(NullableAnnotation.NotAnnotated),
        _ => null,
    };

    // Keys must compare by value, or every call would add a client to the cache.
    private static bool HasValueEquality(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (type.SpecialType is SpecialType.System_String or SpecialType.System_Boolean or SpecialType.System_Char
            or SpecialType.System_Int16 or SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64
            or SpecialType.System_Byte or SpecialType.System_SByte) return true;
        if (type.TypeKind == TypeKind.Enum) return true;
        return type is { Name: "Uri" or "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
    }

    // ------------------------------------------------------------------ shared

    // A writer kept in a static field would never be flushed (HIQ007): writers are injected (AddMeasurementWriter<T>
    // flushes them when the host stops), not made static.
    private static bool IsWriter(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        for (var type = model.GetTypeInfo(creation, cancellationToken).Type as INamedTypeSymbol; type is not null; type = type.BaseType)
        {
            if (type.OriginalDefinition is { Name: "MeasurementWriter", ContainingNamespace: { Name: "Influx", ContainingNamespace.Name: "HomeIQ" } }) return true;
        }

        return false;
    }

    // A creation can be shared when it is a local declaration (read-only after) or an inline receiver, not a `using (...)` resource.
    private static bool CanShare(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var value = creation.WalkUpParentheses();
        if (value.Parent is UsingStatementSyntax) return false; // it would dispose the shared client
        var statement = LocalSyntax.FindDeclaration(creation);
        if (statement is null) return value.Parent is not (EqualsValueClauseSyntax or ArgumentSyntax or AssignmentExpressionSyntax);
        return model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is ILocalSymbol local
               && !LocalSyntax.IsEverWritten(statement, local, model, cancellationToken);
    }

    // The locals, parameters and range variables (declared outside it) the creation reads: what makes it "per call".
    private static List<ISymbol>? Dependencies(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var found = new List<ISymbol>();
        foreach (var node in creation.DescendantNodesAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node is not IdentifierNameSyntax name || name.Parent is NameColonSyntax or NameEqualsSyntax) continue;
            var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
            if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol && !DeclaredWithin(symbol, creation))
            {
                if (symbol is IRangeVariableSymbol) return null;
                if (!found.Contains(symbol, SymbolEqualityComparer.Default)) found.Add(symbol);
            }
        }

        return found;
    }

    private static bool UsesInstanceMembers(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in creation.DescendantNodesAndSelf())
        {
            if (node is ThisExpressionSyntax or BaseExpressionSyntax) return true;
            if (node is not SimpleNameSyntax name) continue;
            if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name) continue; // its receiver is checked on its own
            if (name.Parent is NameColonSyntax or NameEqualsSyntax) continue; // a named argument or an initializer's member
            switch (model.GetSymbolInfo(name, cancellationToken).Symbol)
            {
                case IFieldSymbol { IsStatic: false, IsConst: false }:
                case IPropertySymbol { IsStatic: false }:
                case IMethodSymbol { IsStatic: false, MethodKind: not MethodKind.Constructor }:
                case IEventSymbol { IsStatic: false }:
                    if (name.Parent is not MemberBindingExpressionSyntax) return true;
                    break;
            }
        }

        return false;
    }

    private static bool DeclaredWithin(ISymbol symbol, SyntaxNode node)
        => symbol.DeclaringSyntaxReferences.Length > 0
           && symbol.DeclaringSyntaxReferences.All(r => r.SyntaxTree == node.SyntaxTree && node.Span.Contains(r.Span));

    // Uses of the local now read the field; the declaration and any per-call Dispose of it go.
    private static void ReplaceLocalWithField(DocumentEditor editor, LocalDeclarationStatementSyntax statement, ILocalSymbol local, string fieldName, SemanticModel model, CancellationToken cancellationToken)
    {
        var scope = LocalSyntax.Scope(statement);
        var disposals = LocalSyntax.DisposeStatements(scope, local, model, cancellationToken).ToList();
        foreach (var dispose in disposals) editor.RemoveNode(dispose);
        foreach (var reference in LocalSyntax.References(scope, local, model, cancellationToken))
        {
            if (disposals.Any(d => d.Span.Contains(reference.Span))) continue;
            editor.ReplaceNode(reference, SyntaxFactory.IdentifierName(fieldName).WithTriviaFrom(reference));
        }

        editor.RemoveNode(statement);

        // A try whose finally only disposed the local has nothing left to guard: keep its statements, drop the try.
        foreach (var dispose in disposals)
        {
            if (dispose.Parent is BlockSyntax { Statements.Count: 1, Parent: FinallyClauseSyntax { Parent: TryStatementSyntax { Catches.Count: 0, Parent: BlockSyntax outer } } })
            {
                editor.ReplaceNode(outer, (current, _) =>
                {
                    // Earlier edits changed this block, so the emptied try is found by shape rather than by position.
                    var block = (BlockSyntax)current;
                    var unwrapped = block.Statements.OfType<TryStatementSyntax>()
                        .FirstOrDefault(t => t.Catches.Count == 0 && t.Finally is { Block.Statements.Count: 0 });
                    if (unwrapped is null) return current;
                    var index = block.Statements.IndexOf(unwrapped);
                    var statements = block.Statements.RemoveAt(index).InsertRange(index, unwrapped.Block.Statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)));
                    return block.WithStatements(statements);
                });
            }
        }
    }

    private static string UniqueParameterName(string name, IEnumerable<string> taken)
    {
        var used = new HashSet<string>(taken);
        var candidate = name;
        for (var i = 2; used.Contains(candidate); i++) candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return candidate;
    }
}
