namespace HomeIQ.Influx;

/// <summary>
/// A type that writes itself as one line of InfluxDB line protocol. The HomeIQ.Influx source generator implements it
/// for every <see cref="MeasurementAttribute"/> type, so generic code (<see cref="LineProtocol.Write{T}"/>, the typed
/// writers) calls the generated code with no reflection and no boxing.
/// </summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface ILineProtocolPoint<TSelf> where TSelf : ILineProtocolPoint<TSelf>
{
    /// <summary>The measurement name, unescaped.</summary>
    static abstract string MeasurementName { get; }

    /// <summary>
    /// Writes <paramref name="point"/> as one complete line (measurement, tags, fields, optional timestamp) through
    /// <paramref name="writer"/>, from <see cref="LineProtocolWriter.BeginPoint(ReadOnlySpan{byte})"/> to
    /// <see cref="LineProtocolWriter.EndPoint"/>.
    /// </summary>
    static abstract void WriteLineProtocol(ref LineProtocolWriter writer, in TSelf point);
}
