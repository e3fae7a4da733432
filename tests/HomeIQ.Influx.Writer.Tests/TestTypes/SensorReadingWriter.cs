namespace HomeIQ.Influx.Writer.Tests.TestTypes;

/// <summary>Exactly the shape the source generator will emit for <see cref="SensorReading"/> (written by hand until it is merged).</summary>
public sealed partial class SensorReadingWriter : MeasurementWriter<SensorReading>
{
    public SensorReadingWriter(InfluxClient client, WriteOptions? options = null) : base(client, options) { }
}
