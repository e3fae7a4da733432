using System.Buffers;
using System.Collections;
using System.Text.Json;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// Values the server binds to <c>$name</c> placeholders in InfluxQL text, so that no value is ever spliced into the
/// query: <c>SELECT * FROM climate WHERE room = $room AND time &gt; $since</c> with
/// <c>new InfluxQLParameters { { "room", room }, { "since", since } }</c>. Sent as the <c>params</c> form field of
/// <c>/query</c> (a JSON object), which InfluxDB 1.x binds server-side.
/// </summary>
/// <remarks>
/// <para>
/// Checked against InfluxDB 1.6.7: a string binds as a string literal (compare it with a tag or string field), a
/// number as a number literal (fields, <c>LIMIT</c>), a time (<see cref="DateTimeOffset"/>, RFC3339 in UTC) wherever
/// a time literal goes (<c>time &gt;= $since</c>). A parameter cannot stand for an identifier (a measurement or field
/// name), a regular expression or a duration: quote those with <see cref="InfluxQLText"/>.
/// </para>
/// <para>
/// A <see langword="null"/> string binds as the empty string, the text <c>'{value}'</c> would have produced (the server
/// itself rejects a null parameter); in InfluxQL <c>tag = ''</c> matches points that lack the tag.
/// </para>
/// </remarks>
public sealed class InfluxQLParameters : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _values = [];

    /// <summary>How many parameters are set.</summary>
    public int Count => _values.Count;

    /// <summary>Binds <paramref name="value"/> as a string literal (<see langword="null"/> binds the empty string).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid parameter name or is already set.</exception>
    public InfluxQLParameters Add(string name, string? value) => Set(name, value ?? "");

    /// <summary>Binds <paramref name="value"/> as an integer literal.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid parameter name or is already set.</exception>
    public InfluxQLParameters Add(string name, long value) => Set(name, value);

    /// <summary>Binds <paramref name="value"/> as a float literal.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is invalid or already set, or <paramref name="value"/> is NaN or infinite (JSON and InfluxQL have no literal for them).</exception>
    public InfluxQLParameters Add(string name, double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"The InfluxQL parameter '{name}' is {value}: NaN and infinities cannot be bound (JSON and InfluxQL have no literal for them).", nameof(value));
        return Set(name, value);
    }

    /// <summary>Binds <paramref name="value"/> as a boolean literal.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid parameter name or is already set.</exception>
    public InfluxQLParameters Add(string name, bool value) => Set(name, value);

    /// <summary>Binds <paramref name="value"/> as a time: RFC3339 in UTC, which InfluxQL reads as a time literal.</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid parameter name or is already set.</exception>
    public InfluxQLParameters Add(string name, DateTimeOffset value) => Set(name, value);

    /// <summary>
    /// Binds <paramref name="value"/> as a time, like the line-protocol writer reads a <see cref="DateTime"/>:
    /// <see cref="DateTimeKind.Local"/> is converted to UTC, <see cref="DateTimeKind.Unspecified"/> is taken as UTC.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a valid parameter name or is already set.</exception>
    public InfluxQLParameters Add(string name, DateTime value)
        => Set(name, new DateTimeOffset(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc)));

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The <c>params</c> JSON object, e.g. <c>{"room":"kitchen","limit":10}</c>.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in _values)
            {
                switch (value)
                {
                    case string s: json.WriteString(name, s); break;
                    case long l: json.WriteNumber(name, l); break;
                    case double d: json.WriteNumber(name, d); break;
                    case bool b: json.WriteBoolean(name, b); break;
                    case DateTimeOffset t: json.WriteString(name, Rfc3339.Format(t)); break;
                }
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Describes the parameters by name only: values can be personal data and never go to logs.</summary>
    public override string ToString() => $"InfluxQLParameters {{ {string.Join(", ", _values.Select(v => "$" + v.Key))} }}";

    private InfluxQLParameters Set(string name, object value)
    {
        if (!IsValidName(name))
            throw new ArgumentException($"'{name}' is not a valid InfluxQL parameter name: use letters, digits and '_' (it is written $name in the query).", nameof(name));
        foreach (var existing in _values)
        {
            if (existing.Key == name) throw new ArgumentException($"The InfluxQL parameter '{name}' is already set.", nameof(name));
        }

        _values.Add(new(name, value));
        return this;
    }

    // InfluxQL's scanner reads `$` followed by an identifier: letters, digits and underscores (influxql/scanner.go).
    private static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name)) return false;
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_')) return false;
        }

        return true;
    }
}
