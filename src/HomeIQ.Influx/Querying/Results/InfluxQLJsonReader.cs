using System.Text;
using System.Text.Json;

namespace HomeIQ.Influx.Querying.Results;

/// <summary>
/// Streams an InfluxQL <c>/query</c> JSON response with <see cref="Utf8JsonReader"/>:
/// <c>{"results":[{"statement_id":0,"series":[{"name":..,"tags":{..},"columns":[..],"values":[[..],..]}],"error":..}]}</c>.
/// A chunked response is several such documents one after the other; each is read the same way. Every parse step
/// (one property, one tag set, one column list, one row) either completes or consumes nothing, so a step cut by the end
/// of the buffer is simply retried after more bytes arrive.
/// </summary>
internal sealed class InfluxQLJsonReader : BufferedQueryReader
{
    private enum Context { BetweenDocuments, Root, Results, Result, SeriesList, Series, Values, Done }

    private Context _context = Context.BetweenDocuments;
    private JsonReaderState _state;

    private string? _seriesName;
    private string? _lastSeriesName;
    private bool _tagsSet;
    private readonly List<string> _columnNames = [];
    private readonly List<KeyValuePair<string, string>> _tags = [];
    private readonly List<string> _pending = [];
    private readonly List<KeyValuePair<string, string>> _pendingTags = [];

    // The current row: per value its kind and where its text lies in _buffer, in one array so a value is one bounds check
    // and one cache line.
    private Slot[] _slots = new Slot[16];
    private int _valueCount;
    private int _columnCount;

    public InfluxQLJsonReader(Stream stream, bool ownsStream, IDisposable? owner) : base(stream, ownsStream, owner)
    {
    }

    public override string? SeriesName => _seriesName;

    private protected override Step Advance()
    {
        while (true)
        {
            if (_context == Context.Done) return Step.End;
            if (_context == Context.BetweenDocuments)
            {
                while (_start < _end && _buffer[_start] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') _start++;
                if (_start == _end)
                {
                    if (!_eof) return Step.NeedData;
                    _context = Context.Done;
                    return Step.End;
                }
                _state = default;
            }
            var reader = new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _eof, _state);
            bool row;
            try
            {
                if (!TryStep(ref reader, out row)) return Step.NeedData;
            }
            catch (JsonException e)
            {
                throw new InfluxQueryException((_eof ? "The InfluxQL response is truncated or not valid JSON: " : "The InfluxQL response is not valid JSON: ") + e.Message, e);
            }
            _start += (int)reader.BytesConsumed;
            _state = reader.CurrentState;
            if (row) return Step.Row;
        }
    }

    private bool TryStep(ref Utf8JsonReader r, out bool row)
    {
        row = false;
        switch (_context)
        {
            case Context.BetweenDocuments:
                if (!r.Read()) return false;
                if (r.TokenType != JsonTokenType.StartObject) throw Malformed("a JSON object");
                _context = Context.Root;
                return true;

            case Context.Root:
                if (!r.Read()) return false;
                if (r.TokenType == JsonTokenType.EndObject) { _context = Context.BetweenDocuments; return true; }
                if (r.ValueTextEquals("results"u8))
                {
                    if (!r.Read()) return false;
                    if (r.TokenType != JsonTokenType.StartArray) throw Malformed("the results array");
                    _context = Context.Results;
                    return true;
                }
                if (r.ValueTextEquals("error"u8)) return ThrowServerError(ref r);
                return r.TrySkip();

            case Context.Results:
                if (!r.Read()) return false;
                if (r.TokenType == JsonTokenType.EndArray) { _context = Context.Root; return true; }
                if (r.TokenType != JsonTokenType.StartObject) throw Malformed("a result object");
                _context = Context.Result;
                return true;

            case Context.Result:
                if (!r.Read()) return false;
                if (r.TokenType == JsonTokenType.EndObject) { _context = Context.Results; return true; }
                if (r.ValueTextEquals("series"u8))
                {
                    if (!r.Read()) return false;
                    if (r.TokenType != JsonTokenType.StartArray) throw Malformed("the series array");
                    _context = Context.SeriesList;
                    return true;
                }
                if (r.ValueTextEquals("error"u8)) return ThrowServerError(ref r);
                return r.TrySkip();

            case Context.SeriesList:
                if (!r.Read()) return false;
                if (r.TokenType == JsonTokenType.EndArray) { _context = Context.Result; return true; }
                if (r.TokenType != JsonTokenType.StartObject) throw Malformed("a series object");
                _seriesName = null;
                _tagsSet = false;
                _columnNames.Clear();
                _columnCount = -1;
                _context = Context.Series;
                return true;

            case Context.Series:
                return TrySeriesProperty(ref r);

            case Context.Values:
                return TryRow(ref r, out row);

            default:
                return true;
        }
    }

