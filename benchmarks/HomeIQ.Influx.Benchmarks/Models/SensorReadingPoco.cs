using ClientColumn = InfluxDB.Client.Core.Column;
using ClientMeasurement = InfluxDB.Client.Core.Measurement;

namespace HomeIQ.Influx.Benchmarks.Models;

/// <summary>
/// The same reading as <see cref="SensorPoint"/>, annotated the InfluxDB.Client way (<c>[Measurement]</c>/<c>[Column]</c>).
/// InfluxDB.Client maps it by reflection at run time: the POCO mapper, <c>WriteApi.WriteMeasurements</c> and
/// <c>QueryAsync&lt;T&gt;</c> benchmarks. It is also <c>partial</c>, the one-keyword migration (#21), so the HomeIQ.Influx
/// generator emits a serializer and row mapper from those same attributes; reflection does not care, which lets
/// <c>MigrationBenchmarks</c> compare before and after on one class and the same instances.
/// </summary>
// Aliases: HomeIQ.Influx's attributes are in scope through the enclosing namespace and would win name lookup.
[ClientMeasurement("sensor")]
public sealed partial class SensorReadingPoco
{
    /// <summary>The home the sensor is in.</summary>
    [ClientColumn("home", IsTag = true)]
    public string Home { get; set; } = "";

    /// <summary>The room the sensor is in.</summary>
    [ClientColumn("room", IsTag = true)]
    public string Room { get; set; } = "";

    /// <summary>The sensor's id.</summary>
    [ClientColumn("sensor_id", IsTag = true)]
    public string SensorId { get; set; } = "";

    /// <summary>Battery charge in percent.</summary>
    [ClientColumn("battery")]
    public long Battery { get; set; }

    /// <summary>Relative humidity in percent.</summary>
    [ClientColumn("humidity")]
    public double Humidity { get; set; }

    /// <summary>The sensor's status text.</summary>
    [ClientColumn("status")]
    public string Status { get; set; } = "";

    /// <summary>Temperature in °C.</summary>
    [ClientColumn("temperature")]
    public double Temperature { get; set; }

    /// <summary>When the reading was taken (UTC).</summary>
    [ClientColumn(IsTimestamp = true)]
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
