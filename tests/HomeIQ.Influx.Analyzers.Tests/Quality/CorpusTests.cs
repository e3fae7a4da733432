using System.Globalization;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Analyzers.Tests.Quality;

/// <summary>
/// Runs every rule over the realistic corpus and computes, per rule, precision (reported diagnostics that a label
/// expects), recall (labels that got their diagnostic) and warnings per 1,000 non-blank lines. The table goes to the
/// test output and to <c>corpus-report.md</c> beside the test assembly (or to <c>$HIQ_CORPUS_REPORT</c>).
/// </summary>
public sealed class CorpusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task PrecisionRecallAndWarningsPerThousandLines()
    {
        var analyzers = Corpus.AllAnalyzers();
        var projects = Corpus.ProjectNames.Select(Corpus.Load).ToList();
        Assert.True(projects.Count >= 15, $"the corpus has {projects.Count} projects");
        Assert.True(projects.Sum(p => p.Trees.Length - 1) >= 40, "the corpus has fewer than 40 files");

        var expected = new List<Corpus.Expectation>();
        var found = new List<Corpus.Finding>();
        var broken = new List<string>();
        foreach (var project in projects)
        {
            expected.AddRange(project.Expected);
            try
            {
                found.AddRange(await Corpus.AnalyzeAsync(project, analyzers));
            }
            catch (InvalidOperationException e)
            {
                broken.Add(e.Message);
            }
        }

        Assert.True(broken.Count == 0, string.Join("\n\n", broken));

        var lines = projects.Sum(p => p.Lines);
        var report = Score(expected, found, lines, projects.Count, projects.Sum(p => p.Trees.Length - 1));
        output.WriteLine(report.Text);
        var path = Environment.GetEnvironmentVariable("HIQ_CORPUS_REPORT") is { Length: > 0 } target ? target : Path.Combine(AppContext.BaseDirectory, "corpus-report.md");
        await File.WriteAllTextAsync(path, report.Text);

        // The bar the rules hold on code written the way users write it (docs/analyzer-corpus.md has the numbers).
        foreach (var rule in report.Rules)
        {
            Assert.True(rule.Precision >= 0.9, $"{rule.Id}: precision {rule.Precision:P0} on the corpus\n{report.Text}");
            Assert.True(rule.Recall >= 0.8, $"{rule.Id}: recall {rule.Recall:P0} on the corpus\n{report.Text}");
        }
    }

    internal sealed record RuleScore(string Id, int Reported, int TruePositives, int FalsePositives, int FalseNegatives, double PerThousandLines)
    {
        public double Precision => Reported == 0 ? 1 : (double)TruePositives / Reported;
        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
    }

    internal sealed record Report(IReadOnlyList<RuleScore> Rules, string Text);

    private static Report Score(List<Corpus.Expectation> expected, List<Corpus.Finding> found, int lines, int projects, int files)
    {
        var ids = expected.Select(e => e.Id).Concat(found.Select(f => f.Id)).Distinct().Order(StringComparer.Ordinal).ToList();
        var rules = new List<RuleScore>();
        var misses = new StringBuilder();
        foreach (var id in ids)
        {
            var labels = expected.Where(e => e.Id == id).GroupBy(e => (e.File, e.Line)).ToDictionary(g => g.Key, g => g.Sum(e => e.Count));
            var reports = found.Where(f => f.Id == id).GroupBy(f => (f.File, f.Line)).ToDictionary(g => g.Key, g => g.ToList());
            int tp = 0, fp = 0, fn = 0;
            foreach (var (at, list) in reports)
            {
                var want = labels.GetValueOrDefault(at);
                tp += Math.Min(want, list.Count);
                if (list.Count > want)
                {
                    fp += list.Count - want;
                    misses.AppendLine(CultureInfo.InvariantCulture, $"- false positive {id} at {at.File}:{at.Line}: {list[0].Message}");
                }
            }

            foreach (var (at, want) in labels)
            {
                var got = reports.TryGetValue(at, out var list) ? list.Count : 0;
                if (got < want)
                {
                    fn += want - got;
                    misses.AppendLine(CultureInfo.InvariantCulture, $"- missed {id} at {at.File}:{at.Line}");
                }
            }

            var reported = reports.Values.Sum(l => l.Count);
            rules.Add(new RuleScore(id, reported, tp, fp, fn, reported * 1000.0 / lines));
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Corpus: {projects} projects, {files} files, {lines:N0} non-blank lines, {expected.Sum(e => e.Count)} labelled diagnostics.");
        text.AppendLine();
        text.AppendLine("| rule | reported | true | false positives | missed | precision | recall | warnings / 1,000 lines |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rules)
            text.AppendLine(CultureInfo.InvariantCulture, $"| {r.Id} | {r.Reported} | {r.TruePositives} | {r.FalsePositives} | {r.FalseNegatives} | {r.Precision:P0} | {r.Recall:P0} | {r.PerThousandLines:0.00} |");
        var all = new RuleScore("all", rules.Sum(r => r.Reported), rules.Sum(r => r.TruePositives), rules.Sum(r => r.FalsePositives), rules.Sum(r => r.FalseNegatives), rules.Sum(r => r.Reported) * 1000.0 / lines);
        text.AppendLine(CultureInfo.InvariantCulture, $"| all | {all.Reported} | {all.TruePositives} | {all.FalsePositives} | {all.FalseNegatives} | {all.Precision:P0} | {all.Recall:P0} | {all.PerThousandLines:0.00} |");
        if (misses.Length > 0)
        {
            text.AppendLine();
            text.Append(misses);
        }

        return new Report(rules, text.ToString());
    }
}
