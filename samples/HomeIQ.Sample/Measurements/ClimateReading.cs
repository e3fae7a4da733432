using HomeIQ.Influx;

namespace HomeIQ.Sample.Measurements;

/// <summary>A room climate sensor: temperature and relative humidity.</summary>
/// <remarks>The generator makes this type an <c>ILineProtocolPoint</c> (the serializer the writer uses) and emits the
/// typed query class <c>ClimateReadingQuery</c> with <c>client.QueryClimateReading()</c>.</remarks>
[Measurement("climate")]
public sealed partial class ClimateReading
{
    /// <summary>The room the sensor is in (tag keys in ordinal order: room, sensor).</summary>
    [Tag("room")] public string? Room { get; set; }

    /// <summary>The sensor's id.</summary>
    [Tag("sensor")] public string? Sensor { get; set; }

    /// <summary>Degrees Celsius.</summary>
    [Field("temperature")] public double Temperature { get; set; }

    /// <summary>Relative humidity in percent.</summary>
    [Field("humidity")] public double Humidity { get; set; }

    /// <summary>When the sensor measured.</summary>
    [Timestamp] public DateTimeOffset Time { get; set; }
}