    private bool TrySeriesProperty(ref Utf8JsonReader r)
    {
        if (!r.Read()) return false;
        if (r.TokenType == JsonTokenType.EndObject) { _context = Context.SeriesList; return true; }
        if (r.ValueTextEquals("name"u8))
        {
            if (!r.Read()) return false;
            _seriesName = r.TokenType == JsonTokenType.String ? ReuseOrGet(ref r, _lastSeriesName) : null;
            _lastSeriesName = _seriesName ?? _lastSeriesName;
            return true;
        }
        if (r.ValueTextEquals("tags"u8))
        {
            if (!r.Read()) return false;
            if (r.TokenType == JsonTokenType.Null) return true;
            if (r.TokenType != JsonTokenType.StartObject) throw Malformed("the tags object");
            _tagsSet = true;
            _pendingTags.Clear();
            int i = 0;
            while (true)
            {
                if (!r.Read()) return false;
                if (r.TokenType == JsonTokenType.EndObject) break;
                // Chunks repeat the series header: keep the strings of the previous chunk when they are unchanged.
                var previous = i < _tags.Count ? _tags[i] : default;
                string key = ReuseOrGet(ref r, previous.Key);
                if (!r.Read()) return false;
                string value = r.TokenType == JsonTokenType.Null ? "" : ReuseOrGet(ref r, previous.Value);
                _pendingTags.Add(new(key, value));
                i++;
            }
            _tags.Clear();
            _tags.AddRange(_pendingTags);
            return true;
        }
        if (r.ValueTextEquals("columns"u8))
        {
            if (!r.Read()) return false;
            if (r.TokenType != JsonTokenType.StartArray) throw Malformed("the columns array");
            _pending.Clear();
            var current = Columns?.Names;
            while (true)
            {
                if (!r.Read()) return false;
                if (r.TokenType == JsonTokenType.EndArray) break;
                int i = _pending.Count;
                _pending.Add(ReuseOrGet(ref r, current is not null && i < current.Length ? current[i] : null));
            }
            _columnNames.Clear();
            _columnNames.AddRange(_pending);
            return true;
        }
        if (r.ValueTextEquals("values"u8))
        {
            if (!r.Read()) return false;
            if (r.TokenType != JsonTokenType.StartArray) throw Malformed("the values array");
            UseSchema();
            _context = Context.Values;
            return true;
        }
        return r.TrySkip();
    }

    // The series' tags become columns after the value columns, so a tag grouped with GROUP BY maps like any other.
    // The schema object is kept while the names do not change, so generated mappers keep their cached ordinals.
    private void UseSchema()
    {
        if (!_tagsSet) _tags.Clear();
        _columnCount = _columnNames.Count;
        int total = _columnCount + _tags.Count;
        if (Columns is { } c && c.Count == total)
        {
            bool same = true;
            for (int i = 0; i < total && same; i++) same = string.Equals(c.Names[i], NameAt(i), StringComparison.Ordinal);
            if (same) return;
        }
        var names = new string[total];
        for (int i = 0; i < total; i++) names[i] = NameAt(i);
        Columns = new QueryColumns(names);
    }

    private string NameAt(int i) => i < _columnCount ? _columnNames[i] : _tags[i - _columnCount].Key;

