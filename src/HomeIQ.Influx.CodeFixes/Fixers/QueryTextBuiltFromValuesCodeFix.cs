using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HomeIQ.Influx.Analyzers;
using HomeIQ.Influx.Analyzers.Symbols;
using HomeIQ.Influx.CodeFixes.Editing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace HomeIQ.Influx.CodeFixes.Fixers;

/// <summary>
/// HIQ004: rewrites query text built from values so that no value is spliced in. Per client:
/// <list type="bullet">
/// <item><c>InfluxClient.QueryInfluxQLAsync</c>: <b>bound parameters</b>: <c>'{room}'</c> → <c>$room</c> with
/// <c>new InfluxQLParameters { { "room", room } }</c> (strings and times); an identifier (<c>"{measurement}"</c>)
/// cannot be a parameter and is quoted with <c>InfluxQLText.QuoteIdentifier</c>, a duration with
/// <c>FormatDuration</c>. Or <b>quoting</b> every value with <c>InfluxQLText</c>.</item>
/// <item><c>InfluxClient.QueryFluxAsync</c>: quoting with <c>FluxText</c> (InfluxDB OSS binds no Flux parameters).</item>
/// <item>InfluxDB3.Client <c>Query</c>/<c>QueryPoints</c>/<c>QueryBatches</c>: <b>named parameters</b>:
/// <c>'{room}'</c> → <c>$room</c> with <c>namedParameters</c>, for values in the WHERE clause (the only place
/// InfluxDB 3 binds them).</item>
/// <item>InfluxDB.Client <c>QueryApi</c> (and the <c>Query</c> object): <b>Flux params</b>: <c>"{room}"</c> →
/// <c>params.room</c> in a <c>Query</c> object with <c>Params</c>, bound by InfluxDB Cloud only (the title says so);
/// or quoting with <c>FluxText</c> when HomeIQ.Influx is referenced.</item>
/// </list>
/// Numbers and booleans stay as they are (they cannot carry a quote). Offered only for the text written in the
/// call itself, and only when every unsafe value has a rewrite.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(QueryTextBuiltFromValuesCodeFix))]
[Shared]
public sealed class QueryTextBuiltFromValuesCodeFix : CodeFixProvider
{
    /// <summary>Equivalence key of the "parameters" fixes.</summary>
    public const string ParametersKey = RuleIdentifiers.QueryTextBuiltFromValues + ".Parameters";

    /// <summary>Equivalence key of the "quote with InfluxQLText/FluxText" fixes.</summary>
    public const string QuoteKey = RuleIdentifiers.QueryTextBuiltFromValues + ".Quote";

