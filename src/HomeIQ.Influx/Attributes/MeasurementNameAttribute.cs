namespace HomeIQ.Influx;

/// <summary>
/// Marks the <see cref="string"/> property or field that holds each point's measurement name, chosen at run time (the
/// same type written to <c>climate_2024</c>, or one measurement per tenant or device). A <see langword="null"/> value
/// writes the name given by <see cref="MeasurementAttribute"/>. The name is escaped and validated like any other
/// (<see cref="LineProtocolWriter.BeginPoint(string)"/>), with nothing allocated per point; an empty name or one line
/// protocol cannot hold fails that point with a <see cref="LineProtocolException"/> naming the member and the value.
/// Queries read the name of the measurement a row came from back into the member; to read another measurement than
/// the default, use <c>FromMeasurement</c> on the generated query.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false, AllowMultiple = false)]
public sealed class MeasurementNameAttribute : Attribute
{
}
