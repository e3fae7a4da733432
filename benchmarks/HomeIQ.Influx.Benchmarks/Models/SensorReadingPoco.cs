using InfluxDB.Client.Core;

namespace HomeIQ.Influx.Benchmarks.Models;

/// <summary>
/// The same reading as <see cref="SensorPoint"/>, annotated the InfluxDB.Client way (<c>[Measurement]</c>/<c>[Column]</c>,
/// mapped by reflection at run time). Used by the POCO mapper, <c>WriteApi.WriteMeasurements</c> and <c>QueryAsync&lt;T&gt;</c>.
/// </summary>
// Fully qualified: HomeIQ.Influx.MeasurementAttribute is in scope through the enclosing namespace.
[global::InfluxDB.Client.Core.Measurement("sensor")]
public sealed class SensorReadingPoco
{
    /// <summary>The home the sensor is in.</summary>
    [Column("home", IsTag = true)]
    public string Home { get; set; } = "";

    /// <summary>The room the sensor is in.</summary>
    [Column("room", IsTag = true)]
    public string Room { get; set; } = "";

    /// <summary>The sensor's id.</summary>
    [Column("sensor_id", IsTag = true)]
    public string SensorId { get; set; } = "";

    /// <summary>Battery charge in percent.</summary>
    [Column("battery")]
    public long Battery { get; set; }

    /// <summary>Relative humidity in percent.</summary>
    [Column("humidity")]
    public double Humidity { get; set; }

    /// <summary>The sensor's status text.</summary>
    [Column("status")]
    public string Status { get; set; } = "";

    /// <summary>Temperature in °C.</summary>
    [Column("temperature")]
    public double Temperature { get; set; }

    /// <summary>When the reading was taken (UTC).</summary>
    [Column(IsTimestamp = true)]
    public DateTime Time { get; set; }

    /// <summary>Copies a <see cref="SensorPoint"/>.</summary>
    public static SensorReadingPoco From(SensorPoint point) => new()
    {
        Home = point.Home,
        Room = point.Room,
        SensorId = point.SensorId,
        Battery = point.Battery,
        Humidity = point.Humidity,
        Status = point.Status,
        Temperature = point.Temperature,
        Time = point.Time,
    };

    /// <summary>Whether this reading holds the same values as <paramref name="point"/>.</summary>
    public bool SameAs(SensorPoint point) =>
        Home == point.Home && Room == point.Room && SensorId == point.SensorId && Battery == point.Battery &&
        Humidity.Equals(point.Humidity) && Status == point.Status && Temperature.Equals(point.Temperature) &&
        Time.ToUniversalTime() == point.Time;
}
