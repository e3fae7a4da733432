using System.Globalization;
using HomeIQ.Influx.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>
/// What the IDE pays when one measurement of many is edited: in a project of <see cref="Types"/> measurement types,
/// one file each, an edit inside one type's body regenerates that type's files and nothing else; an edit in its body that
/// leaves its model as it was regenerates nothing. Asserted through the driver's tracked steps (which step ran again,
/// and for which input), never through timing; <c>GeneratorCostBenchmarks</c> times the same edits over 1,000 types.
/// </summary>
public class EditOneTypeTests
{
    private const int Types = 120;
    private const int Edited = 57;

    [Fact]
    public void ChangingOneTypesMembersRegeneratesOnlyThatType()
    {
        var (before, after) = Run(EditKind.ChangeFieldKey);

        // Every output step: only the edited type's inputs were re-run with a new result.
        var redone = RedoneOutputs(after);
        Assert.Equal(3, redone.Count); // its serializer, writer and query
        Assert.All(redone, input => Assert.Contains($"Reading{Edited:D3}", input, StringComparison.Ordinal));

        // The parsed model changed for that type only.
        var specs = after.TrackedSteps[TrackingNames.Specs].SelectMany(step => step.Outputs).ToList();
        Assert.Equal(Types, specs.Count);
        Assert.Single(specs, output => output.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);

        // And the generated text: the edited type's serializer and query name the new key; its writer, re-emitted from
        // the new model, reads the same; every other type's files are untouched.
        var changed = ChangedFiles(before, after);
        Assert.Equal(new[] { $"Bench.Models.Reading{Edited:D3}.LineProtocol.g.cs", $"Bench.Models.Reading{Edited:D3}.Query.g.cs" }, changed);
        Assert.Contains($"\"value_{Edited}_renamed\"u8", after.GeneratedSources.Single(s => s.HintName == changed[0]).SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EditingAMethodBodyInsideAMeasurementRegeneratesNothing()
    {
        var (before, after) = Run(EditKind.ChangeMethodBody);

        Assert.Empty(RedoneOutputs(after));
        Assert.Empty(ChangedFiles(before, after));
        // The types are parsed again (the compilation changed), and every model compares equal to the cached one: that
        // equality is what keeps the output steps from running.
        AssertNoModelChanged(after);
    }

    [Fact]
    public void AnUnrelatedEditRegeneratesNothingAtThisScale()
    {
        var (before, after) = Run(EditKind.Unrelated);

        Assert.Empty(RedoneOutputs(after));
        Assert.Empty(ChangedFiles(before, after));
        AssertNoModelChanged(after);
    }

    private static void AssertNoModelChanged(GeneratorRunResult result)
    {
        foreach (var name in new[] { TrackingNames.Parse, TrackingNames.Specs })
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.Equal(Types, outputs.Count);
            Assert.All(outputs, output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name}: {output.Reason}"));
        }
    }

    private enum EditKind { ChangeFieldKey, ChangeMethodBody, Unrelated }

    private static (GeneratorRunResult Before, GeneratorRunResult After) Run(EditKind edit)
    {
        var trees = Enumerable.Range(0, Types)
            .Select(i => CSharpSyntaxTree.ParseText(Measurement(i, fieldKey: $"value_{i}", body: 1), TestReferences.ParseOptions, path: $"Models/Reading{i:D3}.cs"))
            .Append(CSharpSyntaxTree.ParseText(Unrelated(1), TestReferences.ParseOptions, path: "Services/Unrelated.cs"))
            .ToList();
        var compilation = CSharpCompilation.Create("Scale", trees, TestReferences.All, TestReferences.CompilationOptions);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new MeasurementGenerator().AsSourceGenerator()],
            parseOptions: TestReferences.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single();
        Assert.Equal(Types * 3, before.GeneratedSources.Length);
        Assert.Empty(before.Diagnostics);

        var (old, text) = edit switch
        {
            EditKind.ChangeFieldKey => (trees[Edited], Measurement(Edited, fieldKey: $"value_{Edited}_renamed", body: 1)),
            EditKind.ChangeMethodBody => (trees[Edited], Measurement(Edited, fieldKey: $"value_{Edited}", body: 2)),
            _ => (trees[^1], Unrelated(2)),
        };
        var edited = compilation.ReplaceSyntaxTree(old, old.WithChangedText(SourceText.From(text)));
        var after = driver.RunGenerators(edited).GetRunResult().Results.Single();
        Assert.Equal(Types * 3, after.GeneratedSources.Length);
        return (before, after);
    }

    // The inputs (models) of the source-output steps that ran again and produced something new.
    private static List<string> RedoneOutputs(GeneratorRunResult result) =>
        result.TrackedOutputSteps
            .SelectMany(pair => pair.Value)
            .Where(step => step.Outputs.Any(output => output.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New))
            .Select(step => string.Join(" ", step.Inputs.Select(input => input.Source.Outputs[input.OutputIndex].Value?.ToString())))
            .ToList();

    private static string[] ChangedFiles(GeneratorRunResult before, GeneratorRunResult after)
    {
        var old = before.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return after.GeneratedSources.Where(s => old[s.HintName] != s.SourceText.ToString()).Select(s => s.HintName).Order(StringComparer.Ordinal).ToArray();
    }

    private static string Measurement(int i, string fieldKey, int body) => string.Create(CultureInfo.InvariantCulture, $$"""
        using System;
        using HomeIQ.Influx;

        namespace Bench.Models;

        [Measurement("reading_{{i}}")]
        public sealed partial class Reading{{i:D3}}
        {
            [Tag("room")] public string Room { get; set; } = "";
            [Field("{{fieldKey}}")] public double Value { get; set; }
            [Field("battery")] public long Battery { get; set; }
            [Timestamp] public DateTime Time { get; set; }

            public double Scaled() => Value * {{body}};
        }
        """);

    private static string Unrelated(int version) => string.Create(CultureInfo.InvariantCulture, $$"""
        namespace Bench.Services;

        public static class Unrelated
        {
            public static int Answer(int x) => x * {{version}};
        }
        """);
}
