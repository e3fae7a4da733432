using System.Text;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// Writes values into Flux text so that they are always read back as the same literal. Flux string literals treat
/// <c>\</c>, <c>"</c> and <c>$</c> (<c>${</c> starts interpolation) specially (Flux SPEC, "String literals"); all three are
/// escaped, as are newlines, carriage returns and tabs so the text stays on one line. Checked with InfluxData's own
/// parser (libflux) on every value the tests can think of (tests/HomeIQ.Influx.Engines.Tests).
/// </summary>
public static class FluxText
{
    /// <summary>Quotes a string literal: <c>"value"</c> with <c>\</c>, <c>"</c>, <c>$</c> (as <c>\x24</c>), newlines, carriage returns and tabs escaped.</summary>
    public static string QuoteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder(value.Length + 2);
        AppendString(sb, value);
        return sb.ToString();
    }

    /// <summary>
    /// Writes a regular-expression literal <c>/pattern/</c> with unescaped <c>/</c> and newlines escaped. The empty pattern
    /// is written <c>/(?:)/</c> (which matches the same), because <c>//</c> starts a comment in Flux.
    /// </summary>
    /// <exception cref="ArgumentException">The pattern ends with a lone backslash.</exception>
    public static string QuoteRegex(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var sb = new StringBuilder(pattern.Length + 2);
        AppendRegex(sb, pattern);
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
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '"': sb.Append("\\\""); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                // Every "$" as a hex byte escape, which reads back as "$" wherever it stands. Found by libflux (0.8.40):
                // it reads the escape \$ only right before "{", and a raw "$" right before \\ or \" swallows the backslash.
                case '$': sb.Append("\\x24"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }

    // The same literal as InfluxQL's, with two Flux differences found by libflux (0.8.40): the empty pattern, because
    // "//" would start a comment that swallows the rest of the line; and an escaped backslash, because libflux's lexer
    // reads "\\/" as a backslash and an escaped "/", so a pattern ending in "\\" ran on to the next regex in the text.
    // libflux decodes a hex escape in a regex literal before RE2 sees the pattern, so "\x5c\x5c" reaches RE2 as "\\",
    // the same escaped backslash, inside and outside a character class.
    internal static void AppendRegex(StringBuilder sb, string pattern)
    {
        if (pattern.Length == 0)
        {
            sb.Append("/(?:)/");
            return;
        }
        sb.Append('/');
        InfluxQLText.AppendRegexBody(sb, pattern, escapedBackslash: "\\x5c\\x5c");
        sb.Append('/');
    }
}
