using System.Buffers.Text;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using HomeIQ.Influx.Querying.Results;
using HomeIQ.Influx.Querying.Text;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// A view of the current row of a <see cref="QueryResultReader"/>, valid until the next read. Generated mappers look
/// columns up once per schema with <see cref="MapColumns"/> and read them with the typed getters; a value that does not
/// convert throws <see cref="InfluxRowMappingException"/> naming the column, the member and the value.
/// </summary>
/// <remarks>
/// <para>Infrastructure for the code the HomeIQ.Influx source generator writes: hidden from IntelliSense, kept public only because generated code in your assembly calls it. Not meant to be used directly; it may change with the generator.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly ref struct QueryRow
{
    private readonly QueryResultReader _reader;
    private readonly int _version;

    internal QueryRow(QueryResultReader reader, int version)
    {
        _reader = reader;
        _version = version;
    }

    /// <summary>The number of columns.</summary>
    public int ColumnCount => Columns.Count;

    /// <summary>The ordinal of the time column (<c>time</c> in InfluxQL, <c>_time</c> in Flux), or -1.</summary>
    public int TimeOrdinal => Columns.TimeOrdinal;

    /// <summary>The InfluxQL series name (measurement), or <see langword="null"/>.</summary>
    public string? SeriesName => _reader.SeriesName;

    private QueryColumns Columns => _reader.CurrentColumns(_version);

    /// <summary>The name of column <paramref name="ordinal"/>.</summary>
    public string GetName(int ordinal) => Columns.Names[ordinal];

    /// <summary>The ordinal of the column <paramref name="name"/> (exact, ordinal comparison), or -1. <c>time</c> also finds <c>_time</c>.</summary>
    public int GetOrdinal(string name) => Columns.IndexOf(name);

    /// <summary>
    /// The ordinals of <paramref name="names"/> (-1 for a missing column). Pass the same array instance for every row
    /// (a <c>static readonly</c> field): the lookup is then done once per schema and costs nothing per row.
    /// </summary>
    public ReadOnlySpan<int> MapColumns(string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return Columns.Map(names);
    }

    /// <summary>Whether the value is null (JSON <c>null</c>, an empty CSV cell without default, a missing cell).</summary>
    public bool IsNull(int ordinal)
    {
        Check(ordinal);
        return _reader.GetKind(ordinal) == ValueKind.Null;
    }

    /// <summary>The value's raw text (unescaped UTF-8), valid until the next getter call.</summary>
    public ReadOnlySpan<byte> GetRawUtf8(int ordinal)
    {
        Check(ordinal);
        return _reader.GetUtf8(ordinal);
    }

    /// <summary>Reads a string (tags, string fields).</summary>
    public string GetString(int ordinal, string? memberName = null)
    {
        var kind = Kind(ordinal);
        if (kind is ValueKind.String or ValueKind.Unknown) return _reader.GetStringValue(ordinal);
        throw Mismatch(ordinal, memberName, "String");
    }

    /// <summary>Reads a double (any number).</summary>
    public double GetDouble(int ordinal, string? memberName = null)
    {
        var kind = Value(ordinal, out var text);
        if (kind is ValueKind.Number or ValueKind.Double or ValueKind.Long or ValueKind.ULong or ValueKind.Unknown &&
            TryParseDouble(text, out double value)) return value;
        throw Mismatch(ordinal, memberName, "Double");
    }

    /// <summary>Reads a float (any number, rounded to single precision).</summary>
    public float GetSingle(int ordinal, string? memberName = null) => (float)GetDouble(ordinal, memberName);

    /// <summary>Reads a decimal (any number).</summary>
    public decimal GetDecimal(int ordinal, string? memberName = null)
    {
        var kind = Kind(ordinal);
        if (kind is ValueKind.Number or ValueKind.Double or ValueKind.Long or ValueKind.ULong or ValueKind.Unknown &&
            decimal.TryParse(Text(ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value)) return value;
        throw Mismatch(ordinal, memberName, "Decimal");
    }

    /// <summary>Reads a signed integer. Times read as Unix nanoseconds and durations as nanoseconds.</summary>
    public long GetInt64(int ordinal, string? memberName = null)
    {
        var kind = Value(ordinal, out var text);
        switch (kind)
        {
            case ValueKind.Number or ValueKind.Double or ValueKind.Long or ValueKind.ULong or ValueKind.Unknown:
                if (TryParseInt64(text, out long value)) return value;
                break;
            case ValueKind.DateTime:
                if (Rfc3339.TryParse(text, out _, out long ns)) return ns;
                break;
            case ValueKind.Duration:
                if (FluxDuration.TryParse(text, out var span)) return span.Ticks * 100;
                break;
        }
        throw Mismatch(ordinal, memberName, "Int64");
    }

    /// <summary>Reads a 32-bit signed integer.</summary>
    public int GetInt32(int ordinal, string? memberName = null)
    {
        long value = GetInt64(ordinal, memberName);
        if (value is < int.MinValue or > int.MaxValue) throw Mismatch(ordinal, memberName, "Int32");
        return (int)value;
    }

    /// <summary>Reads an unsigned integer.</summary>
    public ulong GetUInt64(int ordinal, string? memberName = null)
    {
        var kind = Kind(ordinal);
        if (kind is ValueKind.Number or ValueKind.Double or ValueKind.Long or ValueKind.ULong or ValueKind.Unknown &&
            ulong.TryParse(Text(ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)) return value;
        throw Mismatch(ordinal, memberName, "UInt64");
    }

    /// <summary>Reads a 32-bit unsigned integer.</summary>
    public uint GetUInt32(int ordinal, string? memberName = null)
    {
        ulong value = GetUInt64(ordinal, memberName);
        if (value > uint.MaxValue) throw Mismatch(ordinal, memberName, "UInt32");
        return (uint)value;
    }

    /// <summary>Reads a boolean (<c>true</c>/<c>false</c>).</summary>
    public bool GetBoolean(int ordinal, string? memberName = null)
    {
        var kind = Kind(ordinal);
        if (kind is ValueKind.Boolean or ValueKind.Unknown or ValueKind.String)
        {
            var text = Text(ordinal);
            if (text.SequenceEqual("true"u8)) return true;
            if (text.SequenceEqual("false"u8)) return false;
        }
        throw Mismatch(ordinal, memberName, "Boolean");
    }

    /// <summary>Reads a time: an integer of Unix nanoseconds (InfluxQL with <c>epoch=ns</c>) or an RFC3339 text. Sub-100 ns digits are dropped.</summary>
    public DateTimeOffset GetDateTimeOffset(int ordinal, string? memberName = null)
    {
        var kind = Value(ordinal, out var text);
        if (kind is ValueKind.Number or ValueKind.Long or ValueKind.ULong or ValueKind.Unknown && TryParseInt64(text, out long ns))
            return Rfc3339.FromUnixNanoseconds(ns);
        if (kind is ValueKind.DateTime or ValueKind.String or ValueKind.Unknown && Rfc3339.TryParse(text, out var time, out _))
            return time;
        throw Mismatch(ordinal, memberName, "DateTimeOffset");
    }

    /// <summary>Reads a time as a UTC <see cref="DateTime"/>.</summary>
    public DateTime GetDateTime(int ordinal, string? memberName = null) => GetDateTimeOffset(ordinal, memberName).UtcDateTime;

    /// <summary>Reads a duration: an integer of nanoseconds or a Flux duration such as <c>1h30m</c>.</summary>
    public TimeSpan GetTimeSpan(int ordinal, string? memberName = null)
    {
        var kind = Kind(ordinal);
        if (kind is ValueKind.Number or ValueKind.Long or ValueKind.ULong or ValueKind.Duration or ValueKind.String or ValueKind.Unknown &&
            FluxDuration.TryParse(Text(ordinal), out var value)) return value;
        throw Mismatch(ordinal, memberName, "TimeSpan");
    }

    /// <summary>Reads a GUID from its text.</summary>
    public Guid GetGuid(int ordinal, string? memberName = null)
    {
        var kind = Kind(ordinal);
        if (kind is ValueKind.String or ValueKind.Unknown)
        {
            var text = Text(ordinal);
            if (Utf8Parser.TryParse(text, out Guid value, out int used) && used == text.Length) return value;
        }
        throw Mismatch(ordinal, memberName, "Guid");
    }

    /// <summary>Reads bytes from base64 text (Flux <c>base64Binary</c>).</summary>
    public byte[] GetBytes(int ordinal, string? memberName = null)
    {
        var kind = Kind(ordinal);
        if (kind is ValueKind.Base64 or ValueKind.String or ValueKind.Unknown)
        {
            var text = Text(ordinal);
            var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(text.Length)];
            if (Base64.DecodeFromUtf8(text, bytes, out _, out int written) == System.Buffers.OperationStatus.Done)
                return written == bytes.Length ? bytes : bytes.AsSpan(0, written).ToArray();
        }
        throw Mismatch(ordinal, memberName, "Byte[]");
    }

    private ValueKind Kind(int ordinal)
    {
        Check(ordinal);
        return _reader.GetKind(ordinal);
    }

    private ReadOnlySpan<byte> Text(int ordinal) => _reader.GetUtf8(ordinal);

    // The kind and, unless null, the text: one call for getters that need both.
    private ValueKind Value(int ordinal, out ReadOnlySpan<byte> text)
    {
        Check(ordinal);
        return _reader.GetValue(ordinal, out text);
    }

    // Runs twice per value (IsNull, then the getter): the throw lives in a helper so the JIT inlines the check.
    private void Check(int ordinal)
    {
        var columns = Columns;
        if ((uint)ordinal >= (uint)columns.Count) ThrowOutOfRange(ordinal, columns.Count);
    }

    [DoesNotReturn]
    private static void ThrowOutOfRange(int ordinal, int count) =>
        throw new ArgumentOutOfRangeException(nameof(ordinal), ordinal, $"The row has {count} columns.");

    private InfluxRowMappingException Mismatch(int ordinal, string? memberName, string target)
    {
        var kind = _reader.GetKind(ordinal);
        string? value = kind switch
        {
            ValueKind.Null => "null",
            ValueKind.Composite => null,
            _ => _reader.GetStringValue(ordinal),
        };
        return new InfluxRowMappingException(Columns.Names[ordinal], memberName, target, value);
    }

    private static bool TryParseInt64(ReadOnlySpan<byte> text, out long value) =>
        // Utf8Parser reads [sign]digits like long.TryParse with AllowLeadingSign, faster; the rest still goes to long.TryParse.
        (Utf8Parser.TryParse(text, out value, out int used) && used == text.Length) ||
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static bool TryParseDouble(ReadOnlySpan<byte> text, out double value)
    {
        // Utf8Parser is the faster path for the plain numbers servers write (it rounds the same way); anything it does not
        // read whole (white space, other infinity spellings) goes to double.TryParse as before.
        if (Utf8Parser.TryParse(text, out value, out int used) && used == text.Length) return true;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)) return true;
        // Flux writes infinities as +Inf/-Inf.
        if (text.SequenceEqual("+Inf"u8) || text.SequenceEqual("Inf"u8)) { value = double.PositiveInfinity; return true; }
        if (text.SequenceEqual("-Inf"u8)) { value = double.NegativeInfinity; return true; }
        return false;
    }
}
