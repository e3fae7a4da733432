using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests;

/// <summary>Every rule has a doc page whose title matches its descriptor, a help link to it, and a release-tracking entry.</summary>
public sealed class DocumentationTests
{
    public static TheoryData<string> RuleIds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var id in Descriptors().Select(d => d.Id).Distinct()) data.Add(id);
            return data;
        }
    }

    [Fact]
    public void EveryRuleIdentifierHasAnAnalyzer()
    {
        var ids = typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order()
            .ToArray();
        Assert.Equal(["HIQ001", "HIQ002", "HIQ003", "HIQ004", "HIQ005", "HIQ006", "HIQ007", "HIQ008"], ids);
        Assert.Equal(ids, Descriptors().Select(d => d.Id).Distinct().Order().ToArray());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DescriptorsSharingAnIdAgree(string id)
    {
        // HIQ002/HIQ003 report from the compilation end too, with a second descriptor tagged CompilationEnd.
        var descriptors = Descriptors().Where(d => d.Id == id).ToList();
        Assert.All(descriptors, d => Assert.Equal(descriptors[0].Title, d.Title));
        Assert.All(descriptors, d => Assert.Equal(descriptors[0].MessageFormat, d.MessageFormat));
        Assert.All(descriptors, d => Assert.Equal(descriptors[0].DefaultSeverity, d.DefaultSeverity));
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleHasADocPageWithItsTitle(string id)
    {
        var descriptor = Descriptors().First(d => d.Id == id);
        var page = Path.Combine(AppContext.BaseDirectory, "docs", id + ".md");
        Assert.True(File.Exists(page), $"docs/rules/{id}.md is missing");
        var firstLine = File.ReadLines(page).First();
        Assert.Equal($"# {id}: {descriptor.Title}", firstLine);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleLinksToItsDocPage(string id)
    {
        var descriptor = Descriptors().First(d => d.Id == id);
        Assert.Equal($"https://github.com/homeiq/HomeIQ.Influx/blob/main/docs/rules/{id}.md", descriptor.HelpLinkUri);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void RuleIsTrackedInTheReleaseFiles(string id)
    {
        var descriptor = Descriptors().First(d => d.Id == id);
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "releases", "AnalyzerReleases.Unshipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "releases", "AnalyzerReleases.Shipped.md")));
        var row = lines.SingleOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal));
        Assert.NotNull(row);
        var cells = row.Split('|').Select(c => c.Trim()).ToArray();
        Assert.Equal(descriptor.Category, cells[1]);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), cells[2]);
    }

    private static ImmutableArray<DiagnosticDescriptor> Descriptors()
        => [.. typeof(RuleIdentifiers).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .SelectMany(t => ((DiagnosticAnalyzer)Activator.CreateInstance(t)!).SupportedDiagnostics)];
}
