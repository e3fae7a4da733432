using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using System.Text;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Analyzers.Tests.Quality;

/// <summary>
/// Applies every fix the code fixes offer, at every diagnostic of every generated call site (<see cref="StressSites"/>),
/// and every Fix All (per document and equivalence key), and checks each result: no fixer throws, the code still
/// compiles without errors, the fixed diagnostics are gone, no diagnostic appears (compiler warnings and every HIQ rule,
/// compared by id and message) and none disappears except where the text changed.
/// <c>HIQ_FIX_STRESS_SITES</c> sets the number of call sites (default 96 here; the full run uses 600) and
/// <c>HIQ_FIX_STRESS_SEED</c> the seed, so a failure can be replayed.
/// </summary>
public sealed class FixStressTests(ITestOutputHelper output)
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = Corpus.AllAnalyzers();

    private static readonly ImmutableArray<CodeFixProvider> Fixers =
    [
        .. typeof(HomeIQ.Influx.CodeFixes.Fixers.ClientNotDisposedCodeFix).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t) && t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .Where(f => f.FixableDiagnosticIds.Any(id => id.StartsWith("HIQ0", StringComparison.Ordinal))),
    ];

    [Fact]
    public async Task EveryOfferedFixAndFixAllCompilesRemovesItsDiagnosticAndChangesNothingElse()
    {
        var sites = int.TryParse(Environment.GetEnvironmentVariable("HIQ_FIX_STRESS_SITES"), out var requested) && requested > 0 ? requested : 96;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("HIQ_FIX_STRESS_SEED"), out var s) ? s : 16;
        var stats = new Stats();
        var failures = new List<string>();
        var projectIndex = 0;
        foreach (var generated in StressSites.Generate(sites, seed))
        {
            stats.Sites += generated.Sites;
            await StressProjectAsync(generated, projectIndex++, stats, failures);
            if (failures.Count > 20) break;
        }

        output.WriteLine(stats.ToString());
        Assert.True(failures.Count == 0, $"seed {seed}, {sites} sites:\n" + string.Join("\n\n", failures));
        Assert.True(stats.Sites >= sites, $"generated {stats.Sites} sites");
        Assert.True(stats.Diagnostics >= sites, $"only {stats.Diagnostics} diagnostics for {stats.Sites} sites: the generator no longer reaches the rules");
        Assert.True(stats.FixesApplied >= sites / 2, $"only {stats.FixesApplied} fixes applied");
        Assert.True(stats.FixAllApplied > 0, "no Fix All was applied");
        foreach (var id in new[] { "HIQ001", "HIQ002", "HIQ003", "HIQ004", "HIQ005", "HIQ006", "HIQ007" })
            Assert.True(stats.FixedById.GetValueOrDefault(id) > 0, $"no {id} fix was applied: {stats}");
    }

    private sealed class Stats
    {
        public int Sites;
        public int Diagnostics;
        public int FixesApplied;
        public int FixAllApplied;
        public readonly Dictionary<string, int> DiagnosticsById = [];
        public readonly Dictionary<string, int> FixedById = [];

        public override string ToString()
            => $"{Sites} call sites, {Diagnostics} diagnostics ({string.Join(", ", DiagnosticsById.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}), "
               + $"{FixesApplied} fixes applied ({string.Join(", ", FixedById.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"))}), {FixAllApplied} Fix All runs";
    }

    private async Task StressProjectAsync(StressSites.Project generated, int index, Stats stats, List<string> failures)
    {
        using var workspace = new AdhocWorkspace();
        var isExe = generated.Files.Any(f => f.Path.StartsWith("Program", StringComparison.Ordinal));
        var projectInfo = ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "Stress" + index, "Stress" + index, LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(isExe ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: TestReferences.Framework.AddRange(TestReferences.Influx));
        var project = workspace.AddProject(projectInfo);
        foreach (var (path, text) in generated.Files) project = project.AddDocument(path, SourceText.From(text), filePath: path).Project;

        var before = await AnalyzeAsync(project);
        if (before.Errors.Count > 0)
        {
            failures.Add($"generated project {index} does not compile:\n" + string.Join("\n", before.Errors.Take(10)) + "\n" + Dump(project));
            return;
        }

        foreach (var diagnostic in before.Analyzer)
        {
            stats.Diagnostics++;
            stats.DiagnosticsById[diagnostic.Id] = stats.DiagnosticsById.GetValueOrDefault(diagnostic.Id) + 1;
        }

        var offered = new List<(Document Document, CodeFixProvider Fixer, string Key, string Id)>();
        foreach (var diagnostic in before.Analyzer)
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree);
            if (document is null) continue;
            foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                try
                {
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                }
                catch (Exception e)
                {
                    failures.Add($"{fixer.GetType().Name} threw registering fixes for {Describe(diagnostic)}: {e}");
                    continue;
                }

                foreach (var action in actions)
                {
                    var context = $"{action.Title} ({action.EquivalenceKey}) at {Describe(diagnostic)}";
                    if (await ApplyAndCheckAsync(project, before, action, [diagnostic], context, failures) is false) continue;
                    stats.FixesApplied++;
                    stats.FixedById[diagnostic.Id] = stats.FixedById.GetValueOrDefault(diagnostic.Id) + 1;
                    if (action.EquivalenceKey is { } key) offered.Add((document, fixer, key, diagnostic.Id));
                }
            }
        }

        // Fix All per document and equivalence key: every diagnostic that offered that fix must be gone.
        foreach (var group in offered.GroupBy(o => (o.Document.Id, o.Fixer, o.Key, o.Id)))
        {
            var (documentId, fixer, key, id) = group.Key;
            var document = project.GetDocument(documentId)!;
            var targets = await TargetsAsync(project, before.Analyzer.Where(d => d.Id == id && project.GetDocument(d.Location.SourceTree)?.Id == documentId), fixer, key);
            var provider = fixer.GetFixAllProvider();
            if (provider is null || targets.Count == 0) continue;
            CodeAction? fixAll;
            try
            {
                fixAll = await provider.GetFixAsync(new FixAllContext(document, fixer, FixAllScope.Document, key, [id], new Provider(before.Analyzer), CancellationToken.None));
            }
            catch (Exception e)
            {
                failures.Add($"Fix All {key} threw in {document.Name}: {e}");
                continue;
            }

            if (fixAll is null) continue;
            if (await ApplyAndCheckAsync(project, before, fixAll, targets, $"Fix All {key} in {document.Name} ({targets.Count} diagnostics)", failures) is true) stats.FixAllApplied++;
        }
    }

    // The diagnostics of the group for which the fixer offers an action with this key (Fix All fixes those).
    private static async Task<List<Diagnostic>> TargetsAsync(Project project, IEnumerable<Diagnostic> diagnostics, CodeFixProvider fixer, string key)
    {
        var targets = new List<Diagnostic>();
        foreach (var diagnostic in diagnostics)
        {
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(project.GetDocument(diagnostic.Location.SourceTree)!, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            if (actions.Any(a => a.EquivalenceKey == key)) targets.Add(diagnostic);
        }

        return targets;
    }

    // Null when the action made no change; false when a check failed (recorded); true when it passed.
    private static async Task<bool?> ApplyAndCheckAsync(Project project, Analysis before, CodeAction action, IReadOnlyList<Diagnostic> fixedDiagnostics, string context, List<string> failures)
    {
        Solution changed;
        try
        {
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        }
        catch (Exception e)
        {
            failures.Add($"{context} threw: {e}");
            return false;
        }

        var after = changed.GetProject(project.Id)!;
        var regions = new Dictionary<string, (TextSpan Old, int Delta)>();
        foreach (var document in project.Documents)
        {
            var oldText = (await document.GetTextAsync()).ToString();
            var newText = (await after.GetDocument(document.Id)!.GetTextAsync()).ToString();
            if (oldText != newText) regions[document.FilePath!] = (ChangedRegion(oldText, newText), newText.Length - oldText.Length);
        }

        if (regions.Count == 0)
        {
            failures.Add($"{context} changed nothing");
            return false;
        }

        var result = await AnalyzeAsync(after);
        var problems = new List<string>();
        if (result.Errors.Count > 0) problems.Add("does not compile: " + string.Join("; ", result.Errors.Take(5)));

        // Every diagnostic outside the changed text must still be there, where the edit moved it; every diagnostic
        // after the fix must be one of those or one that was already inside the changed text. The fixed ones are not
        // matched, so if they remain they show up as unexplained.
        var pool = result.All.ToList();
        var inRegion = new List<Diagnostic>();
        foreach (var diagnostic in before.All.Where(d => !fixedDiagnostics.Contains(d)))
        {
            var path = diagnostic.Location.SourceTree?.FilePath;
            var span = diagnostic.Location.SourceSpan;
            if (path is not null && regions.TryGetValue(path, out var region))
            {
                if (region.Old.IntersectsWith(span) || region.Old.Contains(span) || span.Contains(region.Old))
                {
                    inRegion.Add(diagnostic);
                    continue;
                }

                if (span.Start >= region.Old.End) span = new TextSpan(span.Start + region.Delta, span.Length);
            }

            var match = pool.FirstOrDefault(d => Key(d) == Key(diagnostic) && d.Location.SourceTree?.FilePath == path && (path is null || d.Location.SourceSpan == span));
            if (match is not null) pool.Remove(match);
            else if (!MayGoWithTheFix(diagnostic, regions)) problems.Add($"a diagnostic outside the changed text disappeared or moved: {Key(diagnostic)} at {diagnostic.Location.GetLineSpan()}");
        }

        foreach (var diagnostic in inRegion)
        {
            var match = pool.FirstOrDefault(d => Key(d) == Key(diagnostic) && d.Location.SourceTree?.FilePath == diagnostic.Location.SourceTree?.FilePath);
            if (match is not null) pool.Remove(match);
        }

        foreach (var diagnostic in pool) problems.Add($"new or remaining diagnostic: {Key(diagnostic)} at {diagnostic.Location.GetLineSpan()}");

        if (problems.Count == 0) return true;
        failures.Add($"{context}:\n  " + string.Join("\n  ", problems.Distinct()) + "\n--- after:\n" + Dump(after, regions.Keys));
        return false;
    }

    // A diagnostic may go with the fix when it is in the member the fix edited (disposing a client also flushes its
    // WriteApi, HIQ007) or is CS1998 (an async method that now awaits).
    private static bool MayGoWithTheFix(Diagnostic diagnostic, Dictionary<string, (TextSpan Old, int Delta)> regions)
    {
        if (diagnostic.Id == "CS1998") return true;
        var tree = diagnostic.Location.SourceTree;
        if (tree?.FilePath is not { } path || !regions.TryGetValue(path, out var region)) return false;
        var member = tree.GetRoot().FindNode(diagnostic.Location.SourceSpan).AncestorsAndSelf()
            .OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MemberDeclarationSyntax>()
            .FirstOrDefault(m => m is not Microsoft.CodeAnalysis.CSharp.Syntax.BaseTypeDeclarationSyntax);
        return member is not null && member.FullSpan.IntersectsWith(region.Old);
    }

    private sealed record Analysis(IReadOnlyList<Diagnostic> Errors, IReadOnlyList<Diagnostic> Analyzer, IReadOnlyList<Diagnostic> All);

    private static async Task<Analysis> AnalyzeAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var compiler = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        var analyzer = (await compilation.WithAnalyzers(Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync()).ToList();
        var crashes = analyzer.Where(d => d.Id == "AD0001").ToList();
        return new Analysis([.. compiler.Where(d => d.Severity == DiagnosticSeverity.Error), .. crashes], [.. analyzer.Where(d => d.Id != "AD0001")], [.. compiler, .. analyzer]);
    }

    private static string Key(Diagnostic diagnostic) => diagnostic.Id + ": " + diagnostic.GetMessage(CultureInfo.InvariantCulture);

    // The span of the old text that differs from the new (common prefix and suffix excluded).
    private static TextSpan ChangedRegion(string oldText, string newText)
    {
        var prefix = 0;
        while (prefix < oldText.Length && prefix < newText.Length && oldText[prefix] == newText[prefix]) prefix++;
        var suffix = 0;
        while (suffix < oldText.Length - prefix && suffix < newText.Length - prefix && oldText[oldText.Length - 1 - suffix] == newText[newText.Length - 1 - suffix]) suffix++;
        return TextSpan.FromBounds(prefix, Math.Max(prefix, oldText.Length - suffix));
    }

    private static string Describe(Diagnostic diagnostic) => $"{diagnostic.Id} {diagnostic.Location.GetLineSpan()}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";

    private static string Dump(Project project, IEnumerable<string>? paths = null)
    {
        var text = new StringBuilder();
        foreach (var document in project.Documents.Where(d => paths is null || paths.Contains(d.FilePath)))
            text.Append("// ").AppendLine(document.Name).AppendLine(document.GetTextAsync().Result.ToString());
        return text.ToString();
    }

    private sealed class Provider(IReadOnlyList<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            => Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult(diagnostics.Where(d => !d.Location.IsInSource));

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
            => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
