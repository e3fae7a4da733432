namespace HomeIQ.Influx.Tests.Integration;

/// <summary>Strings that break naive line-protocol writers, shared by the round-trip tests.</summary>
internal static class Hostile
{
    /// <summary>Valid in every position: measurement (after a prefix), tag keys, tag values and field keys.</summary>
    public static readonly string[] Names =
    [
        "plain",
        "a b",
        "a,b",
        "a=b",
        "x=1,y=2 z",
        " leading space",
        "trailing space ",
        "=",
        ",",
        " ",
        "  ,, == ",
        "a\"b",
        "\"quoted\"",
        "'single'",
        @"C:\Program Files\x",
        @"a\b",
        @"a\\b",
        @"\leading backslash",
        @"back\slash\\twice",
        "#hash",
        "ünïcödé",
        "日本語,テスト=値 ",
        "emoji 😀👍🏽 family 👨‍👩‍👧",
        "\u00A0no-break space",
        "math 𝔸𝔹",
    ];

    /// <summary>Valid in tag values only (a backslash before a quote reads back as a quote in names).</summary>
    public static readonly string[] TagValuesOnly = [@"a\""b", @"\""", @"x\""y\""z"];

    /// <summary>String field values: anything goes inside the quotes once `"` and `\` are escaped.</summary>
    public static readonly string[] StringValues =
    [
        .. Names,
        "",
        @"ends with backslash\",
        @"\",
        @"\\",
        @"\\\",
        "quote \" inside",
        "\"",
        @"\""",
        "a\\,b\\ c\\=d",
        "newline\nin\r\nstring",
        "\ttab",
        "nul\0char",
        "{\"json\": [1, 2, \"three\\n\"]}",
        "last quote\"",
        new string('x', 5000) + "\\",
    ];
}
