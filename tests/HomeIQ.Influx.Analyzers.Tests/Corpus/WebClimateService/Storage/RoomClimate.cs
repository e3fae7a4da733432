using HomeIQ.Influx;

namespace ClimateService.Storage;

/// <summary>One reading of a room's climate sensor.</summary>
[Measurement("room_climate")]
public sealed partial class RoomClimate
{
    [Tag("room")] public string? Room { get; set; }
    [Tag("sensor")] public string? Sensor { get; set; }
    [Field("temperature")] public double Temperature { get; set; }
    [Field("humidity")] public double Humidity { get; set; }
    [Field("co2")] public long? Co2 { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}
