using HomeIQ.Influx.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>
/// The diagnostics of the InfluxDB.Client pipeline (#21), on compilations that reference the real InfluxDB.Client 5.1.0:
/// HIQ113 (the type stays on InfluxDB.Client's reflection mapper, nothing generated) and HIQ114 (a [Column] InfluxDB.Client
/// never reads). The markup {|HIQ1nn:...|} or {|#n:...|} marks exactly where each must be reported.
/// </summary>
public class InfluxDBClientDiagnosticTests
{
    private const string Header = """
        #pragma warning disable CS1591, CS0649, CS0169, CS0414 // test input only
        using System;
        using InfluxDB.Client.Core;

        namespace Tests;

        """;

    private const string Supported113 = "double, float, decimal, integers, bool, string, char, enums, Guid and their nullables";

    [Fact]
    public Task HIQ113EveryMemberInfluxDBClientMapsDifferentlyIsMarked() => Verify("""
        [Measurement("a")]
        public partial class DoubleTag
        {
            [Column("ratio", IsTag = true)] public double {|HIQ113:Ratio|} { get; set; }
            [Column("value")] public double Value { get; set; }
        }

        [Measurement("b")]
        public partial class SpanTimestamp
        {
            [Column("value")] public double Value { get; set; }
            [Column(IsTimestamp = true)] public TimeSpan {|HIQ113:Elapsed|} { get; set; }
        }

        [Measurement("c")]
        public partial class StaticColumn
        {
            [Column("value")] public double Value { get; set; }
            [Column("site", IsTag = true)] public static string? {|HIQ113:Site|} { get; set; }
        }

        [Measurement("d")]
        public partial class MeasurementColumn
        {
            [Column(IsMeasurement = true)] public string? {|HIQ113:Table|} { get; set; }
            [Column("value")] public double Value { get; set; }
        }

        [Measurement("e")]
        public partial class ObjectField
        {
            [Column("payload")] public Uri? {|HIQ113:Payload|} { get; set; }
        }

        [Measurement("f")]
        public partial class WriteOnly
        {
            private double _value;
            [Column("value")] public double {|HIQ113:Value|} { set => _value = value; }
        }
        """);

    [Fact]
    public Task HIQ113MessageNamesTheTypeTheMemberAndWhatInfluxDBClientDoes()
    {
        var test = NewTest("""
            [Measurement("climate")]
            public partial class Climate
            {
                [Column("ratio", IsTag = true)] public double {|#0:Ratio|} { get; set; }
                [Column("at")] public DateTime {|#1:At|} { get; set; }
                [Column("value")] public double Value { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ113", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Tests.Climate", "Ratio",
            "is a double tag, which InfluxDB.Client writes with ToString() in the current culture; generated tags are " +
            "string, enums, bool, char, integers, Guid and their nullables"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ113", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("Tests.Climate", "At",
            "is a System.DateTime field, which InfluxDB.Client writes as the text of ToString() in the current culture; generated fields are " + Supported113));
        return test.RunAsync();
    }

    [Fact]
    public void HIQ113LeavesTheTypeToInfluxDBClientNothingIsGenerated()
    {
        // The documented promise: a migration never changes what is written for a type without saying so.
        var compilation = TestReferences.CreateInfluxDBClientCompilation(Header + """
            [Measurement("kept")]
            public partial class Kept
            {
                [Column("ratio", IsTag = true)] public double Ratio { get; set; }
                [Column("value")] public double Value { get; set; }
            }
            """);
        var result = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new MeasurementGenerator())
            .RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Equal("HIQ113", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public Task HIQ113NotReportedForMembersInfluxDBClientAndTheGeneratorWriteAlike() => Verify("""
        public enum Mode { Off, On }

        [Measurement("fine")]
        public partial class Fine
        {
            [Column("room", IsTag = true)] public string? Room { get; set; }
            [Column("mode", IsTag = true)] public Mode Mode { get; set; }
            [Column("id", IsTag = true)] public Guid Id { get; set; }
            [Column("floor", IsTag = true)] public int? Floor { get; set; }
            [Column("temperature")] public double Temperature { get; set; }
            [Column("count")] public uint Count { get; set; }
            [Column("serial")] public Guid Serial { get; set; }
            [Column("label")] public string? Label { get; set; }
            [Column(IsTimestamp = true)] public DateTimeOffset Time { get; set; }

            // No [Column]: neither side maps it, whatever its type.
            public TimeSpan Unmapped { get; set; }
            public static double Shared { get; set; }
        }

        // Not partial: InfluxDB.Client keeps it (HIQ008, an analyzer, suggests partial); the generator never sees it.
        [Measurement("plain")]
        public class Plain
        {
            [Column("ratio", IsTag = true)] public double Ratio { get; set; }
            [Column(IsTimestamp = true)] public TimeSpan Elapsed { get; set; }
        }
        """);

    [Fact]
    public Task HIQ114ColumnOnAPropertyThatIsNotPublic() => Verify("""
        [Measurement("a")]
        public partial class Sensor
        {
            [Column("value")] public double Value { get; set; }
            [Column("secret")] internal double {|HIQ114:Secret|} { get; set; }
            [Column("hidden", IsTag = true)] private string? {|HIQ114:Hidden|} { get; set; }
            [Column("guarded")] protected double {|HIQ114:Guarded|} { get; set; }
        }
        """);

    [Fact]
    public Task HIQ114MessageNamesTheMemberAndItsAccessibility()
    {
        var test = NewTest("""
            [Measurement("a")]
            public partial class Sensor
            {
                [Column("value")] public double Value { get; set; }
                [Column("secret")] internal double {|#0:Secret|} { get; set; }
                [Column("both")] protected internal double {|#1:Both|} { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ114", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Secret", "internal"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ114", DiagnosticSeverity.Warning).WithLocation(1).WithArguments("Both", "protected internal"));
        return test.RunAsync();
    }

    [Fact]
    public Task HIQ114OfABaseClassMemberIsReportedAtTheMeasurement()
    {
        var test = NewTest("""
            public abstract class Reading
            {
                [Column("device", IsTag = true)] internal string? Device { get; set; }
            }

            [Measurement("a")]
            public partial class {|#0:Sensor|} : Reading
            {
                [Column("value")] public double Value { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ114", DiagnosticSeverity.Warning).WithLocation(0).WithArguments("Reading.Device", "internal"));
        return test.RunAsync();
    }

    [Fact]
    public Task HIQ114NotReportedForPublicPropertiesOrNonPublicMembersWithoutColumn() => Verify("""
        public abstract class Reading
        {
            [Column("device", IsTag = true)] public string? Device { get; set; }
            internal string? Internal { get; set; }
        }

        [Measurement("a")]
        public partial class Sensor : Reading
        {
            [Column("value")] public double Value { get; set; }
            [Column("room", IsTag = true)] public string? Room { get; private set; }
            private double Cache { get; set; }
            internal double Scratch;
        }
        """);

    private static Task Verify(string source) => NewTest(source).RunAsync();

    private static GeneratorTest NewTest(string source)
    {
        var test = new GeneratorTest { TestState = { Sources = { Header + source } } };
        test.TestState.AdditionalReferences.AddRange(TestReferences.InfluxDBClient);
        // These tests are about diagnostics; the generated text is covered by the snapshot tests.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return test;
    }
}
