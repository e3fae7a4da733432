using HomeIQ.Influx.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>One test per HIQ1xx diagnostic: the markup {|HIQ1nn:...|} marks exactly where it must be reported.</summary>
public class DiagnosticTests
{
    private const string Header = """
        #pragma warning disable CS1591, CS0649, CS0169, CS0414 // test input only
        using System;
        using HomeIQ.Influx;

        namespace Tests;

        """;

    [Fact]
    public Task HIQ100_type_not_partial() => Verify("""
        [Measurement]
        public class {|HIQ100:Sensor|}
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task HIQ100_containing_type_not_partial() => Verify("""
        public class {|HIQ100:Outer|}
        {
            [Measurement]
            public partial struct Sensor
            {
                [Field] public double Value;
            }
        }
        """);

    [Fact]
    public Task HIQ101_no_field() => Verify("""
        [Measurement]
        public partial class {|HIQ101:Sensor|}
        {
            [Tag] public string? Room { get; set; }
        }
        """);

    [Fact]
    public Task HIQ102_unsupported_member_type() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
            [Tag] public double {|HIQ102:Ratio|} { get; set; }
            [Field] public Guid {|HIQ102:Id|} { get; set; }
            [Field] public object? {|HIQ102:Payload|} { get; set; }
            [Timestamp] public int {|HIQ102:Time|} { get; set; }
        }
        """);

    [Fact]
    public Task HIQ102_message_names_the_type()
    {
        var test = NewTest("""
            [Measurement]
            public partial class Sensor
            {
                [Field] public double Value { get; set; }
                [Field] public TimeSpan {|#0:Duration|} { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ102", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithLocation(0)
            .WithArguments("Duration", "System.TimeSpan", "field", "double, float, decimal, integers, bool, string, char, enums and their nullables"));
        return test.RunAsync();
    }

    [Fact]
    public Task HIQ103_duplicate_key() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [Tag("room")] public string? Room { get; set; }
            [Field("room")] public string? {|HIQ103:RoomName|} { get; set; }
            [Field] public double Value { get; set; }
            [Field("Value")] public double {|HIQ103:Other|} { get; set; }
        }
        """);

    [Fact]
    public Task HIQ104_forbidden_key() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [Field("time")] public double {|HIQ104:A|} { get; set; }
            [Tag("_measurement")] public string? {|HIQ104:B|} { get; set; }
            [Field("_field")] public double {|HIQ104:C|} { get; set; }
            [Tag("")] public string? {|HIQ104:D|} { get; set; }
            [Field("line\nbreak")] public double {|HIQ104:E|} { get; set; }
            [Field("ends\\")] public double {|HIQ104:F|} { get; set; }
            [Tag("a\\,b")] public string? {|HIQ104:G|} { get; set; }
            [Field("a\\=b")] public double {|HIQ104:H|} { get; set; }
            [Field("a\\ b")] public double {|HIQ104:I|} { get; set; }
            [Field("a\\\"b")] public double {|HIQ104:J|} { get; set; }
            [Field("a\\b")] public double Fine { get; set; }
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task HIQ104_forbidden_measurement_name() => Verify("""
        [{|HIQ104:Measurement("#comment")|}]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task HIQ104_measurement_name_with_a_backslash_before_a_space() => Verify("""
        [{|HIQ104:Measurement("a\\ b")|}]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task HIQ105_more_than_one_timestamp() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
            [Timestamp] public DateTime Time { get; set; }
            [Timestamp] public DateTimeOffset {|HIQ105:Other|} { get; set; }
        }
        """);

    [Fact]
    public Task HIQ106_member_both_tag_and_field() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
            [Tag, Field] public string? {|HIQ106:Room|} { get; set; }
            [Field, Timestamp] public long {|HIQ106:Time|} { get; set; }
        }
        """);

