namespace HomeIQ.Influx.Querying;

/// <summary>
/// A window query of <typeparamref name="T"/> points whose rows are <typeparamref name="TRow"/>: every aggregate read
/// as a number (see <see cref="MeasurementQueryBase{T, TSelf}.Aggregate{TRow}"/>). Immutable, like the query it came
/// from: every method returns a new query.
/// </summary>
/// <typeparam name="T">The measurement type whose points are aggregated.</typeparam>
/// <typeparam name="TRow">The row type (the generated <c>{Type}Query.WindowRow</c>).</typeparam>
public sealed class AggregateQuery<T, TRow>
    where T : IQueryableMeasurement<T>
    where TRow : IQueryableMeasurement<TRow>
{
    private readonly MeasurementQuery<T> _query;

    internal AggregateQuery(MeasurementQuery<T> query) => _query = query;

    /// <inheritdoc cref="MeasurementQueryBase{T, TSelf}.Limit"/>
    public AggregateQuery<T, TRow> Limit(int count) => new(_query.Limit(count));

    /// <inheritdoc cref="MeasurementQueryBase{T, TSelf}.OrderByTimeDescending"/>
    public AggregateQuery<T, TRow> OrderByTimeDescending() => new(_query.OrderByTimeDescending());

    /// <inheritdoc cref="MeasurementQueryBase{T, TSelf}.WithLanguage"/>
    public AggregateQuery<T, TRow> WithLanguage(QueryLanguage language) => new(_query.WithLanguage(language));

    /// <inheritdoc cref="MeasurementQueryBase{T, TSelf}.ToInfluxQL"/>
    public string ToInfluxQL() => _query.ToInfluxQL();

    /// <inheritdoc cref="MeasurementQueryBase{T, TSelf}.ToFlux"/>
    public string ToFlux() => _query.ToFlux();

    /// <summary>Runs the query and streams the rows as <typeparamref name="TRow"/> while the response arrives.</summary>
    /// <exception cref="InfluxQueryException">The server rejected the query or reported an error in the response.</exception>
    /// <exception cref="InfluxRowMappingException">A value cannot be converted to its member.</exception>
    public IAsyncEnumerable<TRow> ExecuteAsync(CancellationToken cancellationToken = default) => _query.ExecuteAsAsync<TRow>(cancellationToken);

    /// <summary>The InfluxQL text.</summary>
    public override string ToString() => ToInfluxQL();
}
