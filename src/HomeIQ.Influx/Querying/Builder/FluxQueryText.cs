using System.Globalization;
using System.Text;

namespace HomeIQ.Influx.Querying.Builder;

/// <summary>
/// Turns a <see cref="QuerySpec"/> into Flux with the same meaning as the InfluxQL text: fields are pivoted into
/// columns (one row per time, like InfluxQL), raw results are merged into one table sorted by time (one InfluxQL
/// series), and windows are grouped by the chosen tags (one InfluxQL series per tag set). Every name and value goes
/// through <see cref="FluxText"/>.
/// </summary>
internal static class FluxQueryText
{
    private const string Pipe = "\n  |> ";

    public static string Build(MeasurementSchema schema, QuerySpec spec, string bucket)
    {
        var sb = new StringBuilder(512);
        sb.Append("from(bucket: ");
        FluxText.AppendString(sb, bucket);
        sb.Append(')');

        sb.Append(Pipe).Append("range(start: ");
        if (spec.LastDuration is { } last) sb.Append('-').Append(FluxText.FormatDuration(last));
        else if (spec.Start is { } start) sb.Append(FluxText.FormatTime(start));
        else sb.Append('0');
        if (spec.Stop is { } stop) sb.Append(", stop: ").Append(FluxText.FormatTime(stop));
        sb.Append(')');

        sb.Append(Pipe).Append("filter(fn: (r) => r._measurement == ");
        FluxText.AppendString(sb, spec.Measurement ?? schema.MeasurementName);
        sb.Append(')');

        foreach (var filter in spec.TagFilters)
        {
            sb.Append(Pipe).Append("filter(fn: (r) => ");
            AppendTagCondition(sb, filter);
            sb.Append(')');
        }

        var fields = QueryFields.Selected(schema, spec);
        // Fields that are only filtered on must still be read, then dropped after the filter.
        var filterOnly = spec.Window is null
            ? spec.FieldFilters.Select(f => f.Key).Where(k => !fields.Contains(k, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList()
            : [];
        sb.Append(Pipe).Append("filter(fn: (r) => ");
        bool firstField = true;
        foreach (var field in fields.Concat(filterOnly))
        {
            if (!firstField) sb.Append(" or ");
            firstField = false;
            sb.Append("r._field == ");
            FluxText.AppendString(sb, field);
        }
        sb.Append(')');

        if (spec.Window is { } window)
        {
            // InfluxQL filters points before aggregating; in Flux each comparison filters the values of its own field.
            foreach (var filter in spec.FieldFilters)
            {
                sb.Append(Pipe).Append("filter(fn: (r) => r._field != ");
                FluxText.AppendString(sb, filter.Key);
                sb.Append(" or r._value ").Append(Operator(filter.Comparison)).Append(' ').Append(filter.Value.ToFlux()).Append(')');
            }
            sb.Append(Pipe).Append("group(columns: ");
            // _measurement stays in the group key (one measurement is read, so it groups nothing) so that aggregates keep
            // the column: a [MeasurementName] member reads it back.
            AppendStringArray(sb, window.GroupByTags.Append("_measurement").Append("_field"));
            sb.Append(')');
            sb.Append(Pipe).Append("aggregateWindow(every: ").Append(FluxText.FormatDuration(window.Every))
              .Append(", fn: ").Append(window.Function.ToString().ToLowerInvariant())
              .Append(", createEmpty: false, timeSrc: \"_start\")");
            sb.Append(Pipe).Append("pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")");
        }
        else
        {
            sb.Append(Pipe).Append("pivot(rowKey: [\"_time\"], columnKey: [\"_field\"], valueColumn: \"_value\")");
            foreach (var filter in spec.FieldFilters)
            {
                sb.Append(Pipe).Append("filter(fn: (r) => r[");
                FluxText.AppendString(sb, filter.Key);
                sb.Append("] ").Append(Operator(filter.Comparison)).Append(' ').Append(filter.Value.ToFlux()).Append(')');
            }
            if (filterOnly.Count > 0)
            {
                sb.Append(Pipe).Append("drop(columns: ");
                AppendStringArray(sb, filterOnly);
                sb.Append(')');
            }
            sb.Append(Pipe).Append("group()");
        }
        sb.Append(Pipe).Append("sort(columns: [\"_time\"]").Append(spec.Descending ? ", desc: true)" : ")");
        if (spec.LimitCount is { } limit) sb.Append(Pipe).Append("limit(n: ").Append(limit.ToString(CultureInfo.InvariantCulture)).Append(')');
        return sb.ToString();
    }

    private static void AppendTagCondition(StringBuilder sb, TagFilter filter)
    {
        for (int i = 0; i < filter.Values.Length; i++)
        {
            if (i > 0) sb.Append(" or ");
            sb.Append("r[");
            FluxText.AppendString(sb, filter.Key);
            sb.Append(']');
            if (filter.Kind == TagFilterKind.Regex)
            {
                sb.Append(" =~ ");
                FluxText.AppendRegex(sb, filter.Values[i]);
            }
            else
            {
                sb.Append(" == ");
                FluxText.AppendString(sb, filter.Values[i]);
            }
        }
    }

    private static void AppendStringArray(StringBuilder sb, IEnumerable<string> values)
    {
        sb.Append('[');
        bool first = true;
        foreach (var value in values)
        {
            if (!first) sb.Append(", ");
            first = false;
            FluxText.AppendString(sb, value);
        }
        sb.Append(']');
    }

    private static string Operator(FieldComparison comparison) => comparison switch
    {
        FieldComparison.Equal => "==",
        FieldComparison.NotEqual => "!=",
        FieldComparison.GreaterThan => ">",
        FieldComparison.GreaterThanOrEqual => ">=",
        FieldComparison.LessThan => "<",
        _ => "<=",
    };
}
