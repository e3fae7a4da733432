namespace HomeIQ.Influx;

/// <summary>
/// Marks a <c>partial</c> type as an InfluxDB measurement. The HomeIQ.Influx source generator then emits
/// a line-protocol serializer (<see cref="ILineProtocolPoint{TSelf}"/>), a typed writer and a typed query class for it.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, Inherited = false, AllowMultiple = false)]
public sealed class MeasurementAttribute : Attribute
{
    /// <summary>Uses the type's name as the measurement name.</summary>
    public MeasurementAttribute() { }

    /// <summary>Uses <paramref name="name"/> as the measurement name (the type's name when <see langword="null"/>).</summary>
    public MeasurementAttribute(string? name) => Name = name;

    /// <summary>The measurement name, or <see langword="null"/> to use the type's name.</summary>
    public string? Name { get; }
}
