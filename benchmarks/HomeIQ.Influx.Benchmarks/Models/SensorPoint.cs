namespace HomeIQ.Influx.Benchmarks.Models;

/// <summary>
/// One smart-home reading: 3 tags, 4 fields and a timestamp, the point every benchmark writes or reads.
/// </summary>
/// <remarks>
/// Members are declared in the order their keys sort (ordinal and culture-sensitive sorting agree for these keys), so a
/// serializer that writes in declaration order produces the same bytes as InfluxDB.Client's sorted dictionaries.
/// The HomeIQ.Influx generator emits its serializer, <c>SensorPointWriter</c> and <c>SensorPointQuery</c>.
/// </remarks>
[Measurement("sensor")]
public sealed partial class SensorPoint
{
    /// <summary>The home the sensor is in.</summary>
    [Tag("home")]
    public string Home { get; set; } = "";

    /// <summary>The room the sensor is in.</summary>
    [Tag("room")]
    public string Room { get; set; } = "";

    /// <summary>The sensor's id.</summary>
    [Tag("sensor_id")]
    public string SensorId { get; set; } = "";

    /// <summary>Battery charge in percent.</summary>
    [Field("battery")]
    public long Battery { get; set; }

    /// <summary>Relative humidity in percent.</summary>
    [Field("humidity")]
    public double Humidity { get; set; }

    /// <summary>The sensor's status text.</summary>
    [Field("status")]
    public string Status { get; set; } = "";

    /// <summary>Temperature in °C.</summary>
    [Field("temperature")]
    public double Temperature { get; set; }

    /// <summary>When the reading was taken (UTC).</summary>
    [Timestamp]
    public DateTime Time { get; set; }
}
