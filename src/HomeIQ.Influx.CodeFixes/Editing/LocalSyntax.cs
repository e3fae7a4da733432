using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HomeIQ.Influx.CodeFixes.Editing;

/// <summary>Syntax helpers the fixes share: find the creation, its local declaration, the local's uses and its Dispose calls.</summary>
internal static class LocalSyntax
{
    /// <summary>The creation expression a diagnostic points at (<c>new X(...)</c>, <c>new(...)</c> or a factory call).</summary>
    public static ExpressionSyntax? FindCreation(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
    {
        var node = root.FindNode(span, getInnermostNodeForTie: true);
        return node.AncestorsAndSelf().OfType<ExpressionSyntax>()
            .FirstOrDefault(e => e is BaseObjectCreationExpressionSyntax or InvocationExpressionSyntax && e.Span == span);
    }

    /// <summary>
    /// The statement <c>var x = creation;</c> (one variable, the creation as its whole initializer) when it sits directly in a block
    /// or among top-level statements, where a <c>using</c> declaration is allowed.
    /// </summary>
    public static LocalDeclarationStatementSyntax? FindDeclaration(ExpressionSyntax creation)
    {
        var value = creation.WalkUpParentheses();
        // `var reader = await client.QueryInfluxQLAsync(...)`: the awaited call is the creation.
        if (value.Parent is AwaitExpressionSyntax awaited) value = awaited.WalkUpParentheses();
        if (value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }
            && declaration.Variables.Count == 1
            && declaration.Parent is LocalDeclarationStatementSyntax statement
            && statement.Parent is BlockSyntax or GlobalStatementSyntax
            && !statement.IsConst)
        {
            return statement;
        }

        return null;
    }

    /// <summary>Where the local's uses can be: the member (method, accessor, constructor) or, for top-level statements, the file.</summary>
    public static SyntaxNode Scope(SyntaxNode statement)
        => (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>(m => m is not GlobalStatementSyntax)
           ?? statement.SyntaxTree.GetRoot();

    /// <summary>Every identifier that names <paramref name="local"/> within <paramref name="scope"/>.</summary>
    public static IEnumerable<IdentifierNameSyntax> References(SyntaxNode scope, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        => scope.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(id => id.Identifier.ValueText == local.Name
                         && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, local));

    /// <summary>
    /// The statements <c>x.Dispose();</c>, <c>x?.Dispose();</c>, <c>await x.DisposeAsync();</c> (with or without ConfigureAwait)
    /// that stand directly in a block, so they can be removed once something else disposes or owns <paramref name="local"/>.
    /// </summary>
    public static IEnumerable<ExpressionStatementSyntax> DisposeStatements(SyntaxNode scope, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var statement in scope.DescendantNodes().OfType<ExpressionStatementSyntax>())
        {
            if (statement.Parent is not BlockSyntax and not GlobalStatementSyntax) continue;
            var expression = statement.Expression;
            if (expression is AwaitExpressionSyntax awaited) expression = awaited.Expression;
            if (expression is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait" } configure })
                expression = configure.Expression;

            ExpressionSyntax? receiver = expression switch
            {
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access, ArgumentList.Arguments.Count: 0 }
                    when IsDisposeName(access.Name.Identifier.ValueText) => access.Expression,
                ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding, ArgumentList.Arguments.Count: 0 } } conditional
                    when IsDisposeName(binding.Name.Identifier.ValueText) => conditional.Expression,
                _ => null,
            };

            if (receiver is IdentifierNameSyntax identifier
                && identifier.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, local))
            {
                yield return statement;
            }
        }
    }

    /// <summary>The outermost <c>( ... )</c> around <paramref name="expression"/>, or the expression itself.</summary>
    public static ExpressionSyntax WalkUpParentheses(this ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized) expression = parenthesized;
        return expression;
    }

    /// <summary>True when the reference writes the local: assigned, incremented, or passed by <c>ref</c>/<c>out</c>.</summary>
    public static bool IsWritten(IdentifierNameSyntax reference)
    {
        var node = (ExpressionSyntax)reference;
        while (node.Parent is ParenthesizedExpressionSyntax parenthesized) node = parenthesized;
        return node.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == node,
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => node.Parent.IsKind(SyntaxKind.PreIncrementExpression) || node.Parent.IsKind(SyntaxKind.PreDecrementExpression)
                || node.Parent.IsKind(SyntaxKind.PostIncrementExpression) || node.Parent.IsKind(SyntaxKind.PostDecrementExpression),
            ArgumentSyntax argument => argument.RefKindKeyword.RawKind != 0,
            RefExpressionSyntax => true,
            _ => false,
        };
    }

    /// <summary>True when a reference to <paramref name="local"/> in its scope writes it (a field in its place would have to be writable).</summary>
    public static bool IsEverWritten(SyntaxNode statement, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken)
        => References(Scope(statement), local, model, cancellationToken).Any(IsWritten);

    /// <summary>The expression inside any <c>( ... )</c> around it.</summary>
    public static ExpressionSyntax WalkDownParentheses(this ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized) expression = parenthesized.Expression;
        return expression;
    }

    /// <summary>True when an <c>await</c> can stand at <paramref name="node"/>: in an async function, with no <c>lock</c> in between.</summary>
    public static bool CanAwaitAt(SyntaxNode node, SemanticModel model)
    {
        foreach (var ancestor in node.Ancestors())
        {
            if (ancestor is LockStatementSyntax) return false;
            if (ancestor is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax or CompilationUnitSyntax) break;
        }

        return IsInAsyncFunction(model, node.SpanStart);
    }

    /// <summary>The function (lambda, local function, method, accessor, or top-level statements) whose body holds <paramref name="node"/>.</summary>
    public static SyntaxNode? EnclosingFunction(SyntaxNode node)
        => node.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax);

    /// <summary>True when the method holding <paramref name="position"/> (method, lambda, local function, top-level statements) is async.</summary>
    public static bool IsInAsyncFunction(SemanticModel model, int position)
        => model.GetEnclosingSymbol(position) is IMethodSymbol { IsAsync: true };

    /// <summary>True when <paramref name="type"/> implements <see cref="System.IAsyncDisposable"/>.</summary>
    public static bool IsAsyncDisposable(ITypeSymbol? type, Compilation compilation)
    {
        var asyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
        return type is not null && asyncDisposable is not null
               && (SymbolEqualityComparer.Default.Equals(type, asyncDisposable)
                   || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, asyncDisposable)));
    }

    private static bool IsDisposeName(string name) => name is "Dispose" or "DisposeAsync";

    /// <summary>A name not yet used by a member of <paramref name="type"/> or a parameter in <paramref name="taken"/>.</summary>
    public static string UniqueName(string baseName, INamedTypeSymbol type, IEnumerable<string>? taken = null)
    {
        var used = new HashSet<string>(type.GetMembers().Select(m => m.Name));
        if (taken is not null) used.UnionWith(taken);
        var name = baseName;
        for (var i = 2; used.Contains(name); i++) name = baseName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return name;
    }

    /// <summary><c>client</c> from <c>Client</c> or <c>client</c>; a keyword gets a prefix.</summary>
    public static string CamelCase(string name)
    {
        if (name.Length == 0) return "value";
        var camel = char.ToLowerInvariant(name[0]) + name.Substring(1);
        return SyntaxFacts.GetKeywordKind(camel) == SyntaxKind.None ? camel : "@" + camel;
    }
}
