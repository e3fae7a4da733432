using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using HomeIQ.Influx.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace HomeIQ.Influx.CodeFixes.Editing;

/// <summary>Where a value sits in the query text: between single quotes (a string literal), double quotes (an identifier in InfluxQL and SQL, a string in Flux), or bare.</summary>
internal enum HoleContext
{
    Bare,
    SingleQuoted,
    DoubleQuoted,
}

/// <summary>What a rewrite strategy makes of one unsafe value.</summary>
internal sealed class HoleRewrite
{
    private HoleRewrite(string? placeholder, ExpressionSyntax? helper)
    {
        Placeholder = placeholder;
        Helper = helper;
    }

    /// <summary>Text that names a parameter (<c>$room</c>, <c>params.room</c>); the value goes into the parameters.</summary>
    public string? Placeholder { get; }

    /// <summary>An escaping call that stays in the text (<c>InfluxQLText.QuoteString(room)</c>).</summary>
    public ExpressionSyntax? Helper { get; }

    public static HoleRewrite Parameter(string placeholder) => new(placeholder, null);

    public static HoleRewrite Escaped(ExpressionSyntax helper) => new(null, helper);
}

/// <summary>One value of the query text as a strategy sees it.</summary>
internal readonly struct Hole
{
    public Hole(ExpressionSyntax expression, ITypeSymbol? type, bool maybeNull, HoleContext context, string textBefore)
    {
        Expression = expression;
        Type = type;
        MaybeNull = maybeNull;
        Context = context;
        TextBefore = textBefore;
    }

    public ExpressionSyntax Expression { get; }
    public ITypeSymbol? Type { get; }
    public bool MaybeNull { get; }
    public HoleContext Context { get; }

    /// <summary>The query text before the value (values as <c>?</c>), for strategies that care about the clause (InfluxDB 3 binds only in WHERE).</summary>
    public string TextBefore { get; }

    /// <summary>The value, with <c>?? ""</c> when it may be null (what the interpolation printed for null), for helpers that refuse null.</summary>
    public ExpressionSyntax NonNull => MaybeNull
        ? SyntaxFactory.BinaryExpression(SyntaxKind.CoalesceExpression, Parenthesize(Expression), SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("")))
        : Expression.WithoutTrivia();

    public bool IsType(SpecialType special) => Type?.SpecialType == special;

    public bool IsSystemType(string name) => Type is { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } && Type.Name == name;

    // Primary expressions bind tighter than ??; anything else keeps its meaning in parentheses.
    private static ExpressionSyntax Parenthesize(ExpressionSyntax expression)
        => expression is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or ParenthesizedExpressionSyntax
            ? expression.WithoutTrivia()
            : SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia());
}

/// <summary>
/// Rewrites query text built by interpolation or concatenation so that no unsafe value is spliced in: each value a
/// <c>strategy</c> turns into a parameter placeholder or an escaping call, the quotes around it removed. Safe values
/// (constants, numbers, booleans, escaped ones) stay. An interpolated string is edited in place, so its kind
/// (regular, verbatim, raw, multi-line) is kept; a concatenation is rebuilt as one. Fails (returns
/// <see langword="null"/>) when any unsafe value has no rewrite, has a format or alignment, or a quote cannot be removed
/// exactly: the fix is then not offered rather than half done.
/// </summary>
internal static class QueryTextRewrite
{
    public sealed class Result
    {
        public Result(ExpressionSyntax query, IReadOnlyList<(string Name, Hole Value)> parameters)
        {
            Query = query;
            Parameters = parameters;
        }

        public ExpressionSyntax Query { get; }
        public IReadOnlyList<(string Name, Hole Value)> Parameters { get; }
    }

