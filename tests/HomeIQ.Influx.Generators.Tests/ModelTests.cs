using System.Buffers;
using System.Text;
using HomeIQ.Influx.Generators.Common;
using HomeIQ.Influx.Generators.Model;
using HomeIQ.Influx.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>
/// The model carries what the line-protocol emitter and the later writer/query emitters need, and the compile-time
/// escaping matches the runtime writer's.
/// </summary>
public class ModelTests
{
    private const string Source = """
        using System;
        using HomeIQ.Influx;

        namespace Home;

        public enum Mode { Off, On, Auto = 1 }

        public static partial class Outer
        {
            [Measurement("climate room")]
            internal partial record class Climate
            {
                [Tag("room")] public required string Room { get; init; }
                [Tag] public Mode? Mode { get; set; }
                [Field("temp")] public double Temperature { get; private set; }
                [Field] public readonly long Count;
                [Field("b c")] public string? Note { get; set; }
                [Timestamp] public DateTimeOffset? Time { get; init; }
            }
        }
        """;

    [Fact]
    public void ModelDescribesTheTypeAndEveryMember()
    {
        var spec = ParseSingle(Source);

        Assert.Equal("Home", spec.Namespace);
        Assert.Equal(new TypeSpec(new TypeRef("Climate", "Climate", "global::Home.Outer.Climate", SpecialType.None), "", TypeKindSpec.RecordClass, AccessibilitySpec.Internal), spec.Type);
        Assert.Equal(new[] { new TypeSpec(new TypeRef("Outer", "Outer", "global::Home.Outer", SpecialType.None), "", TypeKindSpec.Class, AccessibilitySpec.Public) }, spec.ContainingTypes);
        Assert.Equal("global::Home.Outer.Climate", spec.FullyQualifiedName);
        Assert.Equal("global::Home.Outer.", spec.ContainerPrefix);
        Assert.Equal("Home.Outer.Climate", spec.DisplayName);
        Assert.Equal("climate room", spec.MeasurementName);
        Assert.Equal("Home.Outer.Climate.LineProtocol.g.cs", spec.HintName("LineProtocol"));
        Assert.Equal(new ConstructorSpec(EquatableArray<ArgumentSpec>.Empty), spec.Constructor); // the implicit parameterless one

        // Tags by key (ordinal: "Mode" < "room"), then fields by key ("Count" < "b c" < "temp"), then the timestamp.
        Assert.Equal(new[] { "Mode", "Room", "Count", "Note", "Temperature", "Time" }, spec.Members.Select(m => m.Identifier));

        var mode = spec.Members[0];
        Assert.Equal((MemberKind.Tag, ValueCategory.Enum, true, true), (mode.Kind, mode.Category, mode.IsNullableValueType, mode.IsNullable));
        Assert.Equal(new TypeRef("Mode", "Mode", "global::Home.Mode", SpecialType.None), mode.ValueType);
        // Auto shares On's value: one case per value.
        Assert.Equal(new[] { new EnumMemberSpec("Off", "Off"), new EnumMemberSpec("On", "On") }, mode.EnumMembers);

        var room = spec.Members[1];
        Assert.Equal(("room", "room", ValueCategory.String, false), (room.Key, room.EscapedKey, room.Category, room.IsNullable));
        Assert.True(room.IsSettable && room.IsInitOnly && room.IsRequired);

        var count = spec.Members[2];
        Assert.Equal((MemberKind.Field, ValueCategory.Int64, true, false), (count.Kind, count.Category, count.IsField, count.IsSettable));
        Assert.Equal(new TypeRef("Int64", "Int64", "long", SpecialType.System_Int64), count.ValueType);

        var note = spec.Members[3];
        Assert.Equal(("b c", "b\\ c", true, true), (note.Key, note.EscapedKey, note.IsNullable, note.IsSettable));

        var temperature = spec.Members[4];
        // A private setter is settable: the query mapper is generated inside the type.
        Assert.Equal((ValueCategory.Double, true, false), (temperature.Category, temperature.IsSettable, temperature.IsInitOnly));
        Assert.False(count.IsSettable); // readonly field
        Assert.Null(spec.QueryMapperProblem);

        var time = spec.Members[5];
        Assert.Equal((MemberKind.Timestamp, ValueCategory.DateTimeOffset, true, ""), (time.Kind, time.Category, time.IsNullableValueType, time.Key));
    }

