using HomeIQ.Influx;

namespace HomeIQ.Influx.Consumer.Tests.Models;

public enum Mode
{
    Off,
    Heat,
    Cool,
}

[Flags]
public enum Features
{
    None = 0,
    Wifi = 1,
    Zigbee = 2,
}

/// <summary>Every tag type, not nullable.</summary>
[Measurement("tags")]
public partial class TagTypes
{
    [Tag("a_string")] public string? Text { get; set; }
    [Tag("b_enum")] public Mode Mode { get; set; }
    [Tag("c_bool")] public bool Flag { get; set; }
    [Tag("d_char")] public char Letter { get; set; }
    [Tag("e_sbyte")] public sbyte I8 { get; set; }
    [Tag("f_short")] public short I16 { get; set; }
    [Tag("g_int")] public int I32 { get; set; }
    [Tag("h_long")] public long I64 { get; set; }
    [Tag("i_byte")] public byte U8 { get; set; }
    [Tag("j_ushort")] public ushort U16 { get; set; }
    [Tag("k_uint")] public uint U32 { get; set; }
    [Tag("l_ulong")] public ulong U64 { get; set; }
    [Tag("m_guid")] public Guid Id { get; set; }
    [Field("value")] public double Value { get; set; }
}

/// <summary>Every tag type as a nullable, in a struct; fields (not properties) on purpose.</summary>
[Measurement("ntags")]
public partial struct NullableTagTypes
{
    [Tag("b_enum")] public Mode? Mode;
    [Tag("c_bool")] public bool? Flag;
    [Tag("d_char")] public char? Letter;
    [Tag("e_sbyte")] public sbyte? I8;
    [Tag("f_short")] public short? I16;
    [Tag("g_int")] public int? I32;
    [Tag("h_long")] public long? I64;
    [Tag("i_byte")] public byte? U8;
    [Tag("j_ushort")] public ushort? U16;
    [Tag("k_uint")] public uint? U32;
    [Tag("l_ulong")] public ulong? U64;
    [Tag("m_guid")] public Guid? Id;
    [Field("value")] public double Value;
}

/// <summary>Every field type, not nullable, in a record class.</summary>
[Measurement("fields")]
public partial record FieldTypes
{
    [Field("a_double")] public double F64 { get; init; }
    [Field("b_float")] public float F32 { get; init; }
    [Field("c_decimal")] public decimal Dec { get; init; }
    [Field("d_sbyte")] public sbyte I8 { get; init; }
    [Field("e_short")] public short I16 { get; init; }
    [Field("f_int")] public int I32 { get; init; }
    [Field("g_long")] public long I64 { get; init; }
    [Field("h_byte")] public byte U8 { get; init; }
    [Field("i_ushort")] public ushort U16 { get; init; }
    [Field("j_uint")] public uint U32 { get; init; }
    [Field("k_ulong")] public ulong U64 { get; init; }
    [Field("l_bool")] public bool Flag { get; init; }
    [Field("m_string")] public string Text { get; init; } = "";
    [Field("n_char")] public char Letter { get; init; }
    [Field("o_enum")] public Mode Mode { get; init; }
}

/// <summary>Every field type as a nullable, in a record struct.</summary>
[Measurement("nfields")]
public partial record struct NullableFieldTypes
{
    [Field("a_double")] public double? F64 { get; set; }
    [Field("b_float")] public float? F32 { get; set; }
    [Field("c_decimal")] public decimal? Dec { get; set; }
    [Field("d_sbyte")] public sbyte? I8 { get; set; }
    [Field("e_short")] public short? I16 { get; set; }
    [Field("f_int")] public int? I32 { get; set; }
    [Field("g_long")] public long? I64 { get; set; }
    [Field("h_byte")] public byte? U8 { get; set; }
    [Field("i_ushort")] public ushort? U16 { get; set; }
    [Field("j_uint")] public uint? U32 { get; set; }
    [Field("k_ulong")] public ulong? U64 { get; set; }
    [Field("l_bool")] public bool? Flag { get; set; }
    [Field("m_string")] public string? Text { get; set; }
    [Field("n_char")] public char? Letter { get; set; }
    [Field("o_enum")] public Mode? Mode { get; set; }
}

/// <summary>Positional record struct: attributes reach the generated properties with <c>property:</c>.</summary>
[Measurement("positional")]
public partial record struct Positional([property: Tag("room")] string Room, [property: Field("temp")] double Temperature, [property: Timestamp] DateTime Time);

[Measurement]
public partial struct DateTimeStamp
{
    [Field] public int Value;
    [Timestamp] public DateTime Time;
}

[Measurement]
public partial struct DateTimeOffsetStamp
{
    [Field] public int Value;
    [Timestamp] public DateTimeOffset Time;
}

[Measurement]
public partial struct LongStamp
{
    [Field] public int Value;
    [Timestamp] public long Time;
}

[Measurement]
public partial struct NullableStamp
{
    [Field] public int Value;
    [Timestamp] public DateTimeOffset? Time;
}

/// <summary>Names that need escaping, keys that sort differently from declaration order, flags and unnamed enum values.</summary>
[Measurement("room climate,v2")]
internal partial class Escaped
{
    [Field("z last")] public int Last { get; set; }
    [Field("a=first")] public string? First { get; set; }
    [Tag("zone,id")] public string? Zone { get; set; }
    [Tag("Upper")] public Features Features { get; set; }
    [Field("feature set")] public Features FieldFeatures { get; set; }
}

/// <summary>Nested in partial types.</summary>
public static partial class Outer
{
    public partial class Middle
    {
        [Measurement("nested")]
        internal partial struct Inner
        {
            [Tag] public string? Host { get; set; }
            [Field] public long Count { get; set; }
        }
    }
}

/// <summary>A measurement whose write goes wrong, to check the error names the member.</summary>
[Measurement("failing")]
public partial class Failing
{
    [Tag("host")] public string? Host { get; set; }
    [Field("ratio")] public double Ratio { get; set; }
}

/// <summary>A readonly struct with a keyword-named member and a private getter, read back through its constructor.</summary>
[Measurement("readonly_point")]
public readonly partial struct ReadonlyPoint
{
    public ReadonlyPoint(int @class, double secret) { this.@class = @class; Secret = secret; }

    [Tag] public readonly int @class;
    [Field] private double Secret { get; }
}

/// <summary>A generic measurement type: the generated part repeats the type parameters.</summary>
[Measurement("generic")]
public partial class GenericPoint<TPayload>
{
    public TPayload? Payload { get; set; }
    [Field("value")] public double Value { get; set; }
}
