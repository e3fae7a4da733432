using System.Text.RegularExpressions;
using Xunit;

namespace HomeIQ.Influx.Architecture.Tests;

/// <summary>
/// One name style for tests across the repository: PascalCase sentences (<c>FlushReturnsWhatWasKept</c>), as the
/// .editorconfig asks of every method. Its pascal_case rule cannot forbid underscores (the IDE accepts
/// <c>Flush_returns_what_was_kept</c> as "words"), so this test reads the sources. Checked by leaving one
/// snake_case test in place: the test failed and named its file, line and method.
/// </summary>
public partial class TestNamingTests
{
    [Fact]
    public void EveryTestMethodIsNamedInPascalCaseWithoutUnderscores()
    {
        var offenders = new List<string>();
        var root = RepositoryRoot();
        var files = Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f));
        var checkedMethods = 0;
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(file);
            var pendingAttribute = false;
            for (var i = 0; i < lines.Length; i++)
            {
                if (TestAttribute().IsMatch(lines[i])) { pendingAttribute = true; continue; }
                if (!pendingAttribute) continue;
                var method = MethodDeclaration().Match(lines[i]);
                if (!method.Success) continue;
                pendingAttribute = false;
                checkedMethods++;
                var name = method.Groups["name"].Value;
                if (name.Contains('_', StringComparison.Ordinal) || !char.IsUpper(name[0]))
                    offenders.Add($"{Path.GetRelativePath(root, file)}:{i + 1} {name}");
            }
        }

        // The scan itself must have found the tests (a wrong root or pattern would pass with nothing checked).
        Assert.True(checkedMethods > 500, $"only {checkedMethods} test methods were found under {root}/tests");
        Assert.True(offenders.Count == 0,
            "Name tests in PascalCase without underscores (ADisposedWriterThrows, not A_disposed_writer_throws):\n  " + string.Join("\n  ", offenders));
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ||
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HomeIQ.Influx.Generators.sln"))) return dir.FullName;
        throw new InvalidOperationException($"HomeIQ.Influx.Generators.sln not found above {AppContext.BaseDirectory}");
    }

    [GeneratedRegex(@"^\s*\[(Fact|Theory)\b")]
    private static partial Regex TestAttribute();

    [GeneratedRegex(@"\b(void|Task|ValueTask)\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(")]
    private static partial Regex MethodDeclaration();
}
