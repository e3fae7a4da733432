using System.Collections.Immutable;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using HomeIQ.Influx.Querying.Builder;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// The fluent, immutable query builder that generated <c>{Type}Query</c> classes derive from: every method returns a
/// new query and leaves this one unchanged, so a query can be kept and reused. Keys given as strings are checked
/// against <typeparamref name="T"/>'s schema; every value is escaped into the query text (see <see cref="InfluxQLText"/>
/// and <see cref="FluxText"/>), so a value such as <c>x' OR 1=1 --</c> is only ever a literal.
/// </summary>
/// <typeparam name="T">The measurement type the rows are read into.</typeparam>
/// <typeparam name="TSelf">The concrete query type (the generated class).</typeparam>
/// <remarks>
/// <para>The base class of the generated <c>{Type}Query</c> classes and of <see cref="MeasurementQuery{T}"/>: use those; its methods are theirs. Hidden from IntelliSense because you never name it yourself; its protected members (<see cref="Spec"/>, <see cref="With"/>) are for generated code.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class MeasurementQueryBase<T, TSelf>
    where T : IQueryableMeasurement<T>
    where TSelf : MeasurementQueryBase<T, TSelf>
{
    /// <summary>Creates a query of every point of the measurement.</summary>
    protected MeasurementQueryBase(InfluxClient client) : this(client, QuerySpec.Empty)
    {
    }

    /// <summary>Creates a query with the given specification (used by <see cref="With"/>).</summary>
    protected MeasurementQueryBase(InfluxClient client, QuerySpec spec)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(spec);
        Client = client;
        Spec = spec;
    }

    /// <summary>The client the query runs on.</summary>
    public InfluxClient Client { get; }

    /// <summary>The query's immutable specification.</summary>
    protected QuerySpec Spec { get; }

    private static MeasurementSchema Schema => T.QuerySchema;

    /// <summary>Returns a new query of the concrete type with <paramref name="spec"/> (generated: <c>=&gt; new(Client, spec)</c>).</summary>
    protected abstract TSelf With(QuerySpec spec);

    /// <summary>
    /// Reads the measurement <paramref name="measurement"/> instead of <typeparamref name="T"/>'s declared one: for
    /// points written with a run-time name (<see cref="MeasurementNameAttribute"/>), or any measurement with the same
    /// tags and fields. The name is quoted like every other name in the query text.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="measurement"/> is null or empty.</exception>
    public TSelf FromMeasurement(string measurement)
    {
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        return With(Spec with { Measurement = measurement });
    }

    /// <summary>Only points with <paramref name="start"/> &lt;= time &lt; <paramref name="stop"/>. Replaces any earlier range or <see cref="Last"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="stop"/> is not after <paramref name="start"/>.</exception>
    public TSelf Range(DateTimeOffset start, DateTimeOffset stop)
    {
        if (stop <= start) throw new ArgumentException($"The range stop ({stop:O}) must be after its start ({start:O}).", nameof(stop));
        return With(Spec with { Start = start, Stop = stop, LastDuration = null });
    }

    /// <summary>Only points with time &gt;= <paramref name="start"/>. Replaces any earlier range or <see cref="Last"/>.</summary>
    public TSelf Since(DateTimeOffset start) => With(Spec with { Start = start, Stop = null, LastDuration = null });

    /// <summary>Only points of the last <paramref name="duration"/> (from the server's now). Replaces any earlier range.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is not positive.</exception>
    public TSelf Last(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "The duration must be positive.");
        return With(Spec with { LastDuration = duration, Start = null, Stop = null });
    }

    /// <summary>Only points whose tag <paramref name="tagKey"/> equals <paramref name="value"/> exactly.</summary>
    /// <exception cref="ArgumentException"><paramref name="tagKey"/> is not a tag of <typeparamref name="T"/>.</exception>
    public TSelf WhereTag(string tagKey, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return AddTagFilter(new TagFilter(CheckTag(tagKey), TagFilterKind.Equal, [value]));
    }

    /// <summary>Only points whose tag <paramref name="tagKey"/> equals one of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is empty or holds null, or the key is not a tag.</exception>
    public TSelf WhereTagIn(string tagKey, params IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = values.ToImmutableArray();
        if (list.IsEmpty) throw new ArgumentException($"{Schema.TypeName}: WhereTagIn('{tagKey}') needs at least one value.", nameof(values));
        if (list.Any(v => v is null)) throw new ArgumentException($"{Schema.TypeName}: WhereTagIn('{tagKey}') values must not be null.", nameof(values));
        return AddTagFilter(new TagFilter(CheckTag(tagKey), TagFilterKind.In, list));
    }

    /// <summary>
    /// Only points whose tag matches the regular expression <paramref name="pattern"/>. The server evaluates it with
    /// Go's RE2 syntax; use <see cref="InfluxRegex.EscapeLiteral"/> to match text literally.
    /// </summary>
    public TSelf WhereTagMatches(string tagKey, string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        // Fail now (not on the server) when the pattern would break the literal.
        _ = InfluxQLText.QuoteRegex(pattern);
        return AddTagFilter(new TagFilter(CheckTag(tagKey), TagFilterKind.Regex, [pattern]));
    }

    /// <summary>
    /// Only points whose tag matches <paramref name="regex"/>: its pattern is sent, with <see cref="RegexOptions.IgnoreCase"/>,
    /// <see cref="RegexOptions.Multiline"/> and <see cref="RegexOptions.Singleline"/> as RE2 flags (<c>(?ims)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The regex uses an option RE2 does not have (right-to-left, ECMAScript, explicit capture, pattern whitespace).</exception>
    public TSelf WhereTagMatches(string tagKey, Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        const RegexOptions unsupported = RegexOptions.RightToLeft | RegexOptions.ECMAScript | RegexOptions.ExplicitCapture | RegexOptions.IgnorePatternWhitespace;
        if ((regex.Options & unsupported) != 0)
            throw new ArgumentException($"{Schema.TypeName}: the regex options {regex.Options & unsupported} have no equivalent in InfluxDB's RE2 engine.", nameof(regex));
        string flags = (regex.Options.HasFlag(RegexOptions.IgnoreCase) ? "i" : "") + (regex.Options.HasFlag(RegexOptions.Multiline) ? "m" : "") +
                       (regex.Options.HasFlag(RegexOptions.Singleline) ? "s" : "");
        return WhereTagMatches(tagKey, flags.Length > 0 ? $"(?{flags}){regex}" : regex.ToString());
    }

    /// <summary>Only points whose numeric field compares with <paramref name="value"/> as given.</summary>
    /// <exception cref="ArgumentException">The key is not a numeric field, or the value does not fit its kind.</exception>
    public TSelf WhereField(string fieldKey, FieldComparison comparison, double value)
    {
        var field = CheckNumericField(fieldKey);
        return AddFieldFilter(new FieldFilter(field.Key, comparison, NumberLiteral.For(field, value, Schema.TypeName)));
    }

    /// <inheritdoc cref="WhereField(string, FieldComparison, double)"/>
    public TSelf WhereField(string fieldKey, FieldComparison comparison, long value)
    {
        var field = CheckNumericField(fieldKey);
        return AddFieldFilter(new FieldFilter(field.Key, comparison, NumberLiteral.For(field, value, Schema.TypeName)));
    }

    /// <inheritdoc cref="WhereField(string, FieldComparison, double)"/>
    public TSelf WhereField(string fieldKey, FieldComparison comparison, ulong value)
    {
        var field = CheckNumericField(fieldKey);
        return AddFieldFilter(new FieldFilter(field.Key, comparison, NumberLiteral.For(field, value, Schema.TypeName)));
    }

    /// <summary>Reads only these fields (the others keep their default in the results). Replaces an earlier selection.</summary>
    /// <exception cref="ArgumentException">No key is given, or a key is not a field of <typeparamref name="T"/>.</exception>
    public TSelf SelectFields(params IEnumerable<string> fieldKeys)
    {
        ArgumentNullException.ThrowIfNull(fieldKeys);
        var keys = fieldKeys.Distinct(StringComparer.Ordinal).ToImmutableArray();
        if (keys.IsEmpty) throw new ArgumentException($"{Schema.TypeName}: select at least one field.", nameof(fieldKeys));
        foreach (var key in keys) CheckField(key);
        var spec = Spec with { SelectedFields = keys };
        AggregateRules.Check(Schema, spec, nameof(fieldKeys));
        return With(spec);
    }

    /// <summary>
    /// Returns at most <paramref name="count"/> rows. A window grouped by tags returns up to <paramref name="count"/>
    /// rows per group (InfluxQL's <c>LIMIT</c> counts per series, and the Flux text limits each group's table the same
    /// way): <c>Limit(3)</c> over three rooms can return nine rows.
    /// </summary>
    public TSelf Limit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return With(Spec with { LimitCount = count });
    }

    /// <summary>Returns the newest rows first.</summary>
    public TSelf OrderByTimeDescending() => With(Spec with { Descending = true });

    /// <summary>
    /// Aggregates each selected field with <paramref name="function"/> over windows of <paramref name="every"/>
    /// (aligned to the Unix epoch; empty windows are left out), one series per combination of
    /// <paramref name="groupByTags"/>. Each row's time is its window's start; a field's value is its aggregate, read
    /// into the field's own member. Without a selection, the fields whose aggregate fits their member are read: mean
    /// the float fields, count/sum/min/max the numeric fields, last every field. For the mean of integer fields (not an
    /// integer) use <see cref="Aggregate{TRow}"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A selected field's aggregate does not fit its member (the mean of an integer field, ...).</exception>
    public TSelf Window(TimeSpan every, AggregateFunction function, params IEnumerable<string> groupByTags) =>
        With(Windowed(every, function, groupByTags, numericRows: false, nameof(function)));

    /// <summary>
    /// Like <see cref="Window"/>, but the rows are <typeparamref name="TRow"/>, which reads every aggregate as a number:
    /// the generated <c>{Type}Query.Aggregate</c> passes its <c>WindowRow</c>, whose members are the window's start,
    /// the tags, and one <c>double?</c> per field (null when the window holds no value of it). Without a selection the
    /// numeric fields are read (every field for count). Filters and the selection come before this call; the
    /// returned query can still be limited, ordered and run.
    /// </summary>
    /// <typeparam name="TRow">The row type.</typeparam>
    /// <exception cref="ArgumentException">A selected field's aggregate is not a number (the mean of a string field, ...).</exception>
    public AggregateQuery<T, TRow> Aggregate<TRow>(TimeSpan every, AggregateFunction function, params IEnumerable<string> groupByTags)
        where TRow : IQueryableMeasurement<TRow> =>
        new(MeasurementQuery<T>.Create(Client, Windowed(every, function, groupByTags, numericRows: true, nameof(function))));

    private QuerySpec Windowed(TimeSpan every, AggregateFunction function, IEnumerable<string> groupByTags, bool numericRows, string parameterName)
    {
        if (every <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(every), every, "The window must be positive.");
        if (!Enum.IsDefined(function)) throw new ArgumentOutOfRangeException(nameof(function), function, "Unknown aggregate function.");
        ArgumentNullException.ThrowIfNull(groupByTags);
        var tags = groupByTags.Select(CheckTag).Distinct(StringComparer.Ordinal).ToImmutableArray();
        var spec = Spec with { Window = new WindowSpec(every, function, tags, numericRows) };
        AggregateRules.Check(Schema, spec, parameterName);
        return spec;
    }

    /// <summary>Chooses the language <see cref="ExecuteAsync"/> sends (default <see cref="QueryLanguage.Auto"/>).</summary>
    public TSelf WithLanguage(QueryLanguage language) => With(Spec with { Language = language });

    /// <summary>The InfluxQL text this query sends (in InfluxDB 3's dialect when the client's API is v3).</summary>
    public string ToInfluxQL() => InfluxQLQueryText.Build(Schema, Spec, Client.Options.Api);

    /// <summary>The Flux text this query sends (the bucket is the client's, for v1 <c>database/retention-policy</c>).</summary>
    public string ToFlux() => FluxQueryText.Build(Schema, Spec, FluxBucket(Client.Options));

    /// <summary>Runs the query and streams the rows as <typeparamref name="T"/> while the response arrives.</summary>
    /// <exception cref="InfluxQueryException">The server rejected the query or reported an error in the response.</exception>
    /// <exception cref="InfluxRowMappingException">A value cannot be converted to its member.</exception>
    public IAsyncEnumerable<T> ExecuteAsync(CancellationToken cancellationToken = default) => ExecuteAsAsync<T>(cancellationToken);

    // The rows of this query's text read as TRow: T itself, or an aggregate row (AggregateQuery).
    internal async IAsyncEnumerable<TRow> ExecuteAsAsync<TRow>([EnumeratorCancellation] CancellationToken cancellationToken)
        where TRow : IQueryableMeasurement<TRow>
    {
        var language = Spec.Language == QueryLanguage.Auto
            ? (Client.Options.Api == InfluxApiVersion.V2 ? QueryLanguage.Flux : QueryLanguage.InfluxQL)
            : Spec.Language;
        var reader = language == QueryLanguage.Flux
            ? await Client.QueryFluxAsync(ToFlux(), cancellationToken).ConfigureAwait(false)
            : await Client.QueryInfluxQLAsync(ToInfluxQL(), options: null, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                yield return reader.ReadCurrent<TRow>();
        }
    }

    /// <summary>The InfluxQL text.</summary>
    public override string ToString() => ToInfluxQL();

    internal static string FluxBucket(InfluxClientOptions options) =>
        options.Api == InfluxApiVersion.V1 && options.RetentionPolicy is { Length: > 0 } rp
            ? $"{options.Target}/{rp}"
            : options.Target ?? "";

    private TSelf AddTagFilter(TagFilter filter) => With(Spec with { TagFilters = Spec.TagFilters.Add(filter) });

    private TSelf AddFieldFilter(FieldFilter filter) => With(Spec with { FieldFilters = Spec.FieldFilters.Add(filter) });

    private static string CheckTag(string tagKey)
    {
        ArgumentNullException.ThrowIfNull(tagKey);
        if (!Schema.IsTag(tagKey))
            throw new ArgumentException($"{Schema.TypeName} has no tag '{tagKey}'; its tags are: {string.Join(", ", Schema.TagKeys)}.", nameof(tagKey));
        return tagKey;
    }

    private static MeasurementField CheckField(string fieldKey)
    {
        ArgumentNullException.ThrowIfNull(fieldKey);
        if (!Schema.TryGetField(fieldKey, out var field))
            throw new ArgumentException($"{Schema.TypeName} has no field '{fieldKey}'; its fields are: {string.Join(", ", Schema.Fields.Select(f => f.Key))}.", nameof(fieldKey));
        return field;
    }

    private static MeasurementField CheckNumericField(string fieldKey)
    {
        var field = CheckField(fieldKey);
        if (!field.IsNumeric) throw new ArgumentException($"{Schema.TypeName}.{fieldKey} is a {field.Kind} field; only numeric fields can be compared.", nameof(fieldKey));
        return field;
    }
}

/// <summary>A query of <typeparamref name="T"/> by tag and field keys given as strings; the generated <c>{Type}Query</c> adds typed methods.</summary>
/// <typeparam name="T">The measurement type.</typeparam>
public sealed class MeasurementQuery<T> : MeasurementQueryBase<T, MeasurementQuery<T>> where T : IQueryableMeasurement<T>
{
    /// <summary>Creates a query of every point of <typeparamref name="T"/>'s measurement.</summary>
    public MeasurementQuery(InfluxClient client) : base(client)
    {
    }

    private MeasurementQuery(InfluxClient client, QuerySpec spec) : base(client, spec)
    {
    }

    internal static MeasurementQuery<T> Create(InfluxClient client, QuerySpec spec) => new(client, spec);

    /// <inheritdoc/>
    protected override MeasurementQuery<T> With(QuerySpec spec) => new(Client, spec);
}
