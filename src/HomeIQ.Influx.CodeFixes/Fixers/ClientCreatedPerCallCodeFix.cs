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

namespace HomeIQ.Influx.CodeFixes.Fixers
{
    /// <summary>
    /// HIQ002: moves a per-call client out of the call. Two fixes:
    /// <list type="bullet">
    /// <item><b>Inject</b>: the local becomes a <c>readonly</c> field assigned from a new constructor parameter (the
    /// container, which owns it, is now configured with what the <c>new</c> expression passed). Offered in instance
    /// members of a class with at most one constructor; an existing readonly field of the same type is reused.</item>
    /// <item><b>Static field</b>: the creation moves into a <c>static readonly</c> field, when its arguments use no
    /// locals, parameters or instance members.</item>
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

                if (PlanInjection(creation, model, context.CancellationToken) is not null)
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
            }
        }

        private static async Task<Document?> ApplyAsync(Document document, SyntaxNode node, string? key, CancellationToken cancellationToken)
        {
            if (node is not ExpressionSyntax creation) return null;
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (model is null) return null;

            if (key == InjectKey)
            {
                var plan = PlanInjection(creation, model, cancellationToken);
                return plan is null ? null : await InjectAsync(document, creation, plan, model, cancellationToken).ConfigureAwait(false);
            }

            if (key == StaticFieldKey && CanMoveToStaticField(creation, model, cancellationToken))
                return await MoveToStaticFieldAsync(document, creation, model, cancellationToken).ConfigureAwait(false);
            return null;
        }

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

        // Injection needs a local declaration in an instance member of a class whose one constructor (or none, or a primary one) we can extend.
        private static InjectionPlan? PlanInjection(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
        {
            var statement = LocalSyntax.FindDeclaration(creation);
            if (statement is null) return null;
            var type = statement.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type is not ClassDeclarationSyntax and not RecordDeclarationSyntax { ClassOrStructKeyword.RawKind: not (int)SyntaxKind.StructKeyword }) return null;
            if (model.GetDeclaredSymbol(type, cancellationToken) is not INamedTypeSymbol typeSymbol || typeSymbol.IsStatic) return null;
            if (model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local) return null;
            var clientType = model.GetTypeInfo(creation, cancellationToken).Type;
            if (clientType is null) return null;

            // The member that holds the statement must be an instance member (lambdas and local functions inside it are fine).
            ISymbol? member = model.GetEnclosingSymbol(statement.SpanStart, cancellationToken);
            while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction }) member = member.ContainingSymbol;
            if (member is null || member.IsStatic) return null;

            var existing = typeSymbol.GetMembers().OfType<IFieldSymbol>()
                .FirstOrDefault(f => !f.IsStatic && f.IsReadOnly && !f.IsImplicitlyDeclared && SymbolEqualityComparer.Default.Equals(f.Type, clientType));
            if (existing is not null) return new InjectionPlan(statement, type, typeSymbol, local, clientType, existing, null);

            if (type.ParameterList is not null) return new InjectionPlan(statement, type, typeSymbol, local, clientType, null, null);
            var constructors = typeSymbol.InstanceConstructors.Where(c => !c.IsImplicitlyDeclared).ToList();
            if (constructors.Count == 0) return new InjectionPlan(statement, type, typeSymbol, local, clientType, null, null);
            if (constructors.Count > 1) return null;

            var constructor = type.Members.OfType<ConstructorDeclarationSyntax>().FirstOrDefault(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword));
            if (constructor is null || constructor.Initializer is { RawKind: (int)SyntaxKind.ThisConstructorInitializer }) return null;
            if (constructor.Body is null && constructor.ExpressionBody is null) return null;
            return new InjectionPlan(statement, type, typeSymbol, local, clientType, null, constructor);
        }

        private static async Task<Document> InjectAsync(Document document, ExpressionSyntax creation, InjectionPlan plan, SemanticModel model, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var localName = plan.Local.Name;
            string fieldName;
            if (plan.ExistingField is not null)
            {
                fieldName = plan.ExistingField.Name;
            }
            else
            {
                fieldName = LocalSyntax.UniqueName("_" + localName, plan.TypeSymbol);
                var existingParameters = plan.Constructor?.ParameterList.Parameters.Select(p => p.Identifier.ValueText)
                                         ?? plan.Type.ParameterList?.Parameters.Select(p => p.Identifier.ValueText)
                                         ?? Enumerable.Empty<string>();
                var parameterName = UniqueParameterName(localName, existingParameters);
                var typeSyntax = (TypeSyntax)editor.Generator.TypeExpression(plan.ClientType);
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
                    editor.ReplaceNode(plan.Type.ParameterList, plan.Type.ParameterList.AddParameters(parameter));
                    InsertMembers(editor, plan.Type, field);
                }
                else if (plan.Constructor is not null)
                {
                    var constructor = plan.Constructor;
                    var body = constructor.Body ?? SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(constructor.ExpressionBody!.Expression));
                    var updated = constructor
                        .AddParameterListParameters(parameter)
                        .WithExpressionBody(null)
                        .WithSemicolonToken(default)
                        .WithBody(body.AddStatements(assignment))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    editor.ReplaceNode(constructor, updated);
                    InsertMembers(editor, plan.Type, field);
                }
                else
                {
                    var constructor = SyntaxFactory.ConstructorDeclaration(plan.Type.Identifier.WithoutTrivia())
                        .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                        .AddParameterListParameters(parameter)
                        .WithBody(SyntaxFactory.Block(assignment))
                        .WithAdditionalAnnotations(Formatter.Annotation);
                    InsertMembers(editor, plan.Type, field, constructor);
                }
            }

            ReplaceLocalWithField(editor, plan.Statement, plan.Local, fieldName, model, cancellationToken);
            return editor.GetChangedDocument();
        }

        private static bool CanMoveToStaticField(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
        {
            var type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>();
            if (type is null or InterfaceDeclarationSyntax) return false;
            if (creation.WalkUpParentheses().Parent is UsingStatementSyntax) return false; // it would dispose the shared client
            if (LocalSyntax.FindDeclaration(creation) is null && creation.WalkUpParentheses().Parent is EqualsValueClauseSyntax or ArgumentSyntax) return false;

            foreach (var node in creation.DescendantNodesAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (node is ThisExpressionSyntax or BaseExpressionSyntax) return false;
                if (node is not SimpleNameSyntax name) continue;
                if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name) continue; // its receiver is checked on its own
                if (name.Parent is NameColonSyntax or NameEqualsSyntax) continue; // a named argument or an initializer's member
                var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                switch (symbol)
                {
                    case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol when !DeclaredWithin(symbol, creation):
                        return false;
                    case IFieldSymbol { IsStatic: false, IsConst: false }:
                    case IPropertySymbol { IsStatic: false }:
                    case IMethodSymbol { IsStatic: false, MethodKind: not MethodKind.Constructor }:
                    case IEventSymbol { IsStatic: false }:
                        if (name.Parent is not MemberBindingExpressionSyntax) return false;
                        break;
                }
            }

            return true;
        }

        private static bool DeclaredWithin(ISymbol symbol, SyntaxNode node)
            => symbol.DeclaringSyntaxReferences.Length > 0
               && symbol.DeclaringSyntaxReferences.All(r => r.SyntaxTree == node.SyntaxTree && node.Span.Contains(r.Span));

        private static async Task<Document> MoveToStaticFieldAsync(Document document, ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
        {
            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var type = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>()!;
            var typeSymbol = (INamedTypeSymbol)model.GetDeclaredSymbol(type, cancellationToken)!;
            var clientType = model.GetTypeInfo(creation, cancellationToken).Type!;
            var statement = LocalSyntax.FindDeclaration(creation);
            var local = statement is null ? null : model.GetDeclaredSymbol(statement.Declaration.Variables[0], cancellationToken) as ILocalSymbol;

            var baseName = local?.Name ?? LocalSyntax.CamelCase(clientType.Name);
            var fieldName = LocalSyntax.UniqueName("s_" + baseName.TrimStart('@'), typeSymbol);
            var field = SyntaxFactory.FieldDeclaration(
                    SyntaxFactory.VariableDeclaration((TypeSyntax)editor.Generator.TypeExpression(clientType)).AddVariables(
                        SyntaxFactory.VariableDeclarator(fieldName).WithInitializer(SyntaxFactory.EqualsValueClause(creation.WithoutTrivia()))))
                .WithModifiers(SyntaxFactory.TokenList(
                    SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            InsertMembers(editor, type, field);

            if (statement is not null && local is not null)
                ReplaceLocalWithField(editor, statement, local, fieldName, model, cancellationToken);
            else
                editor.ReplaceNode(creation, SyntaxFactory.IdentifierName(fieldName).WithTriviaFrom(creation));
            return editor.GetChangedDocument();
        }

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

        // New members go after the existing fields (a new constructor right after the new field), or first in the type when it has none.
        private static void InsertMembers(DocumentEditor editor, TypeDeclarationSyntax type, params MemberDeclarationSyntax[] members)
        {
            var lastField = LastField(type);
            if (lastField is not null) editor.InsertAfter(lastField, members);
            else if (type.Members.Count > 0) editor.InsertBefore(type.Members[0], members);
            else foreach (var member in members) editor.AddMember(type, member);
        }

        private static MemberDeclarationSyntax? LastField(TypeDeclarationSyntax type)
            => type.Members.OfType<FieldDeclarationSyntax>().LastOrDefault();

        private static string UniqueParameterName(string name, IEnumerable<string> taken)
        {
            var used = new HashSet<string>(taken);
            var candidate = name;
            for (var i = 2; used.Contains(candidate); i++) candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return candidate;
        }
    }
}
