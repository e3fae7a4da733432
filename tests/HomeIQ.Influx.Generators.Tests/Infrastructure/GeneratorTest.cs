using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace HomeIQ.Influx.Generators.Tests.Infrastructure;

/// <summary>The source-generator test with this project's references, latest C#, nullable on and warnings checked.</summary>
internal sealed class GeneratorTest : CSharpSourceGeneratorTest<MeasurementGenerator, DefaultVerifier>
{
    public GeneratorTest()
    {
        ReferenceAssemblies = TestReferences.ReferenceAssemblies;
        TestReferences.Configure(TestState);
        // Generated code must compile without warnings, not only without errors.
        CompilerDiagnostics = CompilerDiagnostics.Warnings;
    }

    protected override ParseOptions CreateParseOptions() => TestReferences.ParseOptions;

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}
