using System.Collections.Immutable;
using System.Globalization;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Querying.Builder;

// The parts of a QuerySpec: filters, window and typed number literals. Read by the query text builders.
internal enum TagFilterKind { Equal, In, Regex }

internal sealed record TagFilter(string Key, TagFilterKind Kind, ImmutableArray<string> Values);

// NumericRows: the rows hold every aggregate as a number (Aggregate), not in the field's own member (Window).
internal sealed record WindowSpec(TimeSpan Every, AggregateFunction Function, ImmutableArray<string> GroupByTags, bool NumericRows = false);

internal sealed record FieldFilter(string Key, FieldComparison Comparison, NumberLiteral Value);

// A constant in the field's own kind, so both languages compare like with like (Flux does not mix int and float).
internal readonly record struct NumberLiteral(FieldKind Kind, double Double, long Int64, ulong UInt64)
{
    public static NumberLiteral For(MeasurementField field, double value, string typeName)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, $"{typeName}.{field.Key}: NaN and infinite numbers cannot be compared.");
        return field.Kind switch
        {
            FieldKind.Float => new(FieldKind.Float, value, 0, 0),
            FieldKind.Integer when value == Math.Floor(value) && value >= long.MinValue && value <= long.MaxValue => new(FieldKind.Integer, 0, (long)value, 0),
            FieldKind.UnsignedInteger when value == Math.Floor(value) && value >= 0 && value <= ulong.MaxValue => new(FieldKind.UnsignedInteger, 0, 0, (ulong)value),
            _ => throw new ArgumentException($"{typeName}.{field.Key} holds {field.Kind} values and cannot be compared with {value.ToString(CultureInfo.InvariantCulture)}.", nameof(value)),
        };
    }

    public static NumberLiteral For(MeasurementField field, long value, string typeName) => field.Kind switch
    {
        FieldKind.Float => new(FieldKind.Float, value, 0, 0),
        FieldKind.Integer => new(FieldKind.Integer, 0, value, 0),
        FieldKind.UnsignedInteger when value >= 0 => new(FieldKind.UnsignedInteger, 0, 0, (ulong)value),
        _ => throw new ArgumentException($"{typeName}.{field.Key} holds {field.Kind} values and cannot be compared with {value.ToString(CultureInfo.InvariantCulture)}.", nameof(value)),
    };

    public static NumberLiteral For(MeasurementField field, ulong value, string typeName) => field.Kind switch
    {
        FieldKind.Float => new(FieldKind.Float, value, 0, 0),
        FieldKind.Integer when value <= long.MaxValue => new(FieldKind.Integer, 0, (long)value, 0),
        FieldKind.UnsignedInteger => new(FieldKind.UnsignedInteger, 0, 0, value),
        _ => throw new ArgumentException($"{typeName}.{field.Key} holds {field.Kind} values and cannot be compared with {value.ToString(CultureInfo.InvariantCulture)}.", nameof(value)),
    };

    public string ToInfluxQL() => Kind switch
    {
        FieldKind.Float => NumberText.FormatDouble(Double),
        FieldKind.Integer => Int64.ToString(CultureInfo.InvariantCulture),
        _ => UInt64.ToString(CultureInfo.InvariantCulture),
    };

    // Flux integer literals are int64 and the minus sign is an operator (found by libflux): -9223372036854775808 and
    // uint(v: 18446744073709551615) do not parse, so those values are written as an expression and a string conversion.
    public string ToFlux() => Kind switch
    {
        FieldKind.Float => NumberText.FormatDouble(Double),
        FieldKind.Integer when Int64 == long.MinValue => "(-9223372036854775807 - 1)",
        FieldKind.Integer => Int64.ToString(CultureInfo.InvariantCulture),
        _ when UInt64 > long.MaxValue => "uint(v: \"" + UInt64.ToString(CultureInfo.InvariantCulture) + "\")",
        _ => "uint(v: " + UInt64.ToString(CultureInfo.InvariantCulture) + ")",
    };
}
