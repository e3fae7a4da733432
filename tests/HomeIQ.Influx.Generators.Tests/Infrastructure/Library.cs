using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HomeIQ.Influx.Generators.Tests.Infrastructure;

/// <summary>
/// A base class compiled into its own assembly and referenced as metadata, as a shared model library would be: the
/// generator sees its members only through metadata (no syntax, no private members).
/// </summary>
internal static class Library
{
    public const string Source = """
        using System;
        using HomeIQ.Influx;

        namespace Shared.Readings;

        public abstract class DeviceReading
        {
            [Tag("device")] public string? Device { get; set; }
            [Tag("floor")] protected int Floor { get; set; }
            [Timestamp] public DateTimeOffset Time { get; set; }
            [Field("rssi")] public int? Rssi { get; set; }
        }
        """;

    public static readonly MetadataReference Reference = Compile();

    private static MetadataReference Compile()
    {
        var compilation = CSharpCompilation.Create("Shared.Readings",
            new[] { CSharpSyntaxTree.ParseText(Source, TestReferences.ParseOptions) },
            TestReferences.All,
            TestReferences.CompilationOptions);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success) throw new InvalidOperationException(string.Join(Environment.NewLine, result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }
}
