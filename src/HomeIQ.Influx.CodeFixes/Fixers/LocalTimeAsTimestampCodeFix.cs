using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HomeIQ.Influx.Analyzers;
using HomeIQ.Influx.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HomeIQ.Influx.CodeFixes.Fixers;

/// <summary>
/// HIQ005: makes the timestamp UTC. Where the local time is written inline it is replaced by its UTC twin
/// (<c>DateTime.Now</c> → <c>DateTime.UtcNow</c>, <c>DateTime.Today</c> → <c>DateTime.UtcNow.Date</c>,
/// <c>ToLocalTime()</c> → <c>ToUniversalTime()</c>, <c>File.GetLastWriteTime</c> → <c>GetLastWriteTimeUtc</c>,
/// <c>LastWriteTime</c> → <c>LastWriteTimeUtc</c>, <c>LocalDateTime</c> → <c>UtcDateTime</c>,
/// <c>DateTimeOffset.Now.DateTime</c> → <c>DateTimeOffset.UtcNow.UtcDateTime</c>; <c>.ToUniversalTime()</c> is
/// appended where there is no twin). Where it comes through a local, <c>.ToUniversalTime()</c> is appended at the
/// timestamp, so the local's other uses (a log line) keep their meaning. Values made with
/// <c>DateTimeKind.Local</c> get no fix: only their author knows what they mean.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LocalTimeAsTimestampCodeFix))]
[Shared]
public sealed class LocalTimeAsTimestampCodeFix : CodeFixProvider
{
    /// <summary>The equivalence key of the fix.</summary>
    public const string EquivalenceKey = RuleIdentifiers.LocalTimeAsTimestamp + ".Utc";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.LocalTimeAsTimestamp);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer; // each fix rewrites only its own expression

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Rewrite(root, diagnostic) is not { } rewrite) continue;
            context.RegisterCodeFix(
                CodeAction.Create("Use UTC for the timestamp", _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(rewrite.Node, rewrite.Replacement))), EquivalenceKey),
                diagnostic);
        }
    }

    private static (ExpressionSyntax Node, ExpressionSyntax Replacement)? Rewrite(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(LocalTimeAsTimestampAnalyzer.KindProperty, out var kindText)
            || !Enum.TryParse<Analyzers.Timestamps.LocalTimeKind>(kindText, out var kind)
            || kind == Analyzers.Timestamps.LocalTimeKind.NoFix)
        {
            return null;
        }

        var atSink = Find(root, diagnostic.Location.SourceSpan);
        if (atSink is null) return null;
        if (diagnostic.AdditionalLocations.Count > 0)
            return (atSink, AppendToUniversalTime(atSink)); // through a local: convert where it becomes the timestamp

        ExpressionSyntax? replacement = kind switch
        {
            Analyzers.Timestamps.LocalTimeKind.Now => Rename(atSink, "UtcNow"),
            Analyzers.Timestamps.LocalTimeKind.Today => Rename(atSink, "UtcNow") is { } utcNow
                ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, utcNow.WithoutTrivia(), SyntaxFactory.IdentifierName("Date")).WithTriviaFrom(atSink)
                : null,
            Analyzers.Timestamps.LocalTimeKind.ToLocalTime => RenameInvoked(atSink, "ToUniversalTime"),
            Analyzers.Timestamps.LocalTimeKind.UtcMethodVariant => RenameInvoked(atSink, null),
            Analyzers.Timestamps.LocalTimeKind.UtcPropertyVariant => Rename(atSink, null),
            Analyzers.Timestamps.LocalTimeKind.LocalDateTime => Rename(atSink, "UtcDateTime"),
            Analyzers.Timestamps.LocalTimeKind.OffsetNowDateTime => atSink is MemberAccessExpressionSyntax { Expression: { } now } access && Rename(now, "UtcNow") is { } utc
                ? access.WithExpression(utc).WithName(SyntaxFactory.IdentifierName("UtcDateTime"))
                : null,
            Analyzers.Timestamps.LocalTimeKind.AppendToUniversalTime => AppendToUniversalTime(atSink),
            _ => null,
        };
        return replacement is null ? null : (atSink, replacement);
    }

    private static ExpressionSyntax? Find(SyntaxNode root, Microsoft.CodeAnalysis.Text.TextSpan span)
        => root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == span);

    // `X.Name` or `Name` renamed to `newName` (or to Name + "Utc").
    private static ExpressionSyntax? Rename(ExpressionSyntax node, string? newName)
        => node switch
        {
            MemberAccessExpressionSyntax access => access.WithName(SyntaxFactory.IdentifierName(newName ?? access.Name.Identifier.ValueText + "Utc").WithTriviaFrom(access.Name)),
            IdentifierNameSyntax name => SyntaxFactory.IdentifierName(newName ?? name.Identifier.ValueText + "Utc").WithTriviaFrom(name),
            _ => null,
        };

    private static ExpressionSyntax? RenameInvoked(ExpressionSyntax node, string? newName)
        => node is InvocationExpressionSyntax invocation && Rename(invocation.Expression, newName) is { } renamed ? invocation.WithExpression(renamed) : null;

    private static ExpressionSyntax AppendToUniversalTime(ExpressionSyntax node)
    {
        var receiver = node is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            ? node.WithoutTrivia()
            : SyntaxFactory.ParenthesizedExpression(node.WithoutTrivia());
        return SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName("ToUniversalTime")))
            .WithTriviaFrom(node);
    }
}
