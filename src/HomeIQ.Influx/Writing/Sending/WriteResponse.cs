using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HomeIQ.Influx.Writing.Batching;

namespace HomeIQ.Influx.Writing.Sending;

/// <summary>
/// What InfluxDB's error answer to a write means for its lines: which lines it names, whether the rest was written, and how
/// many points it dropped. The answer itself is read by <see cref="Client.ServerErrorBody"/>.
/// </summary>
internal static partial class WriteResponse
{
    private const string UnableToParse = "unable to parse '";

    /// <summary>Whether the server says it wrote the other lines (v1 400 "partial write", v2 422).</summary>
    public static bool IsPartialWrite(HttpStatusCode status, string? message) =>
        status == HttpStatusCode.UnprocessableEntity || (message?.Contains("partial write", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The <c>dropped=N</c> count of a partial write, when present.</summary>
    public static int? DroppedCount(string? message)
    {
        if (message is null) return null;
        int at = message.LastIndexOf("dropped=", StringComparison.Ordinal);
        if (at < 0) return null;
        int start = at + "dropped=".Length, end = start;
        while (end < message.Length && char.IsAsciiDigit(message[end])) end++;
        return int.TryParse(message.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>
    /// The indexes (in <paramref name="from"/>..<paramref name="to"/>) of the lines the message names. InfluxDB 1.x
    /// names every line it could not parse as <c>unable to parse '&lt;line&gt;': reason</c> (v2 names the first);
    /// v3 gives 1-based line numbers.
    /// </summary>
    public static List<int> NamedLines(WriteBatch batch, int from, int to, string? message, IReadOnlyList<int>? lineNumbers)
    {
        var found = new List<int>();
        if (lineNumbers is not null)
        {
            foreach (var n in lineNumbers)
            {
                int index = from + n - 1;
                if (index >= from && index < to && !found.Contains(index)) found.Add(index);
            }
            found.Sort();
            return found;
        }
        if (message is null || !message.Contains(UnableToParse, StringComparison.Ordinal)) return found;
        for (int i = from; i < to; i++)
        {
            var text = batch.LineText(i);
            if (message.Contains(string.Concat(UnableToParse, text, "'"), StringComparison.Ordinal)) found.Add(i);
        }
        return found;
    }

    /// <summary>
    /// For a partial write caused by a field type conflict (<c>input field "f" on measurement "m" is type float, already
    /// exists as type integer</c>), the lines of measurement m whose field f has the conflicting type. The server names
    /// only one conflict, so the caller trusts the result only when its count equals the server's <c>dropped=N</c>.
    /// </summary>
    public static List<int> TypeConflictLines(WriteBatch batch, int from, int to, string? message)
    {
        var found = new List<int>();
        if (message is null) return found;
        var match = TypeConflict().Match(message);
        if (!match.Success) return found;
        var field = match.Groups["field"].Value;
        var measurement = match.Groups["measurement"].Value;
        var type = match.Groups["type"].Value;
        for (int i = from; i < to; i++)
        {
            if (FieldType(batch.LineText(i), measurement, field) == type) found.Add(i);
        }
        return found;
    }

    [GeneratedRegex("field type conflict: input field \"(?<field>[^\"]*)\" on measurement \"(?<measurement>[^\"]*)\" is type (?<type>[a-z]+)", RegexOptions.CultureInvariant)]
    private static partial Regex TypeConflict();

    // The line-protocol type name (as the server spells it) of field `field` in `line`, when the line is of `measurement`.
    private static string? FieldType(string line, string measurement, string field)
    {
        int pos = 0;
        var name = ReadName(line, ref pos, stopAtEquals: false);
        if (name != measurement) return null;
        // Skip the tag set up to the first unescaped space.
        while (pos < line.Length && line[pos] != ' ')
        {
            if (line[pos] == '\\') pos++;
            pos++;
        }
        pos++;
        while (pos < line.Length)
        {
            var key = ReadName(line, ref pos, stopAtEquals: true);
            if (pos >= line.Length || line[pos] != '=') return null;
            pos++;
            int start = pos;
            if (pos < line.Length && line[pos] == '"')
            {
                pos++;
                while (pos < line.Length && line[pos] != '"')
                {
                    if (line[pos] == '\\') pos++;
                    pos++;
                }
                pos++;
            }
            else
            {
                while (pos < line.Length && line[pos] != ',' && line[pos] != ' ') pos++;
            }
            if (key == field) return TypeOf(line.AsSpan(start, pos - start));
            if (pos >= line.Length || line[pos] == ' ') return null;
            pos++; // the comma before the next field
        }
        return null;
    }

    private static string ReadName(string line, ref int pos, bool stopAtEquals)
    {
        var name = new StringBuilder();
        while (pos < line.Length)
        {
            char c = line[pos];
            if (c == '\\' && pos + 1 < line.Length) { name.Append(line[pos + 1]); pos += 2; continue; }
            if (c == ',' || c == ' ' || (stopAtEquals && c == '=')) break;
            name.Append(c);
            pos++;
        }
        return name.ToString();
    }

    private static string TypeOf(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return "";
        if (value[0] == '"') return "string";
        if (value is "t" or "T" or "true" or "True" or "TRUE" or "f" or "F" or "false" or "False" or "FALSE") return "boolean";
        if (value[^1] == 'i') return "integer";
        if (value[^1] == 'u') return "unsigned";
        return "float";
    }
}
