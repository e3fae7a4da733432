namespace HomeIQ.Influx.Benchmarks.Models;

// STAND-IN FOR THE GENERATED SERIALIZER. Written by hand exactly as the generator is expected to emit it (u8 key
// constants, one LineProtocolWriter call per member). DELETE THIS FILE once HomeIQ.Influx.Generators implements
// ILineProtocolPoint<T> for [Measurement] types: SensorPoint.cs already carries the attributes and `partial`.
public sealed partial class SensorPoint : ILineProtocolPoint<SensorPoint>
{
    /// <inheritdoc />
    public static string MeasurementName => "sensor";

    /// <inheritdoc />
    public static void WriteLineProtocol(ref LineProtocolWriter writer, in SensorPoint point)
    {
        writer.BeginPoint("sensor"u8);
        writer.WriteTag("home"u8, point.Home);
        writer.WriteTag("room"u8, point.Room);
        writer.WriteTag("sensor_id"u8, point.SensorId);
        writer.WriteField("battery"u8, point.Battery);
        writer.WriteField("humidity"u8, point.Humidity);
        writer.WriteField("status"u8, point.Status);
        writer.WriteField("temperature"u8, point.Temperature);
        writer.WriteTimestamp(point.Time);
        writer.EndPoint();
    }
}
