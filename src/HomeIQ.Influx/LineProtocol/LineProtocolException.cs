using System.ComponentModel;

namespace HomeIQ.Influx;

/// <summary>
/// A point that line protocol cannot represent (NaN, a forbidden key, a control character in a tag, no field...).
/// The message names the measurement, the member or key, and the offending value. The writer leaves nothing of the
/// rejected point in its output.
/// </summary>
public sealed class LineProtocolException : Exception
{
    private const int MaxShownValueLength = 120;

    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What is wrong, e.g. "NaN cannot be written".</param>
    /// <param name="measurement">The measurement of the rejected point, when known.</param>
    /// <param name="key">The tag or field key (or "measurement"/"timestamp"), when known.</param>
    /// <param name="value">The offending value as text, when there is one.</param>
    /// <param name="typeName">The .NET type that was serialized, when known.</param>
    /// <param name="memberName">The member of <paramref name="typeName"/> that holds the value, when known.</param>
    public LineProtocolException(string reason, string? measurement = null, string? key = null, string? value = null,
        string? typeName = null, string? memberName = null)
        : base(Compose(reason, measurement, key, value, typeName, memberName))
    {
        Reason = reason;
        Measurement = measurement;
        Key = key;
        Value = value;
        TypeName = typeName;
        MemberName = memberName;
    }

    /// <summary>What is wrong, without the context.</summary>
    public string Reason { get; }

    /// <summary>The measurement of the rejected point, when known.</summary>
    public string? Measurement { get; }

    /// <summary>The tag or field key the error concerns, when known.</summary>
    public string? Key { get; }

    /// <summary>The offending value, when there is one.</summary>
    public string? Value { get; }

    /// <summary>The .NET type being serialized, when known (set by generated code).</summary>
    public string? TypeName { get; }

    /// <summary>The member that holds the offending value, when known (set by generated code).</summary>
    public string? MemberName { get; }

    /// <summary>
    /// Returns a copy that also names the .NET type and member; generated serializers call it so that the error
    /// points at the member the user wrote, not only at the key on the wire.
    /// </summary>
    /// <remarks>
    /// <para>Infrastructure for the code the HomeIQ.Influx source generator writes: hidden from IntelliSense, kept public only because generated code in your assembly calls it. Not meant to be used directly; it may change with the generator.</para>
    /// </remarks>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public LineProtocolException WithSource(string typeName, string? memberName) =>
        new(Reason, Measurement, Key, Value, typeName, memberName ?? MemberName);

    private static string Compose(string reason, string? measurement, string? key, string? value, string? typeName, string? memberName)
    {
        var text = new System.Text.StringBuilder("Cannot write line protocol");
        if (typeName is not null)
        {
            text.Append(" for ").Append(typeName);
            if (memberName is not null) text.Append('.').Append(memberName);
        }
        if (measurement is not null) text.Append(" (measurement '").Append(measurement).Append("')");
        if (key is not null) text.Append(", key '").Append(key).Append('\'');
        text.Append(": ").Append(reason);
        if (value is not null)
        {
            text.Append(" Value: ");
            AppendQuoted(text, value);
        }
        return text.ToString();
    }

    // Shows the value with control characters made visible, cut to a readable length.
    private static void AppendQuoted(System.Text.StringBuilder text, string value)
    {
        text.Append('"');
        var shown = value.Length > MaxShownValueLength ? value.AsSpan(0, MaxShownValueLength) : value.AsSpan();
        foreach (var c in shown)
        {
            if (c < 0x20 || c == 0x7F) text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else text.Append(c);
        }
        text.Append('"');
        if (value.Length > MaxShownValueLength) text.Append("... (").Append(value.Length).Append(" chars)");
    }
}
