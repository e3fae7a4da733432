using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using HomeIQ.Influx;
using HomeIQ.Influx.Tests.Shared;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace HomeIQ.Influx.Generators.Tests.Infrastructure;

/// <summary>
/// What every test compilation references: the .NET 10 reference assemblies from Basic.Reference.Assemblies (the
/// ref packs are not served here, so nothing is downloaded) and the HomeIQ.Influx runtime assembly.
/// </summary>
internal static class TestReferences
{
    public static readonly ReferenceAssemblies ReferenceAssemblies = new("net10.0");

    public static readonly ImmutableArray<MetadataReference> All =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(LineProtocolWriter).Assembly.Location))
            .ToImmutableArray();

    /// <summary>
    /// The REAL InfluxDB.Client 5.1.0 assemblies restored into this project (and their non-framework dependencies), for
    /// compilations that exercise the InfluxDB.Client pipeline (#21): its attributes bind, its write/query APIs exist.
    /// </summary>
    public static readonly ImmutableArray<MetadataReference> InfluxDBClient = PackageReferences.Collect(typeof(InfluxDB.Client.InfluxDBClient).Assembly);

    // Diagnose: generated XML doc comments (crefs, params) are checked like a consumer with GenerateDocumentationFile.
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    public static readonly CSharpCompilationOptions CompilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    public static void Configure(SolutionState state)
    {
        state.AdditionalReferences.AddRange(All);
    }

    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create("Tests",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            All,
            CompilationOptions);

    /// <summary>A compilation that also references InfluxDB.Client, as a project migrating from it does.</summary>
    public static CSharpCompilation CreateInfluxDBClientCompilation(params string[] sources) =>
        CreateCompilation(sources).AddReferences(InfluxDBClient);
}
