namespace HomeIQ.Influx.Querying.Builder;

/// <summary>
/// Which aggregates a window can read, so that a query is refused when it is built rather than failing row by row:
/// <list type="bullet">
/// <item><c>Window</c> reads each aggregate back into the field's own member: <c>last</c> fits every field;
/// <c>mean</c> only float fields (the mean of integers is not an integer); <c>min</c>, <c>max</c>, <c>sum</c> and
/// <c>count</c> numeric fields (a sum may still overflow a narrow member, which the row mapper reports).</item>
/// <item><c>Aggregate</c> reads every aggregate as a number (a generated row of <c>double?</c> members): <c>count</c>
/// fits every field, the others numeric fields.</item>
/// </list>
/// Without an explicit selection the fields that fit are read; a selected field that does not fit is an
/// <see cref="ArgumentException"/>.
/// </summary>
internal static class AggregateRules
{
    /// <summary>Why <paramref name="field"/> cannot be read under <paramref name="window"/>, or null when it can.</summary>
    public static string? Problem(MeasurementField field, WindowSpec window)
    {
        var function = window.Function;
        if (window.NumericRows)
        {
            if (function == AggregateFunction.Count || field.IsNumeric) return null;
            return $"the {Name(function)} of a {field.Kind} field is not a number";
        }
        switch (function)
        {
            case AggregateFunction.Last:
                return null;
            case AggregateFunction.Mean when field.Kind is FieldKind.Integer or FieldKind.UnsignedInteger:
                return "the mean of integers is not an integer, so it cannot be read back into the field's member; " +
                    "use Aggregate(...), whose rows hold every aggregate as a double";
            case AggregateFunction.Mean when field.Kind == FieldKind.Float:
                return null;
            case AggregateFunction.Count when !field.IsNumeric:
                return $"a count is a number, which the member of a {field.Kind} field cannot hold; use Aggregate(...), whose rows hold every aggregate as a number";
            default:
                return field.IsNumeric ? null : $"{Name(function)} does not apply to {field.Kind} fields";
        }
    }

    /// <summary>Throws when an explicitly selected field does not fit the window.</summary>
    /// <exception cref="ArgumentException">A selected field's aggregate cannot be read.</exception>
    public static void Check(MeasurementSchema schema, QuerySpec spec, string parameterName)
    {
        if (spec.Window is not { } window || spec.SelectedFields is not { } selected) return;
        foreach (var key in selected)
        {
            if (schema.TryGetField(key, out var field) && Problem(field, window) is { } problem)
                throw new ArgumentException($"{schema.TypeName}.{key} cannot be aggregated with {Name(window.Function)}: {problem}.", parameterName);
        }
    }

    private static string Name(AggregateFunction function) => function.ToString().ToLowerInvariant();
}