    private bool TryRow(ref Utf8JsonReader r, out bool row)
    {
        row = false;
        if (!r.Read()) return false;
        if (r.TokenType == JsonTokenType.EndArray) { _context = Context.Series; return true; }
        if (r.TokenType != JsonTokenType.StartArray) throw Malformed("a row array");
        int n = 0;
        while (true)
        {
            if (!r.Read()) return false;
            if (r.TokenType == JsonTokenType.EndArray) break;
            if (n == _slots.Length) Array.Resize(ref _slots, n * 2);
            ref var slot = ref _slots[n];
            int offset = _start + (int)r.TokenStartIndex;
            switch (r.TokenType)
            {
                case JsonTokenType.String:
                    slot.Kind = ValueKind.String;
                    slot.Offset = offset + 1;
                    slot.Length = r.ValueSpan.Length;
                    slot.Escaped = r.ValueIsEscaped;
                    break;
                case JsonTokenType.Number:
                    slot.Kind = ValueKind.Number;
                    slot.Offset = offset;
                    slot.Length = r.ValueSpan.Length;
                    slot.Escaped = false;
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    slot.Kind = ValueKind.Boolean;
                    slot.Offset = offset;
                    slot.Length = r.ValueSpan.Length;
                    slot.Escaped = false;
                    break;
                case JsonTokenType.Null:
                    slot.Kind = ValueKind.Null;
                    break;
                default:
                    if (!r.TrySkip()) return false;
                    slot.Kind = ValueKind.Composite;
                    break;
            }
            n++;
        }
        _valueCount = n;
        row = true;
        return true;
    }

    internal override ValueKind GetKind(int ordinal)
    {
        if (ordinal >= _columnCount) return ValueKind.String; // a series tag
        return ordinal < _valueCount ? _slots[ordinal].Kind : ValueKind.Null;
    }

    internal override string GetStringValue(int ordinal) =>
        ordinal >= _columnCount ? _tags[ordinal - _columnCount].Value : Encoding.UTF8.GetString(GetUtf8(ordinal));

    internal override ValueKind GetValue(int ordinal, out ReadOnlySpan<byte> text)
    {
        var kind = GetKind(ordinal);
        text = kind == ValueKind.Null ? default : GetUtf8(ordinal);
        return kind;
    }

    internal override ReadOnlySpan<byte> GetUtf8(int ordinal)
    {
        if (ordinal >= _columnCount)
        {
            string tag = _tags[ordinal - _columnCount].Value;
            var scratch = Scratch(Encoding.UTF8.GetMaxByteCount(tag.Length));
            return scratch.AsSpan(0, Encoding.UTF8.GetBytes(tag, scratch));
        }
        if (ordinal >= _valueCount) return default;
        ref readonly var slot = ref _slots[ordinal];
        if (slot.Kind is ValueKind.Null or ValueKind.Composite) return default;
        var raw = _buffer.AsSpan(slot.Offset, slot.Length);
        if (!slot.Escaped) return raw;
        // Unescape through a reader over the quoted token; JSON unescaping never makes text longer.
        var quoted = _buffer.AsSpan(slot.Offset - 1, slot.Length + 2);
        var inner = new Utf8JsonReader(quoted);
        inner.Read();
        var target = Scratch(raw.Length);
        int written = inner.CopyString(target);
        return target.AsSpan(0, written);
    }

    private static string ReuseOrGet(ref Utf8JsonReader r, string? previous) =>
        previous is not null && r.ValueTextEquals(previous) ? previous : r.GetString() ?? "";

    private bool ThrowServerError(ref Utf8JsonReader r)
    {
        if (!r.Read()) return false;
        string message = r.TokenType == JsonTokenType.String ? r.GetString() ?? "" : "(error without a message)";
        throw new InfluxQueryException("InfluxDB rejected the query: " + message, 200, message);
    }

    private static InfluxQueryException Malformed(string expected) =>
        new($"The InfluxQL response is not in the expected shape: expected {expected}.");

    private struct Slot
    {
        public int Offset;
        public int Length;
        public ValueKind Kind;
        public bool Escaped;
    }
}