    [Fact]
    public void GlobalNamespaceGenericStructAndLongTimestamp()
    {
        var spec = ParseSingle("""
            using HomeIQ.Influx;
            [Measurement]
            public partial struct Point<T>
            {
                [Field] public uint Value;
                [Timestamp] public long Time;
            }
            """);
        Assert.Null(spec.Namespace);
        Assert.Equal(new TypeSpec(new TypeRef("Point", "Point", "global::Point<T>", SpecialType.None), "<T>", TypeKindSpec.Struct, AccessibilitySpec.Public, IsSealed: true), spec.Type);
        Assert.Equal("global::", spec.ContainerPrefix);
        Assert.Equal("Point", spec.MeasurementName);
        Assert.Equal("Point{T}.LineProtocol.g.cs", spec.HintName("LineProtocol"));
        // A uint field is written as a signed integer (i): every value fits, and InfluxDB 1.x refuses u fields.
        Assert.Equal(ValueCategory.Int64, spec.Members[0].Category);
        Assert.Equal(SpecialType.System_UInt32, spec.Members[0].ValueType.SpecialType);
        Assert.Equal(ValueCategory.LongTimestamp, spec.Members[1].Category);
    }

    [Fact]
    public void KeywordNamesAreIdentifiersInCodeAndPlainNamesInText()
    {
        var spec = ParseSingle("""
            using HomeIQ.Influx;
            namespace @class.Inner;
            public enum @enum { @class, Plain }
            [Measurement]
            public partial class @event
            {
                [Tag] public @enum @default { get; set; }
                [Field] public double Value { get; set; }
            }
            """);
        Assert.Equal(new TypeRef("@event", "event", "global::@class.Inner.@event", SpecialType.None), spec.Type.Ref);
        Assert.Equal("global::@class.Inner.", spec.ContainerPrefix);
        Assert.Equal("event", spec.MeasurementName);
        var tag = spec.Members[0];
        Assert.Equal(("@default", "default"), (tag.Identifier, tag.MetadataName));
        Assert.Equal(new TypeRef("@enum", "enum", "global::@class.Inner.@enum", SpecialType.None), tag.ValueType);
        Assert.Equal(new[] { new EnumMemberSpec("@class", "class"), new EnumMemberSpec("Plain", "Plain") }, tag.EnumMembers);
    }

    [Fact]
    public void CompileTimeEscapingMatchesTheRuntimeWriter()
    {
        // Names the generator accepts escape exactly as the runtime writer escapes them, and names it refuses
        // (HIQ104: backslash rules, control characters, '#', reserved keys) are exactly the ones the writer refuses.
        var random = new Random(7);
        const string alphabet = "ab, =\"\\é€x#\t";
        var output = new ArrayBufferWriter<byte>();
        int accepted = 0, refused = 0;
        for (int i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(1, 10)];
            for (int j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
            var name = new string(chars);

            string? measurementProblem = LineProtocolNames.MeasurementProblem(name);
            string? runtimeMeasurement = Run(output, (ref LineProtocolWriter w) => w.BeginPoint(name), "m");
            Assert.True((measurementProblem is null) == (runtimeMeasurement is null),
                $"measurement {Show(name)}: generator says {measurementProblem ?? "fine"}, runtime says {runtimeMeasurement ?? "fine"}");
            if (runtimeMeasurement is null)
                Assert.Equal(LineProtocolNames.EscapeMeasurement(name) + " m=1i\n", Encoding.UTF8.GetString(output.WrittenSpan));

            string? keyProblem = LineProtocolNames.KeyProblem(name);
            string? runtimeKey = Run(output, (ref LineProtocolWriter w) => w.BeginPoint("m"), name);
            Assert.True((keyProblem is null) == (runtimeKey is null),
                $"key {Show(name)}: generator says {keyProblem ?? "fine"}, runtime says {runtimeKey ?? "fine"}");
            if (runtimeKey is null)
            {
                Assert.Equal("m " + LineProtocolNames.EscapeKey(name) + "=1i\n", Encoding.UTF8.GetString(output.WrittenSpan));
                accepted++;
            }
            else
            {
                refused++;
            }
        }
        // Both outcomes must actually occur, or the comparison above proves little.
        Assert.True(accepted > 200 && refused > 200, $"accepted {accepted}, refused {refused}");
    }

