using System.Text;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// Writes values into Flux text so that they are always read back as the same literal. Flux string literals treat
/// <c>\</c>, <c>"</c> and <c>${</c> (interpolation) specially (Flux SPEC, "String literals"); all three are escaped, as are
/// newlines, carriage returns and tabs so the text stays on one line.
/// </summary>
public static class FluxText
{
    /// <summary>Quotes a string literal: <c>"value"</c> with <c>\</c>, <c>"</c>, <c>${</c> and control characters escaped.</summary>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2);
        AppendString(sb, value);
        return sb.ToString();
    }

    /// <summary>Writes a regular-expression literal <c>/pattern/</c> with unescaped <c>/</c> and newlines escaped.</summary>
    /// <exception cref="ArgumentException">The pattern ends with a lone backslash.</exception>
    public static string QuoteRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var sb = new StringBuilder(pattern.Length + 2);
        InfluxQLText.AppendRegex(sb, pattern);
        return sb.ToString();
    }

    /// <summary>A Flux duration literal such as <c>1w</c>, <c>90m</c>, <c>1500ms</c> or <c>100ns</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "A query duration must be positive.");
        return DurationText.Format(duration, weekUnit: "w", dayUnit: "d", microUnit: "us");
    }

    /// <summary>A Flux time literal (RFC3339, UTC), e.g. <c>2024-01-02T03:04:05.1234567Z</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => Rfc3339.Format(time);

    /// <summary>A double as a Flux float literal (always with a decimal point, never an exponent).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite.</exception>
    public static string FormatNumber(double value) => NumberText.FormatDouble(value);

    internal static void AppendString(StringBuilder sb, string value)
    {
        sb.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '$' when i + 1 < value.Length && value[i + 1] == '{': sb.Append("\\$"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
