using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace HomeIQ.Influx.Analyzers.Tests.Infrastructure;

/// <summary>Runs an analyzer (and optionally its code fix) over test source with <c>{|HIQ00n:...|}</c> markup.</summary>
internal static class Verify
{
    /// <summary>.NET 10 without downloading a pack: the references come from Basic.Reference.Assemblies.</summary>
    private static readonly ReferenceAssemblies Net100 = new("net10.0");

    public static async Task AnalyzerAsync<TAnalyzer>(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, IEnumerable<MetadataReference>? extraReferences = null, string? assemblyName = null)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        // HIQ002/HIQ003 have two descriptors with one id (one reported at once, one at the compilation end); markup uses the first.
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source, ReferenceAssemblies = Net100, MarkupOptions = MarkupOptions.UseFirstDescriptor };
        Configure(test.TestState, outputKind);
        if (extraReferences is not null) test.TestState.AdditionalReferences.AddRange(extraReferences);
        if (assemblyName is not null)
            test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectAssemblyName(projectId, assemblyName));
        await test.RunAsync();
    }

    public static async Task CodeFixAsync<TAnalyzer, TCodeFix>(
        string source,
        string fixedSource,
        string? equivalenceKey = null,
        string? batchFixedSource = null,
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary,
        CodeFixTestBehaviors behaviors = CodeFixTestBehaviors.None)
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = Net100,
            CodeActionEquivalenceKey = equivalenceKey,
            MarkupOptions = MarkupOptions.UseFirstDescriptor,
            CodeFixTestBehaviors = behaviors,
        };
        if (batchFixedSource is not null) test.BatchFixedCode = batchFixedSource;
        Configure(test.TestState, outputKind);
        await test.RunAsync();
    }

    private static void Configure(SolutionState state, OutputKind outputKind)
    {
        state.OutputKind = outputKind;
        state.AdditionalReferences.AddRange(TestReferences.Framework);
        state.AdditionalReferences.AddRange(TestReferences.Influx);
    }
}
