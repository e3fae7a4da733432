using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx;

/// <summary>Starts query builders on a client. In the namespace users already import, so <c>client.Query&lt;T&gt;()</c> reads as before.</summary>
/// <remarks>An extension rather than a member of <see cref="InfluxClient"/>: the client sits below the query builder (docs/architecture.md).</remarks>
public static class InfluxClientQueryExtensions
{
    /// <summary>Starts a query of <typeparamref name="T"/> with string keys; generated <c>{Type}Query</c> classes offer typed methods.</summary>
    public static MeasurementQuery<T> Query<T>(this InfluxClient client) where T : IQueryableMeasurement<T> => new(client);
}
