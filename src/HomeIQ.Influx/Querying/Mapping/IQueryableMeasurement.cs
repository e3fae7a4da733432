using System.ComponentModel;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// A measurement type that queries can read back. The HomeIQ.Influx source generator implements it for every
/// <see cref="MeasurementAttribute"/> type (see docs/design/generated-query.md); the query builders and
/// <see cref="QueryResultReader.ReadAllAsync{T}"/> call it with no reflection.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IQueryableMeasurement<TSelf> where TSelf : IQueryableMeasurement<TSelf>
{
    /// <summary>The measurement's name, tag keys and field keys with their kinds.</summary>
    static abstract MeasurementSchema QuerySchema { get; }

    /// <summary>
    /// Builds one value from the current row: columns are matched to members by name (the time member reads the
    /// <c>time</c> column, which is <c>_time</c> in Flux results), unknown columns are ignored, and members whose column
    /// is missing or null keep their default.
    /// </summary>
    /// <exception cref="InfluxRowMappingException">A value cannot be converted to its member's type.</exception>
    static abstract TSelf ReadRow(in QueryRow row);
}

/// <summary>The kind of value a field holds, which decides which comparisons and aggregates make sense.</summary>
/// <remarks>
/// <para>Infrastructure for the code the HomeIQ.Influx source generator writes: hidden from IntelliSense, kept public only because generated code in your assembly calls it. Not meant to be used directly; it may change with the generator.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum FieldKind
{
    /// <summary>A float (<see cref="double"/>, <see cref="float"/>, <see cref="decimal"/>).</summary>
    Float,
    /// <summary>A signed integer.</summary>
    Integer,
    /// <summary>An unsigned integer.</summary>
    UnsignedInteger,
    /// <summary>A string.</summary>
    String,
    /// <summary>A boolean.</summary>
    Boolean,
}

/// <summary>One field of a measurement: its key and kind.</summary>
/// <param name="Key">The field key, unescaped.</param>
/// <param name="Kind">The kind of value it holds.</param>
/// <remarks>
/// <para>Infrastructure for the code the HomeIQ.Influx source generator writes: hidden from IntelliSense, kept public only because generated code in your assembly calls it. Not meant to be used directly; it may change with the generator.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct MeasurementField(string Key, FieldKind Kind)
{
    /// <summary>Whether numeric comparisons and mean/sum apply.</summary>
    public bool IsNumeric => Kind is FieldKind.Float or FieldKind.Integer or FieldKind.UnsignedInteger;
}

/// <summary>What a query needs to know about a measurement type: its name, tag keys and fields. Generated code creates one per type.</summary>
/// <remarks>
/// <para>Infrastructure for the code the HomeIQ.Influx source generator writes: hidden from IntelliSense, kept public only because generated code in your assembly calls it. Not meant to be used directly; it may change with the generator.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MeasurementSchema
{
    /// <summary>Creates a schema.</summary>
    /// <exception cref="ArgumentException">A name is empty or repeated.</exception>
    public MeasurementSchema(string typeName, string measurementName, IReadOnlyList<string> tagKeys, IReadOnlyList<MeasurementField> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(typeName);
        ArgumentException.ThrowIfNullOrEmpty(measurementName);
        ArgumentNullException.ThrowIfNull(tagKeys);
        ArgumentNullException.ThrowIfNull(fields);
        TypeName = typeName;
        MeasurementName = measurementName;
        TagKeys = tagKeys.ToArray();
        Fields = fields.ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in TagKeys.Concat(Fields.Select(f => f.Key)))
        {
            if (string.IsNullOrEmpty(key)) throw new ArgumentException($"{typeName} has an empty tag or field key.", nameof(tagKeys));
            if (!seen.Add(key)) throw new ArgumentException($"{typeName} uses the key '{key}' twice.", nameof(tagKeys));
        }
        if (Fields.Count == 0) throw new ArgumentException($"{typeName} has no field; a query needs at least one.", nameof(fields));
    }

    /// <summary>The .NET type's name, for messages.</summary>
    public string TypeName { get; }

    /// <summary>The measurement name, unescaped.</summary>
    public string MeasurementName { get; }

    /// <summary>The tag keys, in declaration order.</summary>
    public IReadOnlyList<string> TagKeys { get; }

    /// <summary>The fields, in declaration order.</summary>
    public IReadOnlyList<MeasurementField> Fields { get; }

    /// <summary>Whether <paramref name="key"/> is one of <see cref="TagKeys"/>.</summary>
    public bool IsTag(string key) => TagKeys.Contains(key, StringComparer.Ordinal);

    /// <summary>Finds the field with <paramref name="key"/>.</summary>
    public bool TryGetField(string key, out MeasurementField field)
    {
        foreach (var f in Fields)
        {
            if (string.Equals(f.Key, key, StringComparison.Ordinal)) { field = f; return true; }
        }
        field = default;
        return false;
    }
}
