using System.Collections.Immutable;
using System.ComponentModel;
using HomeIQ.Influx.Querying.Builder;

namespace HomeIQ.Influx.Querying;

/// <summary>
/// The immutable description of a measurement query that the builders copy on every call. Generated query classes
/// only pass it through (<c>With(QuerySpec)</c>); its content is read by <see cref="InfluxQLQueryText"/> and
/// <see cref="FluxQueryText"/>.
/// </summary>
/// <remarks>
/// <para>Infrastructure for the code the HomeIQ.Influx source generator writes: hidden from IntelliSense, kept public only because generated code in your assembly calls it. Not meant to be used directly; it may change with the generator.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed record QuerySpec
{
    /// <summary>A query with no condition: every point of the measurement.</summary>
    public static QuerySpec Empty { get; } = new();

    private QuerySpec() { }

    /// <summary>The measurement to read instead of the type's (<c>FromMeasurement</c>), or null.</summary>
    internal string? Measurement { get; init; }
    internal DateTimeOffset? Start { get; init; }
    internal DateTimeOffset? Stop { get; init; }
    internal TimeSpan? LastDuration { get; init; }
    internal ImmutableArray<TagFilter> TagFilters { get; init; } = [];
    internal ImmutableArray<FieldFilter> FieldFilters { get; init; } = [];
    internal ImmutableArray<string>? SelectedFields { get; init; }
    internal int? LimitCount { get; init; }
    internal bool Descending { get; init; }
    internal WindowSpec? Window { get; init; }
    internal QueryLanguage Language { get; init; }
}
