using System.Text;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// Writes values into InfluxQL text so that they are always read back as the same literal, whatever they contain.
/// The rules follow InfluxQL's scanner (influxql/scanner.go <c>ScanString</c>, <c>ScanDelimited</c>): inside quotes only
/// <c>\\</c>, <c>\'</c>, <c>\"</c> and <c>\n</c> are escapes, and a raw newline ends the literal, so all of them are escaped.
/// </summary>
public static class InfluxQLText
{
    /// <summary>Quotes an identifier (measurement, tag key, field key, database): <c>"name"</c> with <c>\</c>, <c>"</c> and newlines escaped.</summary>
    /// <exception cref="ArgumentException"><paramref name="identifier"/> is empty.</exception>
    public static string QuoteIdentifier(string identifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        var sb = new StringBuilder(identifier.Length + 2);
        AppendIdentifier(sb, identifier);
        return sb.ToString();
    }

    /// <summary>Quotes a string literal: <c>'value'</c> with <c>\</c>, <c>'</c> and newlines escaped.</summary>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2);
        AppendString(sb, value);
        return sb.ToString();
    }

    /// <summary>
    /// Writes a regular-expression literal <c>/pattern/</c>: an unescaped <c>/</c> becomes <c>\/</c> and a newline <c>\n</c>,
    /// so the pattern can never end the literal early. The pattern itself is passed to the server's (Go RE2) engine as is.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern ends with a lone backslash (it would escape the closing slash).</exception>
    public static string QuoteRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var sb = new StringBuilder(pattern.Length + 2);
        AppendRegex(sb, pattern);
        return sb.ToString();
    }

    /// <summary>An InfluxQL duration literal such as <c>90m</c>, <c>1500ms</c> or <c>100ns</c> (exact, in the largest unit that divides it).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    public static string FormatDuration(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "A query duration must be positive.");
        return DurationText.Format(duration, weekUnit: "w", dayUnit: "d", microUnit: "u");
    }

    /// <summary>A time as an RFC3339 UTC string literal, e.g. <c>'2024-01-02T03:04:05.1234567Z'</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => "'" + Rfc3339.Format(time) + "'";

    /// <summary>A double as a plain decimal number (no exponent), e.g. <c>21.5</c> or <c>-0.000001</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or infinite (InfluxDB cannot store them).</exception>
    public static string FormatNumber(double value) => NumberText.FormatDouble(value);

    internal static void AppendIdentifier(StringBuilder sb, string identifier) => AppendQuoted(sb, identifier, '"');

    internal static void AppendString(StringBuilder sb, string value) => AppendQuoted(sb, value, '\'');

    private static void AppendQuoted(StringBuilder sb, string value, char quote)
    {
        sb.Append(quote);
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\'' or '"' when c == quote: sb.Append('\\').Append(c); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append(quote);
    }

    internal static void AppendRegex(StringBuilder sb, string pattern)
    {
        sb.Append('/');
        AppendRegexBody(sb, pattern);
        sb.Append('/');
    }

    // Shared with Flux: both read a regex literal up to the first unescaped '/', keep other escapes for the regex engine,
    // and reject a raw newline. Flux writes an escaped backslash differently (see FluxText.AppendRegex).
    internal static void AppendRegexBody(StringBuilder sb, string pattern, string escapedBackslash = "\\\\")
    {
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                    throw new ArgumentException($"The regular expression '{pattern}' ends with a lone backslash.", nameof(pattern));
                char next = pattern[++i];
                if (next == '\\') sb.Append(escapedBackslash);
                else if (next == '\n') sb.Append("\\n");
                else if (next == '\r') sb.Append("\\r");
                else sb.Append('\\').Append(next);
            }
            else if (c == '/') sb.Append("\\/");
            else if (c == '\n') sb.Append("\\n");
            else if (c == '\r') sb.Append("\\r");
            else sb.Append(c);
        }
    }
}

/// <summary>Escapes text for the Go RE2 engine that InfluxDB uses.</summary>
public static class InfluxRegex
{
    /// <summary>
    /// Escapes the RE2 metacharacters <c>\.+*?()|[]{}^$</c> (Go's <c>regexp.QuoteMeta</c>) so that <paramref name="text"/>
    /// matches literally. Unlike <see cref="System.Text.RegularExpressions.Regex.Escape"/> it does not escape spaces or
    /// <c>#</c>, which RE2 would reject as invalid escapes.
    /// </summary>
    public static string EscapeLiteral(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 8);
        foreach (char c in text)
        {
            if ("\\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal)) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
