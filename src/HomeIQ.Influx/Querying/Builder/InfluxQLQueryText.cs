using System.Globalization;
using System.Text;

namespace HomeIQ.Influx.Querying.Builder;

/// <summary>
/// Turns a <see cref="QuerySpec"/> into InfluxQL. Every name and value goes through <see cref="InfluxQLText"/>.
/// For InfluxDB 3 the raw selection has no <c>::field</c>/<c>::tag</c> casts: its InfluxQL documentation does not
/// list them, and they are not needed there, because a measurement is a table whose tags and fields are columns, so
/// a name is a tag or a field, never both (docs/compatibility.md).
/// </summary>
internal static class InfluxQLQueryText
{
    public static string Build(MeasurementSchema schema, QuerySpec spec, InfluxApiVersion api = InfluxApiVersion.V1)
    {
        bool casts = api != InfluxApiVersion.V3;
        var sb = new StringBuilder(256);
        sb.Append("SELECT ");
        var fields = QueryFields.Selected(schema, spec);
        bool first = true;
        if (spec.Window is { } window)
        {
            string fn = window.Function.ToString().ToLowerInvariant();
            foreach (var field in fields)
            {
                if (!first) sb.Append(',');
                first = false;
                sb.Append(fn).Append('(');
                InfluxQLText.AppendIdentifier(sb, field);
                sb.Append(") AS ");
                InfluxQLText.AppendIdentifier(sb, field);
            }
        }
        else
        {
            // Explicit casts keep a tag and a field of the same name apart (InfluxDB 1.x and 2.x).
            foreach (var field in fields)
            {
                if (!first) sb.Append(',');
                first = false;
                InfluxQLText.AppendIdentifier(sb, field);
                if (casts) sb.Append("::field");
            }
            foreach (var tag in schema.TagKeys)
            {
                sb.Append(',');
                InfluxQLText.AppendIdentifier(sb, tag);
                if (casts) sb.Append("::tag");
            }
        }
        sb.Append(" FROM ");
        InfluxQLText.AppendIdentifier(sb, spec.Measurement ?? schema.MeasurementName);

        var conditions = new List<string>();
        if (spec.LastDuration is { } last) conditions.Add("time >= now() - " + InfluxQLText.FormatDuration(last));
        if (spec.Start is { } start) conditions.Add("time >= " + InfluxQLText.FormatTime(start));
        if (spec.Stop is { } stop) conditions.Add("time < " + InfluxQLText.FormatTime(stop));
        foreach (var filter in spec.TagFilters) conditions.Add(TagCondition(filter));
        foreach (var filter in spec.FieldFilters)
            conditions.Add(InfluxQLText.QuoteIdentifier(filter.Key) + " " + Operator(filter.Comparison) + " " + filter.Value.ToInfluxQL());
        if (conditions.Count > 0) sb.Append(" WHERE ").AppendJoin(" AND ", conditions);

        if (spec.Window is { } w)
        {
            sb.Append(" GROUP BY time(").Append(InfluxQLText.FormatDuration(w.Every)).Append(')');
            foreach (var tag in w.GroupByTags)
            {
                sb.Append(',');
                InfluxQLText.AppendIdentifier(sb, tag);
            }
            sb.Append(" fill(none)");
        }
        if (spec.Descending) sb.Append(" ORDER BY time DESC");
        if (spec.LimitCount is { } limit) sb.Append(" LIMIT ").Append(limit.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string TagCondition(TagFilter filter)
    {
        var sb = new StringBuilder();
        switch (filter.Kind)
        {
            case TagFilterKind.Equal:
                InfluxQLText.AppendIdentifier(sb, filter.Key);
                sb.Append(" = ");
                InfluxQLText.AppendString(sb, filter.Values[0]);
                break;
            case TagFilterKind.In:
                sb.Append('(');
                for (int i = 0; i < filter.Values.Length; i++)
                {
                    if (i > 0) sb.Append(" OR ");
                    InfluxQLText.AppendIdentifier(sb, filter.Key);
                    sb.Append(" = ");
                    InfluxQLText.AppendString(sb, filter.Values[i]);
                }
                sb.Append(')');
                break;
            case TagFilterKind.Regex:
                InfluxQLText.AppendIdentifier(sb, filter.Key);
                sb.Append(" =~ ");
                InfluxQLText.AppendRegex(sb, filter.Values[0]);
                break;
        }
        return sb.ToString();
    }

    private static string Operator(FieldComparison comparison) => comparison switch
    {
        FieldComparison.Equal => "=",
        FieldComparison.NotEqual => "!=",
        FieldComparison.GreaterThan => ">",
        FieldComparison.GreaterThanOrEqual => ">=",
        FieldComparison.LessThan => "<",
        _ => "<=",
    };
}

internal static class QueryFields
{
    /// <summary>
    /// The fields a query reads: the selection, or the fields whose aggregate fits the rows (see <see cref="AggregateRules"/>).
    /// </summary>
    public static IReadOnlyList<string> Selected(MeasurementSchema schema, QuerySpec spec)
    {
        if (spec.SelectedFields is { } selected) return selected;
        var window = spec.Window;
        var keys = schema.Fields.Where(f => window is null || AggregateRules.Problem(f, window) is null).Select(f => f.Key).ToArray();
        if (keys.Length == 0)
            throw new InvalidOperationException($"{schema.TypeName} has no field that {spec.Window!.Function} applies to; select the fields explicitly.");
        return keys;
    }
}