    /// <param name="query">The query text argument.</param>
    /// <param name="strategy">Turns an unsafe value into a rewrite, given a parameter name the strategy may use, or <see langword="null"/> when it cannot.</param>
    public static Result? Rewrite(ExpressionSyntax query, SemanticModel model, Func<Hole, string, HoleRewrite?> strategy, CancellationToken cancellationToken)
    {
        query = query.WalkDownParentheses();
        return query switch
        {
            InterpolatedStringExpressionSyntax interpolated => RewriteInterpolated(interpolated, model, strategy, cancellationToken),
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } => RewriteConcatenation(query, model, strategy, cancellationToken),
            _ => null,
        };
    }

    // ------------------------------------------------------------------ interpolated strings: edited in place

    private static Result? RewriteInterpolated(InterpolatedStringExpressionSyntax interpolated, SemanticModel model, Func<Hole, string, HoleRewrite?> strategy, CancellationToken cancellationToken)
    {
        var contents = interpolated.Contents;
        var raw = contents.Select(c => c.ToString()).ToList();
        var logical = contents.Select(c => c is InterpolatedStringTextSyntax text ? text.TextToken.ValueText : null).ToList();
        var kind = StringKind(interpolated.StringStartToken.Text);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var parameters = new List<(string, Hole)>();
        var holesLeft = 0;
        var before = new StringBuilder();

        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is not InterpolationSyntax interpolation)
            {
                before.Append(logical[i]);
                continue;
            }

            var hole = MakeHole(interpolation.Expression, model, Logical(logical, i - 1), Logical(logical, i + 1), before.ToString(), cancellationToken);
            before.Append('?');
            if (hole is null)
            {
                holesLeft++;
                continue; // safe: stays
            }

            if (interpolation.AlignmentClause is not null || interpolation.FormatClause is not null) return null;
            var rewrite = strategy(hole.Value, UniqueName(hole.Value.Expression, names, interpolated.ToString()));
            if (rewrite is null) return null;

            if (hole.Value.Context != HoleContext.Bare)
            {
                var quote = hole.Value.Context == HoleContext.SingleQuoted ? '\'' : '"';
                if (StripEnd(raw[i - 1], quote, kind) is not { } left || StripStart(raw[i + 1], quote, kind) is not { } right) return null;
                raw[i - 1] = left;
                raw[i + 1] = right;
            }

            if (rewrite.Placeholder is { } placeholder)
            {
                raw[i] = placeholder;
                parameters.Add((placeholder.Substring(placeholder.LastIndexOfAny(['$', '.']) + 1), hole.Value));
            }
            else
            {
                raw[i] = interpolation.OpenBraceToken.Text + rewrite.Helper!.NormalizeWhitespace().ToFullString() + interpolation.CloseBraceToken.Text;
                holesLeft++;
            }
        }

        var body = string.Concat(raw);
        var start = interpolated.StringStartToken.Text;
        if (holesLeft == 0 && body.IndexOf('{') < 0 && body.IndexOf('}') < 0) start = start.Replace("$", ""); // nothing left to interpolate
        var text = start + body + interpolated.StringEndToken.Text;
        var parsed = SyntaxFactory.ParseExpression(text);
        if (parsed.ContainsDiagnostics || parsed.FullSpan.Length != text.Length) return null;
        // The escaping calls were written fully qualified; the simplifier shortens them where the file's usings allow.
        var qualified = parsed.DescendantNodes().OfType<InterpolationSyntax>()
            .SelectMany(i => i.Expression.DescendantNodesAndSelf().OfType<MemberAccessExpressionSyntax>().Where(m => m.Expression is MemberAccessExpressionSyntax or IdentifierNameSyntax { Identifier.ValueText: "HomeIQ" }));
        parsed = parsed.ReplaceNodes(qualified, (_, n) => n.WithAdditionalAnnotations(Simplifier.Annotation));
        return new Result(parsed.WithTriviaFrom(interpolated), parameters);
    }

    private static string? Logical(List<string?> logical, int index) => index >= 0 && index < logical.Count ? logical[index] : null;

    private enum Kind
    {
        Regular,
        Verbatim,
        Raw,
    }

    private static Kind StringKind(string start) => start.Contains("\"\"\"") ? Kind.Raw : start.Contains("@") ? Kind.Verbatim : Kind.Regular;

    // Removes the source text of one quote character at the end of a text part, as this kind of string writes it. In a
    // regular string the quote may be escaped (`\'`, `\"`): an odd run of backslashes before it says so.
    private static string? StripEnd(string raw, char quote, Kind kind)
    {
        if (kind == Kind.Verbatim && quote == '"') return raw.EndsWith("\"\"", StringComparison.Ordinal) ? raw.Substring(0, raw.Length - 2) : null;
        if (raw.Length == 0 || raw[raw.Length - 1] != quote) return null;
        if (kind != Kind.Regular) return raw.Substring(0, raw.Length - 1);
        var backslashes = 0;
        for (var i = raw.Length - 2; i >= 0 && raw[i] == '\\'; i--) backslashes++;
        if (backslashes % 2 == 1) return raw.Substring(0, raw.Length - 2);
        return quote == '\'' ? raw.Substring(0, raw.Length - 1) : null; // an unescaped " cannot be in a regular string
    }

    private static string? StripStart(string raw, char quote, Kind kind)
    {
        if (kind == Kind.Regular && raw.StartsWith("\\" + quote, StringComparison.Ordinal)) return raw.Substring(2);
        if (kind == Kind.Verbatim && quote == '"') return raw.StartsWith("\"\"", StringComparison.Ordinal) ? raw.Substring(2) : null;
        if (kind == Kind.Regular && quote == '"') return null;
        return raw.Length > 0 && raw[0] == quote ? raw.Substring(1) : null;
    }

    // ------------------------------------------------------------------ concatenations: rebuilt

    private static Result? RewriteConcatenation(ExpressionSyntax query, SemanticModel model, Func<Hole, string, HoleRewrite?> strategy, CancellationToken cancellationToken)
    {
        var operands = new List<ExpressionSyntax>();
        Flatten(query, model, operands, cancellationToken);
        var texts = operands.Select(o => model.GetConstantValue(o, cancellationToken) is { HasValue: true, Value: string s } ? s : null).ToList();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var parameters = new List<(string, Hole)>();
        var output = new List<(string? Text, ExpressionSyntax? Expression, bool IsString)>();
        var before = new StringBuilder();
        var changed = false;

        for (var i = 0; i < operands.Count; i++)
        {
            if (texts[i] is { } text)
            {
                output.Add((text, null, true));
                before.Append(text);
                continue;
            }

            var hole = MakeHole(operands[i], model, i > 0 ? texts[i - 1] : null, i + 1 < texts.Count ? texts[i + 1] : null, before.ToString(), cancellationToken);
            before.Append('?');
            if (hole is null)
            {
                var type = model.GetTypeInfo(operands[i], cancellationToken).Type;
                output.Add((null, operands[i], type?.SpecialType == SpecialType.System_String));
                continue;
            }

            var rewrite = strategy(hole.Value, UniqueName(hole.Value.Expression, names, query.ToString()));
            if (rewrite is null) return null;
            changed = true;
            if (hole.Value.Context != HoleContext.Bare)
            {
                // The quotes are the last character of the text before and the first of the text after.
                var previous = output[output.Count - 1];
                output[output.Count - 1] = (previous.Text!.Substring(0, previous.Text.Length - 1), null, true);
                texts[i + 1] = texts[i + 1]!.Substring(1);
            }

            if (rewrite.Placeholder is { } placeholder)
            {
                output.Add((placeholder, null, true));
                parameters.Add((placeholder.Substring(placeholder.LastIndexOfAny(['$', '.']) + 1), hole.Value));
            }
            else
            {
                output.Add((null, rewrite.Helper, true));
            }
        }

        if (!changed) return null;
        return new Result(Build(output).WithTriviaFrom(query), parameters);
    }

    private static void Flatten(ExpressionSyntax expression, SemanticModel model, List<ExpressionSyntax> operands, CancellationToken cancellationToken)
    {
        expression = expression.WalkDownParentheses();
        if (expression is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add
            && model.GetTypeInfo(add, cancellationToken).Type?.SpecialType == SpecialType.System_String
            && !model.GetConstantValue(add, cancellationToken).HasValue)
        {
            Flatten(add.Left, model, operands, cancellationToken);
            Flatten(add.Right, model, operands, cancellationToken);
            return;
        }

        operands.Add(expression);
    }

    private static ExpressionSyntax Build(List<(string? Text, ExpressionSyntax? Expression, bool IsString)> output)
    {
        // Adjacent texts merge into one literal; empty texts go unless they keep two non-strings from being added as numbers.
        var merged = new List<(ExpressionSyntax Expression, bool IsString)>();
        var pending = new StringBuilder();
        var hasPending = false;
        foreach (var (text, expression, isString) in output)
        {
            if (text is not null)
            {
                pending.Append(text);
                hasPending = true;
                continue;
            }

            if (hasPending && (pending.Length > 0 || merged.Count == 0 && !isString))
                merged.Add((Literal(pending.ToString()), true));
            pending.Clear();
            hasPending = false;
            merged.Add((SyntaxFactory.ParenthesizedExpression(expression!.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation), isString));
        }

        if (hasPending && (pending.Length > 0 || merged.Count == 0)) merged.Add((Literal(pending.ToString()), true));
        if (merged.Count > 1 && !merged[0].IsString && !merged[1].IsString) merged.Insert(0, (Literal(""), true));

        var result = merged[0].Expression;
        for (var i = 1; i < merged.Count; i++) result = SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, result, merged[i].Expression);
        return result;
    }

    private static ExpressionSyntax Literal(string text) => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text));

    // ------------------------------------------------------------------ shared

    // A value that must change (null when it is safe as it is), with its quotes context read from the text around it.
    private static Hole? MakeHole(ExpressionSyntax expression, SemanticModel model, string? before, string? after, string textBefore, CancellationToken cancellationToken)
    {
        var operation = model.GetOperation(expression, cancellationToken);
        if (operation is null || QueryText.IsSafeValue(operation)) return null;
        var context = before is { Length: > 0 } && after is { Length: > 0 } && before[before.Length - 1] == after[0] && after[0] is '\'' or '"'
            ? after[0] == '\'' ? HoleContext.SingleQuoted : HoleContext.DoubleQuoted
            : HoleContext.Bare;
        var info = model.GetTypeInfo(expression, cancellationToken);
        var maybeNull = info.Type?.IsReferenceType == true && info.Nullability.FlowState == NullableFlowState.MaybeNull;
        return new Hole(expression, info.Type, maybeNull, context, textBefore);
    }

    // A parameter name from the value (`room`, `request.Room` → room), unique in this query and not already in its text.
    private static string UniqueName(ExpressionSyntax expression, HashSet<string> taken, string text)
    {
        var name = expression switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
            _ => "p",
        };
        var clean = new string(name.Where(c => c < 128 && (char.IsLetterOrDigit(c) || c == '_')).ToArray());
        if (clean.Length == 0 || char.IsDigit(clean[0])) clean = "p";
        clean = char.ToLowerInvariant(clean[0]) + clean.Substring(1);
        var candidate = clean;
        for (var i = 2; taken.Contains(candidate) || text.Contains("$" + candidate) || text.Contains("params." + candidate); i++)
            candidate = clean + i.ToString(CultureInfo.InvariantCulture);
        taken.Add(candidate);
        return candidate;
    }
}
