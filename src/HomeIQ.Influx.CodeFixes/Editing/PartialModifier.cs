using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HomeIQ.Influx.CodeFixes.Editing;

/// <summary>
/// The one "add <c>partial</c>" edit, shared by HIQ100's fix (the declaration the generator points at) and HIQ008's
/// fix (the InfluxDB.Client class and every type it is nested in, since the generator needs all of them partial).
/// </summary>
internal static class PartialModifier
{
    /// <summary>Registers, for each diagnostic, a fix that makes the type it points at partial (and its containers when asked).</summary>
    public static async Task RegisterAsync(CodeFixContext context, Func<TypeDeclarationSyntax, string> title, string equivalenceKey, bool includeContainingTypes)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            var declaration = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault();
            if (declaration is null || !Targets(declaration, includeContainingTypes).Any()) continue;
            context.RegisterCodeFix(
                CodeAction.Create(title(declaration), ct => AddAsync(context.Document, declaration, includeContainingTypes, ct), equivalenceKey),
                diagnostic);
        }
    }

    private static System.Collections.Generic.IEnumerable<TypeDeclarationSyntax> Targets(TypeDeclarationSyntax declaration, bool includeContainingTypes) =>
        (includeContainingTypes ? declaration.AncestorsAndSelf().OfType<TypeDeclarationSyntax>() : new[] { declaration })
            .Where(t => !t.Modifiers.Any(SyntaxKind.PartialKeyword));

    private static async Task<Document> AddAsync(Document document, TypeDeclarationSyntax declaration, bool includeContainingTypes, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        return document.WithSyntaxRoot(root.ReplaceNodes(Targets(declaration, includeContainingTypes).ToList(), (_, rewritten) => WithPartial(rewritten)));
    }

    /// <summary><paramref name="declaration"/> with <c>partial</c> right before its keyword.</summary>
    public static TypeDeclarationSyntax WithPartial(TypeDeclarationSyntax declaration)
    {
        // 'partial' must come right before class/struct/record, after every other modifier.
        var partial = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (declaration.Modifiers.Count == 0)
        {
            // Keep the leading trivia (comments, indentation) in front of the new first token.
            var keyword = declaration.Keyword;
            partial = partial.WithLeadingTrivia(keyword.LeadingTrivia);
            return declaration.WithKeyword(keyword.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(partial));
        }
        return declaration.WithModifiers(declaration.Modifiers.Add(partial));
    }
}
