using System.Collections.Immutable;
using System.Reflection;
using System.Text.RegularExpressions;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Analyzers.Tests.Quality;

/// <summary>
/// The realistic corpus under <c>Corpus/</c>: each folder is one small project (console tool, web app, worker, library)
/// written the way users write them, compiled whole against the real InfluxDB.Client, InfluxDB3.Client, HomeIQ.Influx
/// (with the real source generator) and ASP.NET Core. A line that should get a diagnostic carries the comment
/// <c>// expect: HIQ002</c> (several ids separated by commas, an id repeated for two diagnostics on one line).
/// </summary>
internal static class Corpus
{
    private static readonly Regex Label = new(@"//\s*expect:\s*(?<ids>HIQ\d{3}(\s*,\s*HIQ\d{3})*)", RegexOptions.Compiled);

    /// <summary>The folder the corpus is copied to beside the test assembly.</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "Corpus");

    /// <summary>Every project folder, by name.</summary>
    public static IReadOnlyList<string> ProjectNames =>
        [.. Directory.GetDirectories(Root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    /// <summary>One project: its files, parsed, and what kind of SDK project it imitates (its implicit usings).</summary>
    public sealed record Project(string Name, ImmutableArray<SyntaxTree> Trees, int Lines, ImmutableArray<Expectation> Expected);

    /// <summary>A labelled line: <paramref name="Count"/> diagnostics with <paramref name="Id"/> should start on it.</summary>
    public sealed record Expectation(string File, int Line, string Id, int Count);

    /// <summary>A diagnostic the analyzers reported, by file, line and id.</summary>
    public sealed record Finding(string File, int Line, string Id, string Message);

    public static Project Load(string name)
    {
        var folder = Path.Combine(Root, name);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = ImmutableArray.CreateBuilder<SyntaxTree>();
        var expected = ImmutableArray.CreateBuilder<Expectation>();
        var lines = 0;
        foreach (var path in Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Root, path).Replace('\\', '/');
            var text = File.ReadAllText(path);
            trees.Add(CSharpSyntaxTree.ParseText(text, parse, relative));
            var number = 0;
            foreach (var line in text.Split('\n'))
            {
                number++;
                if (line.Trim().Length > 0) lines++;
                var match = Label.Match(line);
                if (!match.Success) continue;
                foreach (var group in match.Groups["ids"].Value.Split(',').Select(i => i.Trim()).GroupBy(i => i))
                    expected.Add(new Expectation(relative, number, group.Key, group.Count()));
            }
        }

        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings(name), parse, name + "/obj/GlobalUsings.g.cs"));
        return new Project(name, trees.ToImmutable(), lines, expected.ToImmutable());
    }

    /// <summary>
    /// Compiles the project (running the HomeIQ.Influx generator as the build would) and runs <paramref name="analyzers"/>.
    /// Throws when the project does not compile: the corpus must be code that builds.
    /// </summary>
    public static async Task<ImmutableArray<Finding>> AnalyzeAsync(Project project, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var isExe = project.Trees.Any(t => t.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax)
            .Any(n => n is GlobalStatementSyntax || n is MethodDeclarationSyntax { Identifier.ValueText: "Main" } m && m.Modifiers.Any(SyntaxKind.StaticKeyword)));
        var options = new CSharpCompilationOptions(isExe ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);
        var compilation = CSharpCompilation.Create(project.Name, project.Trees, TestReferences.Corpus, options);

        CSharpGeneratorDriver.Create(new HomeIQ.Influx.Generators.MeasurementGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var generated, out var generatorDiagnostics);
        var errors = generated.GetDiagnostics().Concat(generatorDiagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
            throw new InvalidOperationException($"Corpus project {project.Name} does not compile:\n" + string.Join("\n", errors.Take(20)));

        var withAnalyzers = generated.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        var crashes = diagnostics.Where(d => d.Id == "AD0001").ToList();
        if (crashes.Count > 0) throw new InvalidOperationException($"An analyzer threw on {project.Name}:\n" + string.Join("\n", crashes));

        return [.. diagnostics
            .Where(d => d.Location.IsInSource)
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                return new Finding(span.Path, span.StartLinePosition.Line + 1, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            })];
    }

    /// <summary>Every HIQ0xx analyzer in the analyzer assembly.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
        [.. typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)];

    // What `<ImplicitUsings>enable</ImplicitUsings>` adds for each SDK, chosen by the folder's prefix (Web*, Worker*, else plain).
    private static string ImplicitUsings(string project)
    {
        string[] common = ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];
        string[] hosting = ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging"];
        string[] web = ["System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Routing"];
        var usings = project.StartsWith("Web", StringComparison.Ordinal) ? common.Concat(hosting).Concat(web)
            : project.StartsWith("Worker", StringComparison.Ordinal) ? common.Concat(hosting)
            : common;
        return string.Concat(usings.Select(u => $"global using global::{u};\n"));
    }
}
