namespace HomeIQ.Influx.Generators.Model;

/// <summary>One mapped property or field of a measurement.</summary>
/// <param name="Identifier">The member's name as it must be written in C# (with <c>@</c> for keywords).</param>
/// <param name="MetadataName">The member's name without <c>@</c>, for messages.</param>
/// <param name="Key">The tag or field key, unescaped (empty for the timestamp and the measurement name).</param>
/// <param name="EscapedKey">The key escaped as line protocol needs it (comma, <c>=</c> and space).</param>
/// <param name="Kind">Tag, field, timestamp or measurement name.</param>
/// <param name="Category">How the value is written.</param>
/// <param name="ValueType">The value type without nullability, e.g. <c>int</c> or <c>global::Ns.Color</c>.</param>
/// <param name="IsNullableValueType">The member is a <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="IsNullable">The member may hold <see langword="null"/> (a nullable value type or an annotated reference).</param>
/// <param name="EnumMembers">For enums: the named members, one per distinct value, in declaration order.</param>
/// <param name="IsSettable">A setter or init accessor the generated code can reach (any accessibility on the type itself: the
/// query mapper is generated inside it; public, protected or internal on a base type) or a writable field.</param>
/// <param name="IsInitOnly">The setter is <c>init</c>.</param>
/// <param name="IsRequired">The member is <c>required</c>.</param>
/// <param name="IsField">A field, not a property.</param>
/// <param name="DeclarationIndex">The member's position in declaration order, base types first, for the query schema's order.</param>
internal sealed record MemberSpec(
    string Identifier,
    string MetadataName,
    string Key,
    string EscapedKey,
    MemberKind Kind,
    ValueCategory Category,
    TypeRef ValueType,
    bool IsNullableValueType,
    bool IsNullable,
    EquatableArray<EnumMemberSpec> EnumMembers,
    bool IsSettable,
    bool IsInitOnly,
    bool IsRequired,
    bool IsField,
    int DeclarationIndex);

/// <summary>What a member maps to.</summary>
internal enum MemberKind
{
    Tag,
    Field,
    Timestamp,
    /// <summary>A string member marked <c>[MeasurementName]</c>: the measurement of each point, chosen at run time.</summary>
    MeasurementName,
}

/// <summary>How a value is written (and later parsed back by the query emitter).</summary>
internal enum ValueCategory
{
    String,
    Enum,
    Bool,
    /// <summary>
    /// <c>sbyte</c>, <c>short</c>, <c>int</c>, <c>long</c>: an <c>i</c> field or an integer tag. As fields also <c>byte</c>,
    /// <c>ushort</c> and <c>uint</c>: every value fits in an <c>i</c> field, which InfluxDB 1.x reads (it refuses <c>u</c>).
    /// </summary>
    Int64,
    /// <summary><c>ulong</c> fields (a <c>u</c> field, HIQ111), and <c>byte</c>, <c>ushort</c>, <c>uint</c>, <c>ulong</c> tags.</summary>
    UInt64,
    Double,
    Float,
    Decimal,
    Char,
    Guid,
    DateTime,
    DateTimeOffset,
    /// <summary>A <c>long</c> timestamp, already in the write precision.</summary>
    LongTimestamp,
}
