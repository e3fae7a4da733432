using HomeIQ.Influx;

namespace SensorSim;

[Measurement("climate")]
public partial class ClimateReading
{
    [Tag("room")] public string? Room { get; set; }
    [Field("temperature")] public double Temperature { get; set; }
    [Field("humidity")] public double Humidity { get; set; }
    [Timestamp] public DateTime Time { get; set; }
}

[Measurement("door")]
public partial class DoorEvent
{
    [Tag("door")] public string? Door { get; set; }
    [Field("open")] public bool Open { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}
