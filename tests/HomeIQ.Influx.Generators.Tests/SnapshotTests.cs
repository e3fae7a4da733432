using HomeIQ.Influx.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>
/// Snapshots of the generated source for each accepted type shape. The expected files live in Snapshots/; when one
/// differs, the actual text is saved next to the test binaries as Snapshots/{name}.received for review.
/// </summary>
public partial class SnapshotTests
{
    private const string ClassSource = """
        #pragma warning disable CS1591, CS0649 // test input only; generated files are still checked for warnings
        using System;
        using HomeIQ.Influx;

        namespace Home.Sensors
        {
            public enum Mode { Off, Heat, Cool, @class }

            [Measurement("climate")]
            public partial class Climate
            {
                [Tag("room")] public string? Room { get; set; }
                [Tag] public Mode Mode { get; set; }
                [Tag("floor")] public int? Floor { get; set; }
                [Field("temperature")] public double Temperature { get; set; }
                [Field("humidity")] public float? Humidity { get; set; }
                [Field("state")] public Mode State { get; set; }
                [Field("note")] public string? Note { get; set; }
                [Timestamp] public DateTime Time { get; set; }
            }
        }
        """;

    private const string StructSource = """
        #pragma warning disable CS1591, CS0649 // test input only; generated files are still checked for warnings
        using HomeIQ.Influx;

        namespace Home.Meters;

        [Measurement("power meter")]
        internal partial struct Meter
        {
            [Tag("id,serial")] public ulong Serial;
            [Tag("ok")] public bool Ok;
            [Field("watts")] public long Watts;
            [Field("a=b")] public decimal Cost;
            [Field("count")] public uint Count;
            [Timestamp] public long? Time;
        }
        """;

    private const string RecordStructSource = """
        #pragma warning disable CS1591, CS0649 // test input only; generated files are still checked for warnings
        using System;
        using HomeIQ.Influx;

        namespace Home.Events;

        [Measurement]
        public partial record struct DoorEvent([property: Tag("door")] string Door, [property: Field("open")] bool Open, [property: Timestamp] DateTimeOffset At)
        {
            [Tag("id")] public Guid Id { get; init; }
            [Field("code")] public char? Code { get; init; }
        }
        """;

    private const string NestedSource = """
        #pragma warning disable CS1591, CS0649 // test input only; generated files are still checked for warnings
        using HomeIQ.Influx;

        namespace Home;

        public static partial class Devices
        {
            internal partial record Hub
            {
                [Measurement("hub_status")]
                public partial record Status
                {
                    [Tag("name")] public required string Name { get; init; }
                    [Field("uptime")] public ulong Uptime { get; init; }
                }
            }
        }
        """;

    private const string GlobalSource = """
        #pragma warning disable CS1591, CS0649 // test input only; generated files are still checked for warnings
        using HomeIQ.Influx;

        [Measurement("global")]
        public partial class GlobalPoint
        {
            [Field] public int Value;
            [Field] public short Small;
        }
        """;

    [Fact]
    public Task Class() => Verify(ClassSource, "Home.Sensors.Climate");

    [Fact]
    public Task Struct() => Verify(StructSource, "Home.Meters.Meter");

    [Fact]
    public Task RecordStruct() => Verify(RecordStructSource, "Home.Events.DoorEvent");

    [Fact]
    public Task NestedType() => Verify(NestedSource, "Home.Devices.Hub.Status",
        // ulong field: InfluxDB 1.x refuses unsigned fields.
        new DiagnosticResult("HIQ111", DiagnosticSeverity.Warning).WithSpan(14, 44, 14, 50).WithArguments("Uptime", "uptime"));

    [Fact]
    public Task GlobalNamespaceType() => Verify(GlobalSource, "GlobalPoint");

    // Every case generates three files: the serializer, the typed writer and the query side (mapper, query class and
    // extension method). The test sources silence their own doc/unassigned warnings with a pragma; generated files get
    // no such help, so any warning in them fails the test (CompilerDiagnostics.Warnings).
    private static readonly string[] Purposes = { "LineProtocol", "Writer", "Query" };

    private static Task Verify(string source, string baseName, params DiagnosticResult[] diagnostics) =>
        Verify(source, baseName, null, diagnostics);

    private static async Task Verify(string source, string baseName, MetadataReference? library, params DiagnosticResult[] diagnostics)
    {
        var test = new GeneratorTest { TestState = { Sources = { source } } };
        if (library is not null) test.TestState.AdditionalReferences.Add(library);
        test.ExpectedDiagnostics.AddRange(diagnostics);
        foreach (var purpose in Purposes) SaveReceived(source, baseName + "." + purpose + ".g.cs", library);
        foreach (var purpose in Purposes)
        {
            string hintName = baseName + "." + purpose + ".g.cs";
            test.TestState.GeneratedSources.Add((typeof(MeasurementGenerator), hintName, Snapshot.Read(hintName)));
        }
        await test.RunAsync();
    }

    // Runs the generator directly and keeps its output when it differs from the snapshot, so updating one is a copy.
    private static void SaveReceived(string source, string hintName, MetadataReference? library)
    {
        var compilation = TestReferences.CreateCompilation(source);
        if (library is not null) compilation = compilation.AddReferences(library);
        SaveReceived(compilation, hintName);
    }

    private static void SaveReceived(Compilation compilation, string hintName)
    {
        var driver = CSharpGeneratorDriver.Create(new MeasurementGenerator()).RunGenerators(compilation);
        var generated = driver.GetRunResult().GeneratedTrees.FirstOrDefault(t => t.FilePath.EndsWith(hintName, StringComparison.Ordinal));
        if (generated is null) return;
        var actual = generated.GetText().ToString();
        var expectedPath = Path.Combine(AppContext.BaseDirectory, "Snapshots", hintName);
        if (!File.Exists(expectedPath) || File.ReadAllText(expectedPath).Replace("\r\n", "\n") != actual)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(expectedPath)!);
            File.WriteAllText(expectedPath + ".received", actual);
        }
    }
}
