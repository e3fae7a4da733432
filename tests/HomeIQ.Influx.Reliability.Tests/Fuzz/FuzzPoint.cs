namespace HomeIQ.Influx.Reliability.Tests.Fuzz;

/// <summary>A field value of a fuzzed point: its line-protocol type and the value.</summary>
public readonly record struct FuzzValue(char Type, double Float, long Integer, bool Boolean, string? Text)
{
    public override string ToString() => Type switch
    {
        'f' => Float.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        'i' => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture) + "i",
        'b' => Boolean ? "true" : "false",
        _ => Escape(Text!),
    };

    /// <summary>The text with every non-printable or non-ASCII character as \uXXXX, for readable failure messages.</summary>
    public static string Escape(string text)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (var c in text) sb.Append(c is >= ' ' and < (char)0x7F ? c.ToString() : $"\\u{(int)c:X4}");
        return sb.Append('"').ToString();
    }
}

/// <summary>A point with runtime names and values: written through the runtime (string key) API of <see cref="LineProtocolWriter"/>.</summary>
public sealed record FuzzPoint(string Measurement, IReadOnlyList<(string Key, string Value)> Tags, IReadOnlyList<(string Key, FuzzValue Value)> Fields, long TimestampNs)
    : ILineProtocolPoint<FuzzPoint>
{
    public static string MeasurementName => "fuzz";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in FuzzPoint point)
    {
        writer.BeginPoint(point.Measurement);
        foreach (var (key, value) in point.Tags) writer.WriteTag(key, value);
        foreach (var (key, value) in point.Fields)
        {
            switch (value.Type)
            {
                case 'f': writer.WriteField(key, value.Float); break;
                case 'i': writer.WriteField(key, value.Integer); break;
                case 'b': writer.WriteField(key, value.Boolean); break;
                default: writer.WriteField(key, value.Text); break;
            }
        }
        writer.WriteTimestamp(point.TimestampNs);
        writer.EndPoint();
    }

    public override string ToString() =>
        $"{FuzzValue.Escape(Measurement)} tags [{string.Join(", ", Tags.Select(t => FuzzValue.Escape(t.Key) + "=" + FuzzValue.Escape(t.Value)))}] " +
        $"fields [{string.Join(", ", Fields.Select(f => FuzzValue.Escape(f.Key) + "=" + f.Value))}] time {TimestampNs}";
}
