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
    public Task HIQ100TypeNotPartial() => Verify("""
        [Measurement]
        public class {|HIQ100:Sensor|}
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task HIQ100ContainingTypeNotPartial() => Verify("""
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
    public Task HIQ101NoField() => Verify("""
        [Measurement]
        public partial class {|HIQ101:Sensor|}
        {
            [Tag] public string? Room { get; set; }
        }
        """);

    [Fact]
    public Task HIQ102UnsupportedMemberType() => Verify("""
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
    public Task HIQ102MessageNamesTheType()
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
    public Task HIQ103DuplicateKey() => Verify("""
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
    public Task HIQ104ForbiddenKey() => Verify("""
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
    public Task HIQ104ForbiddenMeasurementName() => Verify("""
        [{|HIQ104:Measurement("#comment")|}]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task HIQ104MeasurementNameWithABackslashBeforeASpace() => Verify("""
        [{|HIQ104:Measurement("a\\ b")|}]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task HIQ105MoreThanOneTimestamp() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
            [Timestamp] public DateTime Time { get; set; }
            [Timestamp] public DateTimeOffset {|HIQ105:Other|} { get; set; }
        }
        """);

    [Fact]
    public Task HIQ106MemberBothTagAndField() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [Field] public double Value { get; set; }
            [Tag, Field] public string? {|HIQ106:Room|} { get; set; }
            [Field, Timestamp] public long {|HIQ106:Time|} { get; set; }
        }
        """);

    [Fact]
    public Task HIQ107WriteOnlyOrInaccessibleMember() => Verify("""
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
    public Task HIQ108ShapesThatCannotBeBuilt() => Verify("""
        [Measurement]
        public partial class {|HIQ108:TwoConstructors|}
        {
            public TwoConstructors(double value) => Value = value;
            public TwoConstructors(double value, string room) { Value = value; Room = room; }
            [Field] public double Value { get; set; }
            [Tag] public string? Room { get; set; }
        }

        [Measurement]
        public partial class {|HIQ108:TypeMismatch|}
        {
            public TypeMismatch(float value) => Value = value;
            [Field] public double Value { get; }
        }

        [Measurement]
        public partial class {|HIQ108:ByReference|}
        {
            public ByReference(ref double value) => Value = value;
            [Field] public double Value { get; }
        }

        [Measurement]
        public abstract partial class {|HIQ108:Base|}
        {
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public async Task HIQ108IsAWarningWhoseMessageNamesTheTypeAndTheReason()
    {
        var test = NewTest("""
            [Measurement]
            public partial class {|#0:Sensor|}
            {
                public Sensor(double value) => Value = value;
                public Sensor(long value) => Value = value;
                [Field] public double Value { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ108", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("Tests.Sensor",
                "it has 2 public constructors with parameters and none without, so the generated code cannot choose one; keep one public constructor or add a parameterless one"));
        await test.RunAsync();
    }

    [Fact]
    public Task ConstructorParameterOfAnotherTypeIsNamedInHIQ108()
    {
        var test = NewTest("""
            [Measurement]
            public partial class {|#0:Mismatch|}
            {
                public Mismatch(int count) => Count = count;
                [Field] public long Count { get; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ108", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("Tests.Mismatch", "constructor parameter 'count' is int but member 'Count' is long, and the generated code does not convert between them"));
        return test.RunAsync();
    }

    [Fact]
    public Task HIQ108RequiredMemberThatIsNotMapped() => Verify("""
        [Measurement]
        public partial class {|HIQ108:Sensor|}
        {
            public required string Owner { get; init; }
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task MappableShapesReportNoHIQ108() => Verify("""
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

        // Positional record class (the primary constructor wins over any other), extra init and required members, an
        // unmapped parameter with a default value.
        [Measurement]
        public partial record PositionalClass([property: Tag] string Room, [property: Field] double Value, string Owner = "me")
        {
            public PositionalClass(int value) : this("", value) { }
            [Field] public long Count { get; init; }
            [Tag] public required string Floor { get; init; }
        }

        // The single public constructor, its parameters matched to members ignoring case.
        [Measurement]
        public partial class SinglePublic
        {
            public SinglePublic(string room, double VALUE) { Room = room; Value = VALUE; }
            [Tag] public string Room { get; }
            [Field] public double Value { get; }
        }

        // C# 12 primary constructor on a class and on a struct.
        [Measurement]
        public partial class PrimaryClass(double value)
        {
            [Field] public double Value { get; } = value;
        }

        [Measurement]
        public partial struct PrimaryStruct(double value, Mode mode = Mode.On)
        {
            [Field] public double Value { get; } = value;
            [Tag] public Mode Mode { get; } = mode;
        }

        public enum Mode { Off, On }
        """);

    [Fact]
    public Task HIQ109MappingAttributeOnATypeNoMeasurementUses() => Verify("""
        public class Plain
        {
            [{|HIQ109:Field|}] public double Value { get; set; }
            [{|HIQ109:Tag("room")|}] public string? Room;
        }

        public struct Forgotten
        {
            [{|HIQ109:Timestamp|}] public DateTime Time;
            [{|HIQ109:MeasurementName|}] public string? Name { get; set; }
        }

        public interface IHasRoom
        {
            [{|HIQ109:Tag|}] string? Room { get; }
        }

        // Not reported: an abstract class exists to be derived from (maybe in another assembly), and a concrete base
        // class that a measurement derives from is in use.
        public abstract class AbstractBase
        {
            [Tag] public string? Device { get; set; }
        }

        public class UsedBase
        {
            [Tag] public string? Room { get; set; }
        }

        public class Middle : UsedBase
        {
            [Timestamp] public DateTime Time { get; set; }
        }

        [Measurement]
        public partial class Derived : Middle
        {
            [Field] public double Value { get; set; }
        }

        // [Measurement] on another partial declaration of the same type: not an orphan.
        public partial class Split
        {
            [Field] public double Value { get; set; }
        }

        [Measurement]
        public partial class Split
        {
        }
        """);

    [Fact]
    public Task HIQ109MessageNamesTheAttributeMemberAndReason()
    {
        var test = NewTest("""
            public class Plain
            {
                [{|#0:Field|}] public double Value { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ109", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("Field", "Tests.Plain.Value", "type 'Tests.Plain' has no [Measurement] attribute, and no [Measurement] type in this compilation derives from it"));
        return test.RunAsync();
    }

    [Fact]
    public Task HIQ110MemberHidesAMappedMemberWithoutAMapping() => Verify("""
        public class Base
        {
            [Tag] public string? Room { get; set; }
            [Field] public double Value { get; set; }
            [Timestamp] public DateTime Time { get; set; }
        }

        [Measurement]
        public partial class Hides : Base
        {
            // Cannot decide: was the mapping meant to go, or was the attribute forgotten?
            public new string? {|HIQ110:Room|} { get; set; }
            // Decided: the hiding member is mapped, so it replaces the hidden one.
            [Field("other")] public new double Value { get; set; }
            [Timestamp] public new DateTimeOffset Time { get; set; }
        }
        """);

    [Fact]
    public Task HIQ110MessageNamesBothMembers()
    {
        var test = NewTest("""
            public class Base
            {
                [Tag] public string? Room { get; set; }
                [Field] public double Value { get; set; }
            }

            [Measurement]
            public partial class Hides : Base
            {
                public new string? {|#0:Room|} { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ110", Microsoft.CodeAnalysis.DiagnosticSeverity.Error)
            .WithLocation(0)
            .WithArguments("Room", "[Tag]", "Base.Room"));
        return test.RunAsync();
    }

    [Fact]
    public Task HIQ111UlongFieldButNotNarrowerUnsignedFieldsOrUlongTags() => Verify("""
        [Measurement]
        public partial class Meter
        {
            [Tag] public ulong Serial { get; set; }
            [Field] public ulong {|HIQ111:Total|} { get; set; }
            [Field] public ulong? {|HIQ111:Maybe|} { get; set; }
            [Field] public uint Count { get; set; }
            [Field] public ushort Small { get; set; }
            [Field] public byte Tiny { get; set; }
        }
        """);

    [Fact]
    public Task HIQ111MessageNamesTheMemberAndTheKey()
    {
        var test = NewTest("""
            [Measurement]
            public partial class Meter
            {
                [Field("energy_wh")] public ulong {|#0:Total|} { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ111", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("Total", "energy_wh"));
        return test.RunAsync();
    }

    [Fact]
    public Task HIQ112MoreThanOneMeasurementNameAndOtherNameMistakes() => Verify("""
        [Measurement]
        public partial class Sensor
        {
            [MeasurementName] public string? Table { get; set; }
            [MeasurementName] public string? {|HIQ112:Other|} { get; set; }
            [MeasurementName] public int {|HIQ102:Number|} { get; set; }
            [MeasurementName, Tag] public string? {|HIQ106:Both|} { get; set; }
            [Field] public double Value { get; set; }
        }
        """);

    [Fact]
    public Task ProblemsOfInheritedMembersAreReportedAtTheMeasurement()
    {
        var test = NewTest("""
            public class Base
            {
                [Field] private double Secret { get; set; }
                [Tag] public double Ratio { get; set; }
                [Field] public double Value { get; set; }
                [Field("value")] public double Duplicate { get; set; }
            }

            [Measurement]
            public partial class {|#0:Derived|} : Base
            {
                [Field("Value")] public double {|#1:Mine|} { get; set; }
            }
            """);
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ107", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Base.Secret", "it is private to Base; make it protected or public"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ102", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(0)
            .WithArguments("Base.Ratio", "double", "tag", "string, enums, bool, char, integers, Guid and their nullables"));
        // Base members claim their keys first; the derived member that repeats one is reported where it is declared.
        test.ExpectedDiagnostics.Add(new DiagnosticResult("HIQ103", Microsoft.CodeAnalysis.DiagnosticSeverity.Error).WithLocation(1)
            .WithArguments("Mine", "Value", "Base.Value"));
        return test.RunAsync();
    }

    [Fact]
    public Task UnusualShapesGenerateCodeThatCompilesWithoutWarnings() => Verify("""
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
    public Task InheritanceShapesGenerateCodeThatCompilesWithoutWarnings() => Verify("""
        // A measurement derived from another measurement: each has its own serializer, mapper and query class.
        [Measurement("a")] public partial class A { [Field] public double X { get; set; } }
        [Measurement("b")] public partial class B : A { [Field] public double Y { get; set; } }

        // A positional record derived from a positional record base: the derived primary constructor's parameter
        // matches the inherited member.
        public abstract record RoomBase([property: Tag] string Room);
        [Measurement] public partial record Derived(string Room, [property: Field] double Value) : RoomBase(Room);

        // Generic measurement over a generic base: only the mapper is generated.
        public abstract class Reading<T> { [Field] public T Value { get; set; } = default!; }
        [Measurement] public partial class Generic<T> : Reading<double> { [Tag] public string? Room { get; set; } }

        // A sealed override of an abstract mapped member, two levels down, with a required member in the base.
        public abstract class Top { [Tag("room")] public abstract string Room { get; init; } [Field] public required int Level { get; init; } }
        public abstract class Mid : Top { public override string Room { get; init; } = ""; }
        [Measurement] public partial class Bottom : Mid { public sealed override string Room { get; init; } = ""; }
        """);

    [Fact]
    public Task ValidTypeReportsNothing() => Verify("""
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
