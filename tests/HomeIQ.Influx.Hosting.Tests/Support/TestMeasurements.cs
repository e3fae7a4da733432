namespace HomeIQ.Influx.Hosting.Tests;

// Hand-written serializers (what the source generator emits), so these tests do not depend on the generator.

/// <summary>A room temperature reading.</summary>
public readonly record struct Temperature(string Room, double Celsius, long? TimestampNs = null) : ILineProtocolPoint<Temperature>
{
    public static string MeasurementName => "temperature";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in Temperature point)
    {
        writer.BeginPoint("temperature"u8);
        writer.WriteTag("room"u8, point.Room);
        writer.WriteField("celsius"u8, point.Celsius);
        if (point.TimestampNs is { } ts) writer.WriteTimestamp(ts);
        writer.EndPoint();
    }
}

/// <summary>A power meter reading with a string and a boolean field.</summary>
public readonly record struct Power(string Circuit, long Watts, bool On, string Note) : ILineProtocolPoint<Power>
{
    public static string MeasurementName => "power";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in Power point)
    {
        writer.BeginPoint("power"u8);
        writer.WriteTag("circuit"u8, point.Circuit);
        writer.WriteField("note"u8, point.Note);
        writer.WriteField("on"u8, point.On);
        writer.WriteField("watts"u8, point.Watts);
        writer.EndPoint();
    }
}
