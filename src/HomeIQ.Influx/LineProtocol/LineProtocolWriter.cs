using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;
using System.Diagnostics.CodeAnalysis;

namespace HomeIQ.Influx;

/// <summary>
/// Writes InfluxDB line protocol as UTF-8 straight into an <see cref="IBufferWriter{T}"/>, one point at a time:
/// <see cref="BeginPoint(ReadOnlySpan{byte})"/>, tags (in ordinal key order), fields, an optional timestamp, then
/// <see cref="EndPoint"/>, which ends the line with <c>\n</c>.
/// </summary>
/// <remarks>
/// <para>
/// Methods that take keys or names as <see cref="ReadOnlySpan{T}">ReadOnlySpan&lt;byte&gt;</see> expect UTF-8 that is
/// already escaped and valid (for example <c>"temp"u8</c>, or the constants the source generator emits); methods that
/// take <see cref="string"/> escape and validate at run time. Values are always escaped and validated.
/// </para>
/// <para>
/// A point is only committed to the output by <see cref="EndPoint"/>: a point rejected with a
/// <see cref="LineProtocolException"/> leaves nothing in the output, and the writer is ready for the next point.
/// Nothing is allocated per point once the output has grown to its working size.
/// </para>
/// </remarks>
public ref struct LineProtocolWriter
{
    // Characters that end a measurement, key or tag value unless escaped, the backslash (checked, see WriteName), and
    // the control characters we refuse (line protocol has no escape for them; \n would end the line). One IndexOfAny
    // finds any of them.
    private static readonly SearchValues<char> MeasurementSpecials = SearchValues.Create(", \\" + ControlCharacters());
    private static readonly SearchValues<char> KeySpecials = SearchValues.Create(",= \\" + ControlCharacters());
    private static readonly SearchValues<char> StringFieldSpecials = SearchValues.Create("\"\\");

    // The same three sets as flags per ASCII character, for the short-text fast path (CopyPlainAscii).
    private const byte SpecialInMeasurement = 1;
    private const byte SpecialInKey = 2;
    private const byte SpecialInStringField = 4;
    private const int ShortText = 32;
    private static readonly byte[] AsciiSpecials = CreateAsciiSpecials();

    // The server's valid range for a timestamp in nanoseconds (docs: -9223372036854775806 .. 9223372036854775806).
    private const long MaxTimestampNanoseconds = 9223372036854775806;
    private const long UnixEpochTicks = 621355968000000000;
    private const int MinimumSpan = 256;

    private enum Section : byte { Idle, Tags, Fields, Timestamp }

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _buffer;
    private byte[]? _rented;
    private int _pos;
    private int _measurementLength;
    private int _keyStart;   // the current tag/field key inside _buffer, decoded only when an error names it
    private int _keyLength;
    private int _fieldCount;
    private Section _section;

    /// <summary>Creates a writer that appends lines to <paramref name="output"/>.</summary>
    /// <param name="output">Where complete lines go.</param>
    /// <param name="precision">The unit of timestamps written with <see cref="WriteTimestamp(DateTime)"/> and the range check of <see cref="WriteTimestamp(long)"/>.</param>
    public LineProtocolWriter(IBufferWriter<byte> output, WritePrecision precision = WritePrecision.Nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(output);
        if ((uint)precision > (uint)WritePrecision.Seconds) throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown write precision.");
        _output = output;
        Precision = precision;
    }

    /// <summary>The unit of the timestamps this writer writes.</summary>
    public readonly WritePrecision Precision { get; }

    // ---------------------------------------------------------------- measurement

    /// <summary>Starts a point whose measurement name is already escaped UTF-8 (e.g. a generated <c>u8</c> constant).</summary>
    public void BeginPoint(scoped ReadOnlySpan<byte> escapedMeasurement)
    {
        StartPoint(escapedMeasurement.Length);
        if (escapedMeasurement.IsEmpty) Fail("The measurement name is empty.", null, null);
        escapedMeasurement.CopyTo(_buffer[_pos..]);
        _pos += escapedMeasurement.Length;
        _measurementLength = _pos;
    }

    /// <summary>Starts a point, escaping and validating <paramref name="measurement"/>.</summary>
    /// <exception cref="LineProtocolException">The name is empty, starts with <c>#</c> (a comment line), contains a control character or an unpaired surrogate, or has a backslash InfluxDB would misread (at the end, or before a comma, space, <c>=</c> or <c>"</c>).</exception>
    public void BeginPoint(string measurement)
    {
        ArgumentNullException.ThrowIfNull(measurement);
        StartPoint(measurement.Length * 3);
        if (measurement.Length == 0) Fail("The measurement name is empty.", null, measurement);
        // A line that starts with '#' is a comment: the server would silently skip the point.
        if (measurement[0] == '#') Fail("A measurement name cannot start with '#': the server reads the line as a comment and drops it.", null, measurement);
        WriteName(measurement, MeasurementSpecials, NameKind.Measurement);
        _measurementLength = _pos;
    }

    // ---------------------------------------------------------------- tags

    /// <summary>Writes a tag; a <see langword="null"/> or empty value is omitted, as line protocol requires.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTag(scoped ReadOnlySpan<byte> escapedKey, string? value) => WriteTag(escapedKey, value.AsSpan());

    /// <summary>Writes a tag; an empty value is omitted, as line protocol requires.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteTag(scoped ReadOnlySpan<byte> escapedKey, scoped ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) { RequireSection(Section.Tags); return; }
        StartTag(escapedKey, value.Length * 3);
        WriteName(value, KeySpecials, NameKind.TagValue);
    }

    /// <summary>Writes a tag whose key and value are already escaped UTF-8 (e.g. generated constants for enum values).</summary>
    public void WriteEscapedTag(scoped ReadOnlySpan<byte> escapedKey, scoped ReadOnlySpan<byte> escapedValue)
    {
        if (escapedValue.IsEmpty) { RequireSection(Section.Tags); return; }
        StartTag(escapedKey, escapedValue.Length);
        escapedValue.CopyTo(_buffer[_pos..]);
        _pos += escapedValue.Length;
    }

    /// <summary>Writes a tag with a single-character value.</summary>
    public void WriteTag(scoped ReadOnlySpan<byte> escapedKey, char value) => WriteTag(escapedKey, new ReadOnlySpan<char>(in value));

    /// <summary>Writes a tag whose value is an integer in invariant format.</summary>
    public void WriteTag(scoped ReadOnlySpan<byte> escapedKey, long value)
    {
        StartTag(escapedKey, 20);
        WriteFormatted(value);
    }

    /// <summary>Writes a tag whose value is an unsigned integer in invariant format.</summary>
    public void WriteTag(scoped ReadOnlySpan<byte> escapedKey, ulong value)
    {
        StartTag(escapedKey, 20);
        WriteFormatted(value);
    }

    /// <summary>Writes a tag whose value is <c>true</c> or <c>false</c>.</summary>
    public void WriteTag(scoped ReadOnlySpan<byte> escapedKey, bool value)
    {
        StartTag(escapedKey, 5);
        WriteLiteral(value ? "true"u8 : "false"u8);
    }

    /// <summary>Writes a tag whose value is a <see cref="Guid"/> in the lower-case <c>D</c> format.</summary>
    public void WriteTag(scoped ReadOnlySpan<byte> escapedKey, Guid value)
    {
        StartTag(escapedKey, 36);
        Utf8Formatter.TryFormat(value, _buffer[_pos..], out var written);
        _pos += written;
    }

    /// <summary>Writes a tag, escaping and validating the key; a <see langword="null"/> or empty value is omitted.</summary>
    public void WriteTag(string key, string? value)
    {
        RequireKeyNotNull(key);
        if (string.IsNullOrEmpty(value)) { RequireSection(Section.Tags); ValidateKeyText(key); return; }
        RequireSection(Section.Tags);
        Ensure(2 + (key.Length + value.Length) * 3);
        _buffer[_pos++] = (byte)',';
        WriteKeyText(key);
        _buffer[_pos++] = (byte)'=';
        WriteName(value, KeySpecials, NameKind.TagValue);
    }

    // ---------------------------------------------------------------- fields

    /// <summary>Writes a float field; NaN and infinities are rejected.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, double value)
    {
        if (!double.IsFinite(value)) FailKey("NaN and infinity cannot be written in line protocol.", escapedKey, null, value.ToString(CultureInfo.InvariantCulture));
        StartField(escapedKey, 32);
        WriteFloat(value);
    }

    /// <summary>Writes a float field in the shortest form that round-trips the <see cref="float"/>; NaN and infinities are rejected.</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, float value)
    {
        if (!float.IsFinite(value)) FailKey("NaN and infinity cannot be written in line protocol.", escapedKey, null, value.ToString(CultureInfo.InvariantCulture));
        StartField(escapedKey, 32);
        WriteFloat(value);
    }

    /// <summary>Writes a float field from a <see cref="decimal"/>, in invariant format.</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, decimal value)
    {
        StartField(escapedKey, 32);
        WriteFormatted(value);
    }

    /// <summary>Writes an integer field (<c>123i</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, long value)
    {
        StartField(escapedKey, 21);
        WriteFormatted(value);
        _buffer[_pos++] = (byte)'i';
    }

    /// <summary>Writes an integer field (<c>123i</c>).</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, int value) => WriteField(escapedKey, (long)value);

    /// <summary>Writes an integer field (<c>123i</c>).</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, short value) => WriteField(escapedKey, (long)value);

    /// <summary>Writes an integer field (<c>123i</c>).</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, sbyte value) => WriteField(escapedKey, (long)value);

    /// <summary>Writes an unsigned integer field (<c>123u</c>).</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, ulong value)
    {
        StartField(escapedKey, 21);
        WriteFormatted(value);
        _buffer[_pos++] = (byte)'u';
    }

    /// <summary>Writes an unsigned integer field (<c>123u</c>).</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, uint value) => WriteField(escapedKey, (ulong)value);

    /// <summary>Writes an unsigned integer field (<c>123u</c>).</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, ushort value) => WriteField(escapedKey, (ulong)value);

    /// <summary>Writes an unsigned integer field (<c>123u</c>).</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, byte value) => WriteField(escapedKey, (ulong)value);

    /// <summary>Writes a boolean field (<c>true</c> or <c>false</c>).</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, bool value)
    {
        StartField(escapedKey, 5);
        WriteLiteral(value ? "true"u8 : "false"u8);
    }

    /// <summary>Writes a string field; a <see langword="null"/> value is omitted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, string? value)
    {
        if (value is null) { RequireFieldSection(); return; }
        WriteField(escapedKey, value.AsSpan());
    }

    /// <summary>Writes a string field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, scoped ReadOnlySpan<char> value)
    {
        StartField(escapedKey, 2 + value.Length * 3);
        WriteStringValue(value);
    }

    /// <summary>Writes a string field of one character.</summary>
    public void WriteField(scoped ReadOnlySpan<byte> escapedKey, char value) => WriteField(escapedKey, new ReadOnlySpan<char>(in value));

    /// <summary>Writes a string field whose value is already escaped UTF-8, without the quotes.</summary>
    public void WriteEscapedStringField(scoped ReadOnlySpan<byte> escapedKey, scoped ReadOnlySpan<byte> escapedValue)
    {
        StartField(escapedKey, 2 + escapedValue.Length);
        _buffer[_pos++] = (byte)'"';
        escapedValue.CopyTo(_buffer[_pos..]);
        _pos += escapedValue.Length;
        _buffer[_pos++] = (byte)'"';
    }

    /// <summary>Writes a float field, escaping and validating the key.</summary>
    public void WriteField(string key, double value)
    {
        if (!double.IsFinite(value)) FailKey("NaN and infinity cannot be written in line protocol.", default, key, value.ToString(CultureInfo.InvariantCulture));
        StartField(key, 32);
        WriteFloat(value);
    }

    /// <summary>Writes a float field, escaping and validating the key.</summary>
    public void WriteField(string key, float value)
    {
        if (!float.IsFinite(value)) FailKey("NaN and infinity cannot be written in line protocol.", default, key, value.ToString(CultureInfo.InvariantCulture));
        StartField(key, 32);
        WriteFloat(value);
    }

    /// <summary>Writes a float field from a <see cref="decimal"/>, escaping and validating the key.</summary>
    public void WriteField(string key, decimal value)
    {
        StartField(key, 32);
        WriteFormatted(value);
    }

    /// <summary>Writes an integer field (<c>123i</c>), escaping and validating the key.</summary>
    public void WriteField(string key, long value)
    {
        StartField(key, 21);
        WriteFormatted(value);
        _buffer[_pos++] = (byte)'i';
    }

    /// <summary>Writes an unsigned integer field (<c>123u</c>), escaping and validating the key.</summary>
    public void WriteField(string key, ulong value)
    {
        StartField(key, 21);
        WriteFormatted(value);
        _buffer[_pos++] = (byte)'u';
    }

    /// <summary>Writes an integer field (<c>123i</c>), escaping and validating the key.</summary>
    public void WriteField(string key, int value) => WriteField(key, (long)value);

    /// <summary>Writes an integer field (<c>123i</c>), escaping and validating the key.</summary>
    public void WriteField(string key, short value) => WriteField(key, (long)value);

    /// <summary>Writes an integer field (<c>123i</c>), escaping and validating the key.</summary>
    public void WriteField(string key, sbyte value) => WriteField(key, (long)value);

    // Without these, C# would pick the long overload for uint/ushort/byte (a signed target wins overload resolution)
    // and write 1i where the UTF-8-key overloads write 1u.

    /// <summary>Writes an unsigned integer field (<c>123u</c>), escaping and validating the key.</summary>
    public void WriteField(string key, uint value) => WriteField(key, (ulong)value);

    /// <summary>Writes an unsigned integer field (<c>123u</c>), escaping and validating the key.</summary>
    public void WriteField(string key, ushort value) => WriteField(key, (ulong)value);

    /// <summary>Writes an unsigned integer field (<c>123u</c>), escaping and validating the key.</summary>
    public void WriteField(string key, byte value) => WriteField(key, (ulong)value);

    /// <summary>Writes a string field of one character, escaping and validating the key.</summary>
    public void WriteField(string key, char value)
    {
        StartField(key, 2 + 3 * 2);
        WriteStringValue(new ReadOnlySpan<char>(in value));
    }

    /// <summary>Writes a boolean field, escaping and validating the key.</summary>
    public void WriteField(string key, bool value)
    {
        StartField(key, 5);
        WriteLiteral(value ? "true"u8 : "false"u8);
    }

    /// <summary>Writes a string field, escaping and validating the key; a <see langword="null"/> value is omitted.</summary>
    public void WriteField(string key, string? value)
    {
        RequireKeyNotNull(key);
        if (value is null) { RequireFieldSection(); ValidateKeyText(key); return; }
        StartField(key, 2 + value.Length * 3);
        WriteStringValue(value);
    }

    // ---------------------------------------------------------------- timestamp and end

    /// <summary>Writes the timestamp as a number already in <see cref="Precision"/>.</summary>
    /// <exception cref="LineProtocolException">The value is outside the server's range.</exception>
    public void WriteTimestamp(long value)
    {
        RequireTimestampSection();
        long limit = MaxTimestampNanoseconds / Precision.NanosecondsPerUnit();
        if (value > limit || value < -limit)
            FailKey($"The timestamp is outside the range InfluxDB accepts (±{limit} in {Precision.Abbreviation()}).", default, "timestamp", value.ToString(CultureInfo.InvariantCulture));
        WriteTimestampDigits(value);
    }

    /// <summary>
    /// Writes the timestamp of a <see cref="DateTime"/> in <see cref="Precision"/>. <see cref="DateTimeKind.Local"/> is
    /// converted to UTC; <see cref="DateTimeKind.Unspecified"/> is taken as UTC. Finer parts than the precision are
    /// rounded down (towards the past).
    /// </summary>
    public void WriteTimestamp(DateTime value)
    {
        if (value.Kind == DateTimeKind.Local) value = value.ToUniversalTime();
        WriteTimestampTicks(value.Ticks - UnixEpochTicks, value);
    }

    /// <summary>Writes the timestamp of a <see cref="DateTimeOffset"/> (its UTC instant) in <see cref="Precision"/>.</summary>
    public void WriteTimestamp(DateTimeOffset value) => WriteTimestampTicks(value.UtcTicks - UnixEpochTicks, value);

    /// <summary>Ends the point with <c>\n</c> and commits the whole line to the output.</summary>
    /// <exception cref="LineProtocolException">The point has no field.</exception>
    public void EndPoint()
    {
        if (_section == Section.Idle) throw new InvalidOperationException("EndPoint was called without BeginPoint.");
        if (_fieldCount == 0) FailPoint("A point needs at least one field; all were missing or null.");
        Ensure(1);
        _buffer[_pos++] = (byte)'\n';
        if (_rented is null)
        {
            _output.Advance(_pos);
        }
        else
        {
            _buffer[.._pos].CopyTo(_output.GetSpan(_pos));
            _output.Advance(_pos);
        }
        Reset();
    }

    /// <summary>Discards the point being written, if any; nothing of it reaches the output.</summary>
    public void Abandon() => Reset();

    // ---------------------------------------------------------------- internals

    private void StartPoint(int sizeHint)
    {
        if (_section != Section.Idle)
        {
            Reset();
            throw new InvalidOperationException("BeginPoint was called before the previous point was ended with EndPoint; the unfinished point was discarded.");
        }
        _buffer = _output.GetSpan(Math.Max(MinimumSpan, sizeHint + 64));
        _pos = 0;
        _fieldCount = 0;
        _section = Section.Tags;
    }

    // StartTag and StartField (and the public methods the generator calls) are inlined into the generated serializers,
    // where the key is a u8 constant: its copy becomes a few moves instead of a Memmove call. They work on locals
    // because the JIT cannot keep a field of this ref struct in a register across writes into the span (they might
    // alias). Measured with --compare: single point 1.10-1.11x the hand-written serializer with, 1.13-1.23x without.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartTag(scoped ReadOnlySpan<byte> escapedKey, int valueSize)
    {
        RequireSection(Section.Tags);
        WriteKeyBytes((byte)',', escapedKey, valueSize);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void StartField(scoped ReadOnlySpan<byte> escapedKey, int valueSize)
    {
        RequireFieldSection();
        WriteKeyBytes(_fieldCount++ == 0 ? (byte)' ' : (byte)',', escapedKey, valueSize);
    }

    private void StartField(string key, int valueSize)
    {
        RequireKeyNotNull(key);
        RequireFieldSection();
        Ensure(2 + key.Length * 3 + valueSize);
        _buffer[_pos++] = _fieldCount++ == 0 ? (byte)' ' : (byte)',';
        WriteKeyText(key);
        _buffer[_pos++] = (byte)'=';
    }

    // Writes separator, key and '=' after making room for them and a value of valueSize bytes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteKeyBytes(byte separator, scoped ReadOnlySpan<byte> escapedKey, int valueSize)
    {
        int pos = _pos;
        if (_buffer.Length - pos < 2 + escapedKey.Length + valueSize) Grow(2 + escapedKey.Length + valueSize);
        Span<byte> buffer = _buffer;
        buffer[pos++] = separator;
        escapedKey.CopyTo(buffer[pos..]);
        _keyStart = pos;
        _keyLength = escapedKey.Length;
        pos += escapedKey.Length;
        buffer[pos++] = (byte)'=';
        _pos = pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RequireSection(Section section)
    {
        if (_section != section) ThrowOrder(section == Section.Tags ? "Tags must be written after BeginPoint and before any field." : "Out of order.");
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RequireFieldSection()
    {
        if (_section == Section.Fields) return;
        if (_section == Section.Tags) _section = Section.Fields;
        else ThrowOrder("Fields must be written after BeginPoint and the tags, and before the timestamp.");
    }

    private void RequireTimestampSection()
    {
        if (_section != Section.Fields || _fieldCount == 0)
        {
            if (_section is Section.Tags or Section.Fields) FailPoint("A point needs at least one field before its timestamp; all were missing or null.");
            ThrowOrder("The timestamp must come after the fields, once per point.");
        }
        _section = Section.Timestamp;
    }

    private void ThrowOrder(string message)
    {
        Reset();
        throw new InvalidOperationException(message + " The unfinished point was discarded.");
    }

    private void WriteTimestampTicks<TValue>(long ticksSinceEpoch, TValue original) where TValue : IFormattable
    {
        RequireTimestampSection();
        long value;
        long ticksPerUnit = Precision.TicksPerUnit();
        if (ticksPerUnit == 0)
        {
            // 100 ns ticks to nanoseconds; beyond about the year 2262 this leaves the int64 range.
            if (ticksSinceEpoch > MaxTimestampNanoseconds / 100 || ticksSinceEpoch < -MaxTimestampNanoseconds / 100)
                FailKey("The time is outside the range InfluxDB accepts in nanoseconds (1677-09-21 to 2262-04-11); use a coarser precision.", default, "timestamp", original.ToString("O", CultureInfo.InvariantCulture));
            value = ticksSinceEpoch * 100;
        }
        else
        {
            value = Math.DivRem(ticksSinceEpoch, ticksPerUnit, out long rest);
            if (rest < 0) value--; // round towards the past, not towards 1970
            // The server converts every precision to int64 nanoseconds, so 1677-09-21 .. 2262-04-11 bounds them all.
            long limit = MaxTimestampNanoseconds / Precision.NanosecondsPerUnit();
            if (value > limit || value < -limit)
                FailKey($"The time is outside the range InfluxDB accepts (1677-09-21 to 2262-04-11; ±{limit} in {Precision.Abbreviation()}).", default, "timestamp", original.ToString("O", CultureInfo.InvariantCulture));
        }
        WriteTimestampDigits(value);
    }

    private void WriteTimestampDigits(long value)
    {
        Ensure(21);
        _buffer[_pos++] = (byte)' ';
        WriteFormatted(value);
    }

    private void WriteLiteral(scoped ReadOnlySpan<byte> literal)
    {
        literal.CopyTo(_buffer[_pos..]);
        _pos += literal.Length;
    }

    // The shortest text that reads back as the same value, byte for byte what "R" writes, from the writer's own
    // formatter (RoundTripFormat, Schubfach). The runtime's "R" was the largest single cost of a point with computed
    // doubles; measured with --compare (DoubleFormatBenchmarks), the formatter takes a third to a half of its time on
    // every kind of double, and the earlier fast path for values with up to 6 decimals (integer digits, two divisions),
    // tried in front of it, made short values no faster and the others slower, so it was dropped.
    private void WriteFloat(double value) => _pos += RoundTripFormat.Write(value, _buffer[_pos..]);

    private void WriteFloat(float value) => _pos += RoundTripFormat.Write(value, _buffer[_pos..]);

    private void WriteFormatted<T>(T value) where T : IUtf8SpanFormattable
    {
        value.TryFormat(_buffer[_pos..], out int written, default, CultureInfo.InvariantCulture);
        _pos += written;
    }

    // What a name is decides which character after a backslash InfluxDB 1.x reads differently (see WriteName).
    private enum NameKind : byte { Measurement, Key, TagValue }

    // Names (measurement, tag and field keys) and tag values: escape the specials with a backslash, write any other
    // backslash as it is, and refuse control characters and the backslashes InfluxDB cannot read back.
    //
    // The backslash rule was measured against InfluxDB 1.6.7 (tests/HomeIQ.Influx.Tests/Integration/
    // BackslashRuleTests): a lone backslash before any other character is literal everywhere (`a\b` reads as
    // `a\b`, and `\\` stays two backslashes: the spec's "\\ reads as \" holds for string field values only). But a
    // backslash directly before `,`, `=` or space cannot be written in any name or tag value: the escape we add makes
    // `\\,`, which the line scanner reads as an escaped backslash followed by a bare comma (a field key then fails to
    // parse, a measurement loses the backslash, and in a tag it can desynchronise the quote tracking so that the rest
    // of the batch is misread). A measurement or key with a backslash before `"` reads back as `"` (the server unescapes
    // `\"` there), so that is refused too; in a tag value `\"` reads back exactly. A trailing backslash would escape the
    // separator after it.
    private void WriteName(scoped ReadOnlySpan<char> text, SearchValues<char> specials, NameKind kind)
    {
        ReadOnlySpan<char> original = text;
        Span<byte> buffer = _buffer; // capacity for text.Length * 3 bytes is ensured by the caller
        int pos = _pos;
        int plain = CopyPlainAscii(text, buffer[pos..], kind == NameKind.Measurement ? SpecialInMeasurement : SpecialInKey);
        pos += plain;
        text = text[plain..];
        while (!text.IsEmpty)
        {
            int i = text.IndexOfAny(specials);
            ReadOnlySpan<char> chunk = i < 0 ? text : text[..i];
            if (!chunk.IsEmpty)
            {
                var status = Utf8.FromUtf16(chunk, buffer[pos..], out _, out int written, replaceInvalidSequences: false);
                if (status != OperationStatus.Done) Fail("The text is not valid UTF-16 (an unpaired surrogate).", null, original.ToString());
                pos += written;
            }
            if (i < 0)
            {
                _pos = pos;
                return;
            }
            char c = text[i];
            if (c == '\\')
            {
                if (i + 1 == text.Length)
                    Fail("A name or tag value cannot end with a backslash: it would escape the separator after it.", null, original.ToString());
                char next = text[i + 1];
                if (next is ',' or '=' or ' ' || (next == '"' && kind != NameKind.TagValue))
                    Fail($"A backslash directly before '{next}' cannot be written in a {(kind == NameKind.TagValue ? "tag value" : "measurement or key")}: InfluxDB reads it back differently.", null, original.ToString());
                buffer[pos++] = (byte)'\\';
            }
            else if (c < 0x20 || c == 0x7F)
            {
                Fail($"Control character U+{(int)c:X4} cannot be written in a name or tag value (line protocol has no escape for it).", null, original.ToString());
            }
            else
            {
                buffer[pos++] = (byte)'\\';
                buffer[pos++] = (byte)c;
            }
            text = text[(i + 1)..];
        }
        _pos = pos;
    }

    private void WriteKeyText(string key)
    {
        ValidateKeyText(key);
        _keyLength = 0; // the key is not in the buffer yet: errors name it from the string
        _keyStart = _pos;
        WriteName(key, KeySpecials, NameKind.Key);
        _keyLength = _pos - _keyStart;
    }

    // A null key is a programming error, not bad data: ArgumentNullException, but the writer is still reset so that
    // the next point starts clean.
    private void RequireKeyNotNull(string key)
    {
        if (key is null)
        {
            Reset();
            throw new ArgumentNullException(nameof(key));
        }
    }

    private void ValidateKeyText(string key)
    {
        if (key.Length == 0) Fail("A tag or field key cannot be empty.", key, null);
        if (key is "time" or "_measurement" or "_field")
            Fail($"'{key}' is reserved by InfluxDB and cannot be used as a tag or field key.", key, null);
    }

    private void WriteStringValue(scoped ReadOnlySpan<char> value)
    {
        _buffer[_pos++] = (byte)'"';
        if (!value.IsEmpty) WriteEscapedStringValue(value);
        _buffer[_pos++] = (byte)'"';
    }

    // String field values: only `"` and `\` are escaped; every other character (control characters included) is valid
    // inside the quotes. Capacity for text.Length * 3 bytes must already be ensured: an escaped ASCII character takes
    // 2 bytes and any other UTF-16 code unit at most 3 bytes of UTF-8.
    private void WriteEscapedStringValue(scoped ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> original = text;
        Span<byte> buffer = _buffer;
        int pos = _pos;
        int plain = CopyPlainAscii(text, buffer[pos..], SpecialInStringField);
        pos += plain;
        text = text[plain..];
        while (!text.IsEmpty)
        {
            int i = text.IndexOfAny(StringFieldSpecials);
            ReadOnlySpan<char> chunk = i < 0 ? text : text[..i];
            if (!chunk.IsEmpty)
            {
                var status = Utf8.FromUtf16(chunk, buffer[pos..], out _, out int written, replaceInvalidSequences: false);
                if (status != OperationStatus.Done) Fail("The text is not valid UTF-16 (an unpaired surrogate).", null, original.ToString());
                pos += written;
            }
            if (i < 0)
            {
                _pos = pos;
                return;
            }
            buffer[pos++] = (byte)'\\';
            buffer[pos++] = (byte)text[i];
            text = text[(i + 1)..];
        }
        _pos = pos;
    }

    // Copies the longest prefix of a short text that is ASCII and needs no escaping or check in this kind of text,
    // one byte per char, and returns its length; the general path (vectorized search, transcoding) does the rest.
    // Profiled: for the short names, ids and room names of a typical point, the calls into the vectorized search and
    // the transcoder cost more than the copy itself.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CopyPlainAscii(scoped ReadOnlySpan<char> text, Span<byte> destination, byte specialMask)
    {
        if (text.Length > ShortText || text.Length > destination.Length) return 0;
        byte[] specials = AsciiSpecials;
        int i = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= 128 || (specials[c] & specialMask) != 0) break;
            destination[i] = (byte)c;
        }
        return i;
    }

    private static byte[] CreateAsciiSpecials()
    {
        var table = new byte[128];
        for (int c = 0; c < 32; c++) table[c] = SpecialInMeasurement | SpecialInKey;
        table[0x7F] = SpecialInMeasurement | SpecialInKey;
        table[','] = SpecialInMeasurement | SpecialInKey;
        table[' '] = SpecialInMeasurement | SpecialInKey;
        table['='] = SpecialInKey;
        table['\\'] = SpecialInMeasurement | SpecialInKey | SpecialInStringField;
        table['"'] = SpecialInStringField;
        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Ensure(int size)
    {
        if (_buffer.Length - _pos < size) Grow(size);
    }

    private void Grow(int size)
    {
        // Writing into the output's own span is the fast path; a point bigger than that span moves to a pooled array
        // (asking the output for a bigger span could invalidate what is written, which is not committed yet).
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _pos + size));
        _buffer[.._pos].CopyTo(next);
        if (_rented is not null) ArrayPool<byte>.Shared.Return(_rented);
        _rented = next;
        _buffer = next;
    }

    private void Reset()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
        _buffer = default;
        _pos = 0;
        _measurementLength = 0;
        _keyStart = 0;
        _keyLength = 0;
        _fieldCount = 0;
        _section = Section.Idle;
    }

    private static string? KeyText(ReadOnlySpan<byte> escapedKey) => escapedKey.IsEmpty ? null : Encoding.UTF8.GetString(escapedKey);

    private void FailKey(string reason, scoped ReadOnlySpan<byte> escapedKey, string? key, string? value) =>
        Fail(reason, key ?? KeyText(escapedKey), value);

    [DoesNotReturn]
    private void FailPoint(string reason)
    {
        _keyLength = 0; // the error concerns the point, not the last key written
        Fail(reason, null, null);
    }

    [DoesNotReturn]
    private void Fail(string reason, string? key, string? value)
    {
        string? measurement = _measurementLength > 0 ? Encoding.UTF8.GetString(_buffer[.._measurementLength]) : null;
        if (key is null && _keyLength > 0 && _section != Section.Idle) key = Encoding.UTF8.GetString(_buffer.Slice(_keyStart, _keyLength));
        Reset();
        throw new LineProtocolException(reason, measurement, key, value);
    }

    private static string ControlCharacters()
    {
        Span<char> controls = stackalloc char[33];
        for (int i = 0; i < 32; i++) controls[i] = (char)i;
        controls[32] = (char)0x7F;
        return controls.ToString();
    }
}