    [Fact]
    public Task HIQ107_write_only_or_inaccessible_member() => Verify("""
        public interface IHasLevel { int Level { get; } }

        [Measurement]
        public partial class Sensor : IHasLevel
        {
            private double _value;
            [Field] public double Value { get; set; }
            [Field] public double {|HIQ107:WriteOnly|} { set => _value = value; }
            [Field] public static double {|HIQ107:Shared|} { get; set; }
            [Field] int IHasLevel.{|HIQ107:Level|} => 1;
        }
        """);

    [Fact]
    public Task HIQ108_no_parameterless_constructor() => Verify("""
        [Measurement]
        public partial class {|HIQ108:Sensor|}
        {
            public Sensor(double value) => Value = value;
            [Field] public double Value { get; set; }
        }

        [Measurement]
        public partial record {|HIQ108:Positional|}([property: Field] double Value);

        [Measurement]
        public abstract partial class {|HIQ108:Base|}
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task HIQ108_required_member_that_is_not_mapped() => Verify("""
        [Measurement]
        public partial class {|HIQ108:Sensor|}
        {
            public required string Owner { get; init; }
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public async Task HIQ108_message_names_the_type_and_the_reason()
    {
        var test = NewTest("""
            [Measurement]
            public partial class {|#0:Sensor|}
            {
                public Sensor(double value) => Value = value;
                [Field] public double Value { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ108", Microsoft.CodeAnalysis.DiagnosticSeverity.Info)
            .WithLocation(0)
            .WithArguments("Tests.Sensor", "it has no parameterless constructor for the generated code to call"));
        await test.RunAsync();
    }

    [Fact]
    public Task Mappable_shapes_report_no_HIQ108() => Verify("""
        [Measurement]
        public partial class PrivateConstructor
        {
            private PrivateConstructor() { }
            public PrivateConstructor(double value) => Value = value;
            [Field] public double Value { get; set; }
        }

        [Measurement]
        public partial class RequiredMapped
        {
            [Tag] public required string Room { get; init; }
            [Field] public double Value { get; private set; }
            [Field] public double Computed => Value * 2;
        }

        [Measurement]
        public partial class SetsRequired
        {
            [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
            public SetsRequired() { Owner = ""; }
            public required string Owner { get; init; }
            [Field] public double Value { get; set; }
        }

        [Measurement]
        public readonly partial record struct Positional([property: Tag] string Room, [property: Field] double Value);
        """);

    [Fact]
    public Task Unusual_shapes_generate_code_that_compiles_without_warnings() => Verify("""
        public partial class Container
        {
            [Measurement] private partial class Hidden { [Field] public double Value { get; set; } }
            [Measurement] protected internal partial struct Shared { [Field] public double Value; }
            [Measurement] protected partial record Guarded { [Field] public double Value { get; init; } }
            private static HiddenWriter? s_writer;
            private static HiddenQuery? s_query;
            internal static object?[] Use() => new object?[] { s_writer, s_query };
        }

        public partial struct Generic<T>
        {
            [Measurement] public partial class Inside { [Field] public double Value { get; set; } }
        }

        [Measurement] public partial class @event
        {
            // Members named like the generated locals and parameters.
            [Tag] public string? row { get; set; }
            [Tag] public int i { get; set; }
            [Field] public required double value { get; init; }
            [Field] public long ordinals { get; set; }
            [Field] public string m0 { get; init; } = "";
            [Timestamp] public long? text { get; set; }
        }
        """);

    [Fact]
    public Task Valid_type_reports_nothing() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [Tag] public string? Room { get; set; }
            [Field] public double Value { get; set; }
            [Timestamp] public DateTime? Time { get; set; }
            public string? NotMapped { get; set; }
        }
        """);

    private static Task Verify(string source) => NewTest(source).RunAsync();

    private static GeneratorTest NewTest(string source)
    {
        var test = new GeneratorTest { TestState = { Sources = { Header + source } } };
        // These tests are about diagnostics; the generated text is covered by the snapshot tests.
        test.TestBehaviors |= TestBehaviors.SkipGeneratedSourcesCheck;
        return test;
    }
}