    // Not global::-qualified: inside an interpolation hole `::` would start a format clause. The simplifier shortens them.
    private const string InfluxQLText = "HomeIQ.Influx.Querying.InfluxQLText";
    private const string FluxText = "HomeIQ.Influx.Querying.FluxText";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.QueryTextBuiltFromValues);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => SequentialFixAllProvider.Create(
        static (document, node, key, ct) => ApplyAsync(document, (ExpressionSyntax)node, key, ct),
        static (root, diagnostic) => Find(root, diagnostic.Location.SourceSpan));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var query = Find(root, diagnostic.Location.SourceSpan);
            if (query is null) continue;
            foreach (var key in new[] { ParametersKey, QuoteKey })
            {
                var plan = Plan(query, model, key, context.CancellationToken);
                if (plan is null) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(plan.Value.Title, async ct => await ApplyAsync(context.Document, query, key, ct).ConfigureAwait(false) ?? context.Document, key),
                    diagnostic);
            }
        }
    }

    private static ExpressionSyntax? Find(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        => root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == span);

    private static async Task<Document?> ApplyAsync(Document document, ExpressionSyntax query, string? key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || key is null) return null;
        var plan = Plan(query, model, key, cancellationToken);
        return plan is null ? null : document.WithSyntaxRoot(root.ReplaceNode(plan.Value.Call, plan.Value.NewCall.WithAdditionalAnnotations(Formatter.Annotation)));
    }

    // What the call becomes, and the fix's title; null when this fix does not apply.
    private static (string Title, SyntaxNode Call, SyntaxNode NewCall)? Plan(ExpressionSyntax query, SemanticModel model, string key, CancellationToken cancellationToken)
    {
        if (query.Parent is not ArgumentSyntax argument || argument.Parent is not ArgumentListSyntax arguments) return null;
        var call = arguments.Parent;
        var method = model.GetSymbolInfo(call!, cancellationToken).Symbol as IMethodSymbol;
        var types = InfluxTypes.TryCreate(model.Compilation);
        if (method is null || types is null) return null;
        QueryMethods.QueryTextParameter(method, types, out var api);
        var hasToolkit = model.Compilation.GetTypeByMetadataName("HomeIQ.Influx.Querying.FluxText") is not null;

        switch (api, key)
        {
            case (QueryApi.HomeIqInfluxQL, ParametersKey) when types.InfluxQLParameters is not null && !HasArgument(arguments, model, "parameters", cancellationToken):
            {
                var result = QueryTextRewrite.Rewrite(query, model, InfluxQLParameterStrategy, cancellationToken);
                if (result is null || result.Parameters.Count == 0) return null;
                var parameters = ParseAnnotated($"new global::HomeIQ.Influx.Querying.InfluxQLParameters {{ {string.Join(", ", result.Parameters.Select(p => $"{{ \"{p.Name}\", {p.Value.Expression.WithoutTrivia().ToFullString()} }}"))} }}");
                return ("Bind the values as InfluxQL parameters", call!, WithQueryAndInsertedArgument(call!, argument, result.Query, "parameters", parameters));
            }

            case (QueryApi.HomeIqInfluxQL, QuoteKey):
                return Quoted("Quote the values with InfluxQLText", call!, argument, query, model, InfluxQLQuoteStrategy, cancellationToken);

            case (QueryApi.HomeIqFlux, QuoteKey):
            case (QueryApi.V2Flux, QuoteKey) when hasToolkit:
                return Quoted("Quote the values with FluxText", call!, argument, query, model, FluxQuoteStrategy, cancellationToken);

            case (QueryApi.V3, ParametersKey) when !HasArgument(arguments, model, "namedParameters", cancellationToken):
            {
                var result = QueryTextRewrite.Rewrite(query, model, V3Strategy, cancellationToken);
                if (result is null || result.Parameters.Count == 0) return null;
                var named = ParseAnnotated(Dictionary(result));
                var newArguments = arguments.ReplaceNode(argument, argument.WithExpression(result.Query))
                    .AddArguments(SyntaxFactory.Argument(named).WithNameColon(SyntaxFactory.NameColon("namedParameters")));
                return ("Pass the values as named parameters", call!, call!.ReplaceNode(arguments, newArguments));
            }

            case (QueryApi.V2Flux, ParametersKey):
            {
                var isQueryObject = call is ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax;
                if (isQueryObject ? HasArgument(arguments, model, "_params", cancellationToken) : !HasQueryObjectOverload(method, types)) return null;
                var result = QueryTextRewrite.Rewrite(query, model, V2CloudStrategy, cancellationToken);
                if (result is null || result.Parameters.Count == 0) return null;
                var dictionary = Dictionary(result);
                if (isQueryObject)
                {
                    var newArguments = arguments.ReplaceNode(argument, argument.WithExpression(result.Query))
                        .AddArguments(SyntaxFactory.Argument(ParseAnnotated(dictionary)).WithNameColon(SyntaxFactory.NameColon("_params")));
                    return ("Pass the values as Flux params (bound by InfluxDB Cloud only)", call!, call!.ReplaceNode(arguments, newArguments));
                }

                var queryObject = ParseAnnotated($"new global::InfluxDB.Client.Api.Domain.Query(query: {result.Query.WithoutTrivia().ToFullString()}, _params: {dictionary})");
                return ("Pass the values as Flux params (bound by InfluxDB Cloud only)", call!, call!.ReplaceNode(query, queryObject.WithTriviaFrom(query)));
            }

            default:
                return null;
        }
    }

    private static (string, SyntaxNode, SyntaxNode)? Quoted(string title, SyntaxNode call, ArgumentSyntax argument, ExpressionSyntax query, SemanticModel model, Func<Hole, string, HoleRewrite?> strategy, CancellationToken cancellationToken)
    {
        var result = QueryTextRewrite.Rewrite(query, model, strategy, cancellationToken);
        return result is null || result.Parameters.Count > 0 ? null : (title, call, call.ReplaceNode(argument, argument.WithExpression(result.Query)));
    }

    // ------------------------------------------------------------------ strategies

    // InfluxDB 1.x binds strings and times as literals; names and durations cannot be bound, so they are quoted.
    private static HoleRewrite? InfluxQLParameterStrategy(Hole hole, string name) => hole.Context switch
    {
        HoleContext.SingleQuoted when hole.IsType(SpecialType.System_String) || hole.IsType(SpecialType.System_DateTime) || hole.IsSystemType("DateTimeOffset") => HoleRewrite.Parameter("$" + name),
        HoleContext.DoubleQuoted when hole.IsType(SpecialType.System_String) => HoleRewrite.Escaped(Call(InfluxQLText, "QuoteIdentifier", hole.NonNull)),
        HoleContext.Bare when hole.IsSystemType("TimeSpan") => HoleRewrite.Escaped(Call(InfluxQLText, "FormatDuration", hole.Expression)),
        _ => null,
    };

    private static HoleRewrite? InfluxQLQuoteStrategy(Hole hole, string name) => hole.Context switch
    {
        HoleContext.SingleQuoted when hole.IsType(SpecialType.System_String) => HoleRewrite.Escaped(Call(InfluxQLText, "QuoteString", hole.NonNull)),
        HoleContext.SingleQuoted when hole.IsSystemType("DateTimeOffset") => HoleRewrite.Escaped(Call(InfluxQLText, "FormatTime", hole.Expression)),
        HoleContext.DoubleQuoted when hole.IsType(SpecialType.System_String) => HoleRewrite.Escaped(Call(InfluxQLText, "QuoteIdentifier", hole.NonNull)),
        HoleContext.Bare when hole.IsSystemType("TimeSpan") => HoleRewrite.Escaped(Call(InfluxQLText, "FormatDuration", hole.Expression)),
        _ => null,
    };

    private static HoleRewrite? FluxQuoteStrategy(Hole hole, string name) => hole.Context switch
    {
        HoleContext.DoubleQuoted when hole.IsType(SpecialType.System_String) => HoleRewrite.Escaped(Call(FluxText, "QuoteString", hole.NonNull)),
        HoleContext.Bare when hole.IsSystemType("TimeSpan") => HoleRewrite.Escaped(Call(FluxText, "FormatDuration", hole.Expression)),
        HoleContext.Bare when hole.IsSystemType("DateTimeOffset") => HoleRewrite.Escaped(Call(FluxText, "FormatTime", hole.Expression)),
        _ => null,
    };

    // InfluxDB 3 binds parameters in WHERE predicates only.
    private static HoleRewrite? V3Strategy(Hole hole, string name)
        => hole.Context == HoleContext.SingleQuoted && hole.IsType(SpecialType.System_String) && InWhereClause(hole.TextBefore) ? HoleRewrite.Parameter("$" + name) : null;

    private static HoleRewrite? V2CloudStrategy(Hole hole, string name)
        => hole.Context == HoleContext.DoubleQuoted && hole.IsType(SpecialType.System_String) ? HoleRewrite.Parameter("params." + name) : null;

    private static bool InWhereClause(string textBefore)
    {
        var upper = textBefore.ToUpperInvariant();
        var where = upper.LastIndexOf("WHERE", StringComparison.Ordinal);
        if (where < 0) return false;
        foreach (var end in new[] { "GROUP BY", "ORDER BY", "LIMIT", "OFFSET", "HAVING", "FILL(", "SLIMIT", "SOFFSET" })
        {
            if (upper.IndexOf(end, where, StringComparison.Ordinal) >= 0) return false;
        }

        return true;
    }

    // ------------------------------------------------------------------ syntax

    private static ExpressionSyntax Call(string type, string method, ExpressionSyntax argument)
        => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.ParseExpression(type).WithAdditionalAnnotations(Simplifier.Annotation), SyntaxFactory.IdentifierName(method)),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(argument.WithoutTrivia()))));

    private static string Dictionary(QueryTextRewrite.Result result)
    {
        var entries = new StringBuilder();
        foreach (var (name, value) in result.Parameters)
        {
            if (entries.Length > 0) entries.Append(", ");
            entries.Append("[\"").Append(name).Append("\"] = ").Append(value.NonNull.ToFullString());
        }

        return "new global::System.Collections.Generic.Dictionary<string, object> { " + entries + " }";
    }

    private static ExpressionSyntax ParseAnnotated(string text)
    {
        var expression = SyntaxFactory.ParseExpression(text);
        return expression.ReplaceNodes(expression.DescendantNodesAndSelf().OfType<NameSyntax>().Where(n => n.Parent is not NameSyntax), (_, n) => n.WithAdditionalAnnotations(Simplifier.Annotation));
    }

    // The call with the new query text and `parameters` inserted right after it, named when any argument is named.
    private static SyntaxNode WithQueryAndInsertedArgument(SyntaxNode call, ArgumentSyntax queryArgument, ExpressionSyntax newQuery, string name, ExpressionSyntax value)
    {
        var arguments = (ArgumentListSyntax)queryArgument.Parent!;
        var index = arguments.Arguments.IndexOf(queryArgument);
        var named = arguments.Arguments.Any(a => a.NameColon is not null);
        var inserted = SyntaxFactory.Argument(value);
        if (named) inserted = inserted.WithNameColon(SyntaxFactory.NameColon(name));
        var list = arguments.Arguments.Replace(queryArgument, queryArgument.WithExpression(newQuery)).Insert(index + 1, inserted);
        return call.ReplaceNode(arguments, arguments.WithArguments(list));
    }

    private static bool HasArgument(ArgumentListSyntax arguments, SemanticModel model, string parameter, CancellationToken cancellationToken)
        => arguments.Arguments.Any(a => a.NameColon?.Name.Identifier.ValueText == parameter
                                        || model.GetOperation(a, cancellationToken) is Microsoft.CodeAnalysis.Operations.IArgumentOperation { Parameter.Name: var n } && n == parameter);

    // InfluxDB.Client has a twin of the method taking a Query object where it takes query text.
    private static bool HasQueryObjectOverload(IMethodSymbol method, InfluxTypes types)
    {
        var original = method.OriginalDefinition;
        foreach (var candidate in original.ContainingType.GetMembers(original.Name).OfType<IMethodSymbol>())
        {
            if (candidate.Parameters.Length != original.Parameters.Length || candidate.Arity != original.Arity || candidate.Parameters.Length == 0) continue;
            if (!InfluxTypes.IsType(candidate.Parameters[0].Type, types.V2Query)) continue;
            var same = true;
            for (var i = 1; i < original.Parameters.Length && same; i++)
            {
                same = candidate.Parameters[i].Name == original.Parameters[i].Name
                       && (SymbolEqualityComparer.Default.Equals(candidate.Parameters[i].Type, original.Parameters[i].Type)
                           || candidate.Parameters[i].Type.TypeKind == TypeKind.TypeParameter || candidate.Parameters[i].Type.ToDisplayString() == original.Parameters[i].Type.ToDisplayString());
            }

            if (same) return true;
        }

        return false;
    }
}
