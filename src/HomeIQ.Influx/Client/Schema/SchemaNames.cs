using System.Globalization;

namespace HomeIQ.Influx.Client.Schema;

/// <summary>
/// Checks names before a schema request is sent, so a bad one fails here with a message naming the setting and the
/// value instead of as a server error (or, worse, as a different statement). Escaping itself is
/// <see cref="Querying.InfluxQLText"/>'s, the one home for InfluxQL text.
/// </summary>
internal static class SchemaNames
{
    // InfluxDB 3 Core and Enterprise (docs: reference/naming-restrictions): ASCII letters, digits, '_', '-', '/', starting
    // with a letter or digit, at most 64 characters.
    private const int MaxV3DatabaseLength = 64;

    public static void ValidateDatabase(string name, InfluxApiVersion api, string setting)
    {
        ValidateText(name, setting);
        switch (api)
        {
            case InfluxApiVersion.V1:
                ValidateV1Name(name, setting);
                break;
            case InfluxApiVersion.V2:
                // InfluxDB 2.x bucket names: "_" starts the system buckets; a double quote is refused.
                if (name.StartsWith('_')) throw Invalid(setting, name, "a bucket name cannot start with '_' (InfluxDB 2.x keeps those for its system buckets)");
                if (name.Contains('"', StringComparison.Ordinal)) throw Invalid(setting, name, "a bucket name cannot contain a double quote");
                break;
            case InfluxApiVersion.V3:
                if (name.Length > MaxV3DatabaseLength) throw Invalid(setting, name, $"an InfluxDB 3 database name has at most {MaxV3DatabaseLength} characters, not {name.Length}");
                if (!char.IsAsciiLetterOrDigit(name[0])) throw Invalid(setting, name, "an InfluxDB 3 database name starts with a letter or a digit");
                foreach (char c in name)
                {
                    if (!char.IsAsciiLetterOrDigit(c) && c is not ('_' or '-' or '/'))
                        throw Invalid(setting, name, $"an InfluxDB 3 database name holds only ASCII letters, digits, '_', '-' and '/', not '{c}'");
                }
                break;
        }
    }

    /// <summary>
    /// InfluxDB 1.x database and retention policy names (influxdb meta.ValidName; "invalid name" from influxd 1.6.7 here):
    /// no '/' or '', and not "." or "..". Quotes, spaces and any other printable text are fine (they are quoted).
    /// </summary>
    public static void ValidateV1Name(string name, string setting)
    {
        if (name is "." or "..") throw Invalid(setting, name, "InfluxDB 1.x refuses '.' and '..' as names");
        if (name.AsSpan().IndexOfAny('/', '\\') >= 0) throw Invalid(setting, name, "InfluxDB 1.x refuses '/' and '\\' in database and retention policy names");
    }

    /// <summary>A name or value that line protocol can hold: not empty, no control character (a newline ends a line).</summary>
    public static void ValidateText(string text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException($"{setting} must not be empty.", setting);
        foreach (char c in text)
        {
            if (char.IsControl(c))
                throw Invalid(setting, text, $"it contains the control character U+{(int)c:X4}, which no InfluxDB name or tag can hold");
        }
    }

    public static void ValidateDelete(InfluxDeleteRequest request)
    {
        if (request.Measurement is null && (request.Tags is null || request.Tags.Count == 0))
            throw new ArgumentException("The delete request selects every point of the database: give a Measurement or at least one tag. To empty a whole database, drop it (an administrator's job).", nameof(request));
        if (request.Measurement is { } measurement) ValidateText(measurement, "InfluxDeleteRequest.Measurement");
        foreach (var (key, value) in request.Tags ?? new Dictionary<string, string>())
        {
            ValidateText(key, "the tag key of InfluxDeleteRequest.Tags");
            if (key is "time" or "_field" or "_measurement")
                throw Invalid("InfluxDeleteRequest.Tags", key, "it is not a tag key (use Measurement for the measurement)");
            if (value is null) throw new ArgumentException($"The tag '{key}' of InfluxDeleteRequest.Tags has no value; a point without the tag has no series to match.", nameof(request));
            ValidateText(value, $"the value of the tag '{key}' of InfluxDeleteRequest.Tags");
        }
        if (request is { Start: { } start, Stop: { } stop } && start >= stop)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"InfluxDeleteRequest.Start ({start:O}) must be before Stop ({stop:O}); Start is inclusive, Stop exclusive."), nameof(request));
    }

    private static ArgumentException Invalid(string setting, string value, string why) =>
        new($"{setting} '{value.ReplaceLineEndings("\\n")}' is not valid: {why}.", setting);
}
