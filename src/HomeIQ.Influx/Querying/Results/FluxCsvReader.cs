using System.Text;

namespace HomeIQ.Influx.Querying.Results;

/// <summary>
/// Streams a Flux annotated CSV response (RFC 4180 records, CRLF or LF, quoted cells with <c>""</c>). Annotation rows
/// (<c>#datatype</c>, <c>#group</c>, <c>#default</c>, <c>#null</c>) describe the next table; the header row names its
/// columns; an empty row ends a table or result so new annotations and a header follow. A table whose columns are
/// <c>error,reference</c> is the server reporting a failure, before or in the middle of the results: it is thrown as
/// <see cref="InfluxQueryException"/>.
/// </summary>
internal sealed class FluxCsvReader : BufferedQueryReader
{
    private enum State { ExpectHeader, Data, ErrorTable }

    private State _state = State.ExpectHeader;
    private bool _lastWasAnnotation;
    private ValueKind[]? _datatypes;
    private byte[]?[]? _defaults;
    private byte[]?[]? _nulls;
    private int _errorColumn = -1;
    private int _referenceColumn = -1;

    // The current record: where each cell lies in _buffer and whether it was quoted with doubled quotes inside.
    private int[] _offsets = new int[32];
    private int[] _lengths = new int[32];
    private bool[] _unquote = new bool[32];
    private int _count;

    public FluxCsvReader(Stream stream, bool ownsStream, IDisposable? owner) : base(stream, ownsStream, owner)
    {
    }

    private protected override Step Advance()
    {
        while (true)
        {
            if (!TryParseRecord(out int consumed)) return _eof && _start == _end ? Step.End : Step.NeedData;
            if (IsBlankRecord())
            {
                _start += consumed;
                _state = State.ExpectHeader;
                _lastWasAnnotation = false;
                ResetAnnotations();
                continue;
            }
            var first = Cell(0);
            if (!first.IsEmpty && first[0] == '#')
            {
                if (!_lastWasAnnotation) ResetAnnotations();
                ApplyAnnotation(first);
                _lastWasAnnotation = true;
                _state = State.ExpectHeader;
                _start += consumed;
                continue;
            }
            _lastWasAnnotation = false;
            if (_state == State.ExpectHeader)
            {
                ReadHeader();
                _start += consumed;
                continue;
            }
            if (_state == State.ErrorTable) ThrowErrorTable();
            _start += consumed;
            return Step.Row;
        }
    }

    private bool IsBlankRecord() => _count == 1 && _lengths[0] == 0 && !_unquote[0] && !_quotedEmpty;

    private bool _quotedEmpty;

    // Parses one record starting at _start without consuming it; false when it is not complete in the buffer yet.
    private bool TryParseRecord(out int consumed)
    {
        consumed = 0;
        var span = _buffer.AsSpan(_start, _end - _start);
        if (span.IsEmpty) return false;
        int i = 0, n = 0;
        _quotedEmpty = false;
        while (true)
        {
            if (n == _offsets.Length) Grow();
            if (i < span.Length && span[i] == '"')
            {
                int j = i + 1;
                bool doubled = false;
                while (true)
                {
                    int q = span[j..].IndexOf((byte)'"');
                    if (q < 0)
                    {
                        if (_eof) throw new InfluxQueryException("The Flux CSV response ends inside a quoted value.");
                        return false;
                    }
                    j += q;
                    if (j + 1 < span.Length && span[j + 1] == '"') { doubled = true; j += 2; continue; }
                    if (j + 1 >= span.Length && !_eof) return false;
                    break;
                }
                _offsets[n] = _start + i + 1;
                _lengths[n] = j - (i + 1);
                _unquote[n] = doubled;
                if (_lengths[n] == 0 && n == 0) _quotedEmpty = true;
                i = j + 1;
            }
            else
            {
                int k = span[i..].IndexOfAny((byte)',', (byte)'\n');
                if (k < 0)
                {
                    if (!_eof) return false;
                    k = span.Length - i;
                }
                int length = k;
                if (length > 0 && span[i + length - 1] == '\r' && i + k < span.Length && span[i + k] == '\n') length--;
                else if (length > 0 && span[i + length - 1] == '\r' && i + k == span.Length) length--;
                _offsets[n] = _start + i;
                _lengths[n] = length;
                _unquote[n] = false;
                i += k;
            }
            n++;
            if (i >= span.Length)
            {
                if (!_eof) return false;
                consumed = i;
                break;
            }
            byte c = span[i];
            if (c == ',') { i++; continue; }
            if (c == '\r')
            {
                if (i + 1 >= span.Length) { if (!_eof) return false; consumed = i + 1; break; }
                if (span[i + 1] == '\n') { consumed = i + 2; break; }
                throw new InfluxQueryException("The Flux CSV response has a stray carriage return.");
            }
            if (c == '\n') { consumed = i + 1; break; }
            throw new InfluxQueryException("The Flux CSV response has text after a closing quote.");
        }
        _count = n;
        return true;
    }

    private ReadOnlySpan<byte> Cell(int index) => _buffer.AsSpan(_offsets[index], _lengths[index]);

    private string CellString(int index) => Encoding.UTF8.GetString(Unquoted(index));

