using HomeIQ.Influx.Generators.Diagnostics;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>Every generator diagnostic has a page docs/rules/{id}.md whose title line matches the descriptor.</summary>
public class DocumentationTests
{
    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.All) data.Add(descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void RuleHasAPageWithTheDescriptorTitle(string id)
    {
        var descriptor = DiagnosticDescriptors.ById(id);
        var page = Path.Combine(RepositoryRoot(), "docs", "rules", id + ".md");
        Assert.True(File.Exists(page), $"missing {page}");
        var firstLine = File.ReadLines(page).First();
        Assert.Equal($"# {id}: {descriptor.Title}", firstLine);
        Assert.EndsWith($"docs/rules/{id}.md", descriptor.HelpLinkUri, StringComparison.Ordinal);
    }

    [Fact]
    public void ReleaseTrackingListsEveryRule()
    {
        var unshipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "HomeIQ.Influx.Generators", "AnalyzerReleases.Unshipped.md"));
        var shipped = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "HomeIQ.Influx.Generators", "AnalyzerReleases.Shipped.md"));
        foreach (var descriptor in DiagnosticDescriptors.All)
            Assert.True(unshipped.Contains(descriptor.Id + " ", StringComparison.Ordinal) || shipped.Contains(descriptor.Id + " ", StringComparison.Ordinal), descriptor.Id);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeIQ.Influx.Generators.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Repository root (HomeIQ.Influx.Generators.sln) not found above " + AppContext.BaseDirectory);
    }
}
