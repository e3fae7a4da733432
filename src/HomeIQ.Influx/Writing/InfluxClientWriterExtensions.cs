namespace HomeIQ.Influx;

/// <summary>Creates writers from a client. In the namespace users already import, so <c>client.CreateWriter&lt;T&gt;()</c> reads as before.</summary>
/// <remarks>An extension rather than a member of <see cref="InfluxClient"/>: the client sits below the writers (docs/architecture.md).</remarks>
public static class InfluxClientWriterExtensions
{
    /// <summary>
    /// Creates a batching writer for <typeparamref name="T"/> over <paramref name="client"/>. Generated <c>{Type}Writer</c>
    /// classes do the same with a concrete type name; either may be kept for the application's lifetime and shared by threads.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid; the message names each bad setting.</exception>
    public static MeasurementWriter<T> CreateWriter<T>(this InfluxClient client, WriteOptions? options = null) where T : ILineProtocolPoint<T> =>
        new(client, options);
}