    private ReadOnlySpan<byte> Unquoted(int index)
    {
        var raw = Cell(index);
        if (!_unquote[index]) return raw;
        var target = Scratch(raw.Length);
        int w = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            target[w++] = raw[i];
            if (raw[i] == '"') i++; // "" stands for "
        }
        return target.AsSpan(0, w);
    }

    private void ResetAnnotations()
    {
        _datatypes = null;
        _defaults = null;
        _nulls = null;
    }

    private void ApplyAnnotation(ReadOnlySpan<byte> name)
    {
        if (name.SequenceEqual("#datatype"u8))
        {
            _datatypes = new ValueKind[_count];
            for (int i = 1; i < _count; i++) _datatypes[i] = ParseDatatype(Cell(i));
        }
        else if (name.SequenceEqual("#default"u8))
        {
            _defaults = new byte[]?[_count];
            for (int i = 1; i < _count; i++) _defaults[i] = _lengths[i] == 0 ? null : Unquoted(i).ToArray();
        }
        else if (name.SequenceEqual("#null"u8))
        {
            _nulls = new byte[]?[_count];
            for (int i = 1; i < _count; i++) _nulls[i] = Unquoted(i).ToArray();
        }
        // #group needs no handling to read rows: the group key columns are ordinary columns of every row.
    }

    private static ValueKind ParseDatatype(ReadOnlySpan<byte> type)
    {
        if (type.SequenceEqual("string"u8)) return ValueKind.String;
        if (type.SequenceEqual("double"u8)) return ValueKind.Double;
        if (type.SequenceEqual("long"u8)) return ValueKind.Long;
        if (type.SequenceEqual("unsignedLong"u8)) return ValueKind.ULong;
        if (type.SequenceEqual("boolean"u8)) return ValueKind.Boolean;
        if (type.StartsWith("dateTime"u8)) return ValueKind.DateTime;
        if (type.SequenceEqual("duration"u8)) return ValueKind.Duration;
        if (type.SequenceEqual("base64Binary"u8)) return ValueKind.Base64;
        return ValueKind.Unknown;
    }

    private void ReadHeader()
    {
        var names = new string[_count];
        var kinds = new ValueKind[_count];
        var current = Columns?.Names;
        for (int i = 0; i < _count; i++)
        {
            var cell = Unquoted(i);
            // Keep the previous table's strings when the header repeats, so nothing is allocated per table.
            names[i] = current is not null && i < current.Length && Utf8Equals(cell, current[i]) ? current[i] : Encoding.UTF8.GetString(cell);
            kinds[i] = _datatypes is not null && i < _datatypes.Length ? _datatypes[i] : ValueKind.Unknown;
        }
        _errorColumn = Array.IndexOf(names, "error");
        _referenceColumn = Array.IndexOf(names, "reference");
        int dataColumns = names.Count(n => n.Length > 0);
        _state = _errorColumn >= 0 && _referenceColumn >= 0 && dataColumns == 2 ? State.ErrorTable : State.Data;
        if (Columns is null || !Columns.SameAs(names, kinds)) Columns = new QueryColumns(names, kinds);
    }

    private void ThrowErrorTable()
    {
        string message = _errorColumn < _count ? CellString(_errorColumn) : "";
        string? reference = _referenceColumn < _count && _lengths[_referenceColumn] > 0 ? CellString(_referenceColumn) : null;
        if (message.Length == 0) message = "(error without a message)";
        throw new InfluxQueryException("InfluxDB failed to run the Flux query: " + message, 200, message, reference);
    }

    internal override ValueKind GetKind(int ordinal)
    {
        if (ordinal >= _count) return ValueKind.Null;
        var kinds = Columns!.Kinds;
        var kind = kinds is not null && ordinal < kinds.Length ? kinds[ordinal] : ValueKind.Unknown;
        if (_lengths[ordinal] == 0)
        {
            var fallback = _defaults is not null && ordinal < _defaults.Length ? _defaults[ordinal] : null;
            if (fallback is null) return ValueKind.Null;
            if (_nulls is not null && ordinal < _nulls.Length && _nulls[ordinal] is { } nv && nv.AsSpan().SequenceEqual(fallback)) return ValueKind.Null;
            return kind;
        }
        if (_nulls is not null && ordinal < _nulls.Length && _nulls[ordinal] is { Length: > 0 } nullText && Cell(ordinal).SequenceEqual(nullText)) return ValueKind.Null;
        return kind;
    }

    internal override string GetStringValue(int ordinal) => Encoding.UTF8.GetString(GetUtf8(ordinal));

    internal override ValueKind GetValue(int ordinal, out ReadOnlySpan<byte> text)
    {
        var kind = GetKind(ordinal);
        text = kind == ValueKind.Null ? default : GetUtf8(ordinal);
        return kind;
    }

    internal override ReadOnlySpan<byte> GetUtf8(int ordinal)
    {
        if (ordinal >= _count) return default;
        if (_lengths[ordinal] == 0) return _defaults is not null && ordinal < _defaults.Length && _defaults[ordinal] is { } d ? d : default;
        return Unquoted(ordinal);
    }

    private static bool Utf8Equals(ReadOnlySpan<byte> utf8, string text)
    {
        if (utf8.Length != text.Length)
            return utf8.Length >= text.Length && Encoding.UTF8.GetString(utf8) == text;
        for (int i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] >= 0x80) return Encoding.UTF8.GetString(utf8) == text;
            if (utf8[i] != text[i]) return false;
        }
        return true;
    }

    private void Grow()
    {
        int size = _offsets.Length * 2;
        Array.Resize(ref _offsets, size);
        Array.Resize(ref _lengths, size);
        Array.Resize(ref _unquote, size);
    }
}