    [Theory]
    [InlineData("a\\,b")]
    [InlineData("a\\=b")]
    [InlineData("a\\ b")]
    [InlineData("a\\\"b")]
    [InlineData("ab\\")]
    public void BackslashesInfluxDBCannotReadBackAreRefused(string name)
    {
        Assert.Contains("backslash", LineProtocolNames.KeyProblem(name));
        Assert.Contains("backslash", LineProtocolNames.MeasurementProblem(name));
    }

    [Theory]
    [InlineData("a\\b", "a\\b", "a\\b")]
    [InlineData("a\\\\b", "a\\\\b", "a\\\\b")]
    [InlineData("a\\b c", "a\\b\\ c", "a\\b\\ c")]
    [InlineData("x=y", "x=y", "x\\=y")]
    public void OtherBackslashesAreWrittenAsTheyAre(string name, string measurement, string key)
    {
        Assert.Null(LineProtocolNames.KeyProblem(name));
        Assert.Null(LineProtocolNames.MeasurementProblem(name));
        Assert.Equal(measurement, LineProtocolNames.EscapeMeasurement(name));
        Assert.Equal(key, LineProtocolNames.EscapeKey(name));
    }

    private delegate void Begin(ref LineProtocolWriter writer);

    // Writes one point (measurement from `begin`, one integer field `key`) and returns the writer's error, if any.
    private static string? Run(ArrayBufferWriter<byte> output, Begin begin, string key)
    {
        output.ResetWrittenCount();
        var writer = new LineProtocolWriter(output);
        try
        {
            begin(ref writer);
            writer.WriteField(key, 1L);
            writer.EndPoint();
            return null;
        }
        catch (LineProtocolException ex)
        {
            return ex.Message;
        }
    }

    private static string Show(string name) => string.Concat(name.Select(c => c < 0x20 ? $"\\u{(int)c:x4}" : c.ToString()));

    [Fact]
    public void KeysSortByUtf8Bytes()
    {
        // U+FF21 (3 UTF-8 bytes, EF BC A1) sorts after U+10000 (F0 ...) in UTF-16 order but before it in UTF-8 order.
        Assert.True(LineProtocolNames.CompareOrdinalUtf8("\uFF21", "\U00010000") < 0);
        Assert.True(string.CompareOrdinal("\uFF21", "\U00010000") > 0);
        Assert.True(LineProtocolNames.CompareOrdinalUtf8("Z", "a") < 0);
        Assert.True(LineProtocolNames.CompareOrdinalUtf8("a", "ab") < 0);
    }

    private static MeasurementSpec ParseSingle(string source)
    {
        var compilation = TestReferences.CreateCompilation(source);
        var driver = CSharpGeneratorDriver.Create(
            new[] { new MeasurementGenerator().AsSourceGenerator() },
            parseOptions: TestReferences.ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        return (MeasurementSpec)result.TrackedSteps[TrackingNames.Specs].SelectMany(r => r.Outputs).Single().Value;
    }
}
