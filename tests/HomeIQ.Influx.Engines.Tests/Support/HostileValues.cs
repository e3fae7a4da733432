using System.Text;

namespace HomeIQ.Influx.Engines.Tests.Support;

/// <summary>
/// Values built to break out of a quoted literal: quotes, backslashes, Flux interpolation (<c>${</c>), newlines, pipe
/// forwards, comments, control characters, Unicode (including astral-plane characters) and regex metacharacters, by
/// hand and then at random from those pieces (seeded, so every run checks the same values).
/// </summary>
/// <remarks>
/// Lone UTF-16 surrogates are left out: they have no UTF-8 form, so no HTTP body can carry them (they become U+FFFD
/// before any server sees them).
/// </remarks>
public static class HostileValues
{
    /// <summary>The environment knob for more values: <c>HOMEIQ_HOSTILE_VALUES</c> (default 1,200).</summary>
    public static int Count => int.TryParse(Environment.GetEnvironmentVariable("HOMEIQ_HOSTILE_VALUES"), out var n) && n > 0 ? n : 1_200;

    private static readonly string[] s_handPicked =
    [
        "", " ", "\"", "\"\"", "\\", "\\\\", "\\\"", "\"\\", "a\\", "\\n", "\\t", "\\$", "\\u0041", "\\x41",
        "$", "{", "}", "${", "$${", "${x}", "${\"", "\\${", "\\${x}", "\"+${bucket}+\"", "$\\{", "${${}}",
        "\n", "\r", "\r\n", "\t", "\v", "\f", "a\nb", "\n|> drop(columns: [\"_value\"])",
        "|>", "|> yield()", "\") |> yield(name: \"pwned\") //", "\" or true or \"", "\") or (r) => true //",
        "//", "// comment", "/*", "*/", "/", "a/b", "\\/", "/x/", "#",
        "'", "''", "`", "\u0000", "\u0001", "\u001F", "\u007F", "\u0085", "\u00A0", "\u2028", "\u2029", "\uFEFF", "\uFFFD",
        "é", "ünïcödé", "日本語", "🏠", "🌡️ 21.5 °C", "𝕳𝖔𝖒𝖊", "\u200D", "a\u0301",
        ".*", "^$", "(", ")", "[", "]", "[^a-z]", "a|b", "a+?", "(?i)", "\\d{3}", "x{2,}", ".", "+", "?", "*", "^", "|",
        "r._value", "_measurement", "_field", "_time", "_value", "thermostat", "room", "placeholder",
        "true", "false", "0", "-1", "1h", "2024-01-01T00:00:00Z", "null", "from(bucket: \"x\")", "import \"sql\"",
    ];

    private static readonly string[] s_pieces =
    [
        "\"", "\\", "$", "{", "}", "${", "\n", "\r", "\t", "|>", "/", "//", "*", "(", ")", "[", "]", ".", "+", "?", "^",
        "=", "~", "=~", ",", " ", "#", "'", "`", "a", "Z", "0", "é", "日", "🏠", "\u0000", "\u007F", "\u2028", "r.", "or",
    ];

    /// <summary>The values: the hand-picked ones, then random ones up to <see cref="Count"/>, all distinct.</summary>
    public static IReadOnlyList<string> All { get; } = Build(Count, seed: 17);

    private static IReadOnlyList<string> Build(int count, int seed)
    {
        var values = new List<string>(count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in s_handPicked) if (seen.Add(value)) values.Add(value);
        var random = new Random(seed);
        var sb = new StringBuilder();
        while (values.Count < count)
        {
            sb.Clear();
            int pieces = random.Next(1, 12);
            for (int i = 0; i < pieces; i++)
                sb.Append(random.Next(4) == 0 ? s_handPicked[random.Next(s_handPicked.Length)] : s_pieces[random.Next(s_pieces.Length)]);
            var value = sb.ToString();
            if (seen.Add(value)) values.Add(value);
        }
        return values;
    }
}
