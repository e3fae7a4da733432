namespace HomeIQ.Influx.Querying.Results;

// How a value is typed in the response: JSON token types for InfluxQL, #datatype annotations for Flux CSV.
internal enum ValueKind : byte
{
    Null,
    String,
    Number,
    Boolean,
    Composite,
    Unknown,
    Double,
    Long,
    ULong,
    DateTime,
    Duration,
    Base64,
}

/// <summary>The columns of the current series (InfluxQL) or table (Flux). One instance is kept while the schema does not change.</summary>
internal sealed class QueryColumns
{
    private string[]? _mappedFor;
    private int[]? _mapped;

    public QueryColumns(string[] names, ValueKind[]? kinds = null)
    {
        Names = names;
        Kinds = kinds;
        TimeOrdinal = IndexOfExact("time");
        if (TimeOrdinal < 0) TimeOrdinal = IndexOfExact("_time");
    }

    public string[] Names { get; }

    /// <summary>Declared column types (Flux #datatype), or null when the format has none (InfluxQL JSON).</summary>
    public ValueKind[]? Kinds { get; }

    public int TimeOrdinal { get; }

    public int Count => Names.Length;

    /// <summary>The ordinal of <paramref name="name"/>; <c>time</c> also finds Flux's <c>_time</c>.</summary>
    public int IndexOf(string name)
    {
        int i = IndexOfExact(name);
        if (i < 0 && string.Equals(name, "time", StringComparison.Ordinal)) i = TimeOrdinal;
        return i;
    }

    // Generated mappers pass the same static array for every row, so the lookup runs once per schema, not per row.
    public ReadOnlySpan<int> Map(string[] names)
    {
        if (!ReferenceEquals(_mappedFor, names))
        {
            var mapped = new int[names.Length];
            for (int i = 0; i < names.Length; i++) mapped[i] = IndexOf(names[i]);
            _mapped = mapped;
            _mappedFor = names;
        }
        return _mapped;
    }

    public bool SameAs(ReadOnlySpan<string> names, ReadOnlySpan<ValueKind> kinds)
    {
        if (names.Length != Names.Length) return false;
        for (int i = 0; i < names.Length; i++)
            if (!ReferenceEquals(names[i], Names[i]) && !string.Equals(names[i], Names[i], StringComparison.Ordinal)) return false;
        if (Kinds is null) return kinds.IsEmpty;
        return kinds.SequenceEqual(Kinds);
    }

    private int IndexOfExact(string name)
    {
        var names = Names;
        for (int i = 0; i < names.Length; i++)
            if (string.Equals(names[i], name, StringComparison.Ordinal)) return i;
        return -1;
    }
}
