namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>One line of line protocol split into its raw (still escaped) parts, for comparing two writers' output.</summary>
internal sealed record ParsedLine(string Measurement, List<(string Key, string Value)> Tags, List<(string Key, string Value)> Fields, string? Timestamp)
{
    /// <summary>
    /// Splits a well-formed line. A backslash escapes the character after it in names and tag values, and inside a
    /// quoted string; that is all this test needs (both writers under comparison produce valid lines).
    /// </summary>
    public static ParsedLine Parse(string line)
    {
        int i = 0;
        string measurement = ReadUntil(line, ref i, ',', ' ');
        var tags = new List<(string, string)>();
        while (line[i] == ',')
        {
            i++;
            var key = ReadUntil(line, ref i, '=', '=');
            i++;
            tags.Add((key, ReadUntil(line, ref i, ',', ' ')));
        }
        i++; // the space before the fields
        var fields = new List<(string, string)>();
        while (true)
        {
            var key = ReadUntil(line, ref i, '=', '=');
            i++;
            string value;
            if (line[i] == '"')
            {
                int j = i + 1;
                while (line[j] != '"') j += line[j] == '\\' ? 2 : 1;
                value = line[i..(j + 1)];
                i = j + 1;
            }
            else
            {
                value = ReadUntil(line, ref i, ',', ' ');
            }
            fields.Add((key, value));
            if (i < line.Length && line[i] == ',') { i++; continue; }
            break;
        }
        string? timestamp = i < line.Length ? line[(i + 1)..] : null;
        return new ParsedLine(measurement, tags, fields, timestamp);
    }

    private static string ReadUntil(string line, ref int i, char stop1, char stop2)
    {
        int start = i;
        while (i < line.Length && line[i] != stop1 && line[i] != stop2) i += line[i] == '\\' ? 2 : 1;
        return line[start..i];
    }
}
