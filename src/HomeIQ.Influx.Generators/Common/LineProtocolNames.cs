using System.Text;

namespace HomeIQ.Influx.Generators.Common;

/// <summary>
/// Escaping and validation of names at compile time, exactly as the runtime <c>LineProtocolWriter</c> escapes and
/// validates names it gets as strings: measurement escapes comma and space; tag and field keys escape comma, <c>=</c>
/// and space; both refuse the backslashes InfluxDB cannot read back.
/// </summary>
internal static class LineProtocolNames
{
    public static string EscapeMeasurement(string name) => Escape(name, ", ");

    public static string EscapeKey(string key) => Escape(key, ",= ");

    /// <summary>Why a tag or field key is refused, or <see langword="null"/> when it is fine.</summary>
    public static string? KeyProblem(string key)
    {
        if (key.Length == 0) return "a key cannot be empty";
        if (key is "time" or "_measurement" or "_field") return "InfluxDB reserves it";
        return CommonProblem(key);
    }

    /// <summary>Why a measurement name is refused, or <see langword="null"/> when it is fine.</summary>
    public static string? MeasurementProblem(string name)
    {
        if (name.Length == 0) return "a measurement name cannot be empty";
        if (name[0] == '#') return "a line starting with '#' is a comment, the server would drop every point";
        return CommonProblem(name);
    }

    /// <summary>Compares keys by their UTF-8 bytes, the order InfluxDB keeps tags in.</summary>
    public static int CompareOrdinalUtf8(string a, string b)
    {
        var x = Encoding.UTF8.GetBytes(a);
        var y = Encoding.UTF8.GetBytes(b);
        int n = x.Length < y.Length ? x.Length : y.Length;
        for (int i = 0; i < n; i++)
        {
            if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        }
        return x.Length.CompareTo(y.Length);
    }

    /// <summary>A C# string literal (with quotes) holding <paramref name="text"/>.</summary>
    public static string ToLiteral(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c == 0x7F || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    private static string? CommonProblem(string name)
    {
        foreach (char c in name)
        {
            if (c < 0x20 || c == 0x7F) return "line protocol has no escape for control characters";
        }
        if (BackslashProblem(name) is { } backslash) return backslash;
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && (i + 1 == name.Length || !char.IsLowSurrogate(name[i + 1]))) return "it is not valid UTF-16";
            if (char.IsLowSurrogate(name[i]) && (i == 0 || !char.IsHighSurrogate(name[i - 1]))) return "it is not valid UTF-16";
        }
        return null;
    }

    // The runtime LineProtocolWriter's rule for measurements and keys (see the comment on its WriteName, measured
    // against InfluxDB 1.6.7): a backslash before any other character is written as it is and reads back exactly, but
    // one directly before ',', '=' or space (the escape makes `\\,`, which the server reads as an escaped backslash and a
    // bare separator), before '"' (the server unescapes `\"` to `"` in names), or at the end (it would escape the
    // separator after it) cannot be read back, so it is refused here at compile time exactly as the writer refuses it
    // at run time.
    private static string? BackslashProblem(string name)
    {
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] != '\\') continue;
            if (i + 1 == name.Length) return "a trailing backslash would escape the separator after it";
            char next = name[i + 1];
            if (next is ',' or '=' or ' ' or '"')
                return "a backslash directly before '" + next + "' cannot be written: InfluxDB reads it back differently";
        }
        return null;
    }

    private static string Escape(string text, string specials)
    {
        if (text.IndexOfAny(specials.ToCharArray()) < 0) return text;
        var sb = new StringBuilder(text.Length + 4);
        foreach (char c in text)
        {
            if (specials.IndexOf(c) >= 0) sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
