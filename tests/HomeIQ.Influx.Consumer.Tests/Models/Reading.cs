using HomeIQ.Influx;

namespace HomeIQ.Influx.Consumer.Tests.Models;

/// <summary>
/// The type compared with hand-built writer output and InfluxDB.Client's PointData. Keys are lower-case ASCII words
/// so that ordinal order and PointData's culture-sensitive order agree.
/// </summary>
[Measurement("reading")]
public sealed partial class Reading
{
    [Tag("room")] public string? Room { get; set; }
    [Tag("device")] public string? Device { get; set; }
    [Tag("mode")] public Mode Mode { get; set; }
    [Tag("floor")] public int Floor { get; set; }
    [Field("temperature")] public double Temperature { get; set; }
    [Field("humidity")] public float Humidity { get; set; }
    [Field("count")] public long Count { get; set; }
    [Field("total")] public ulong Total { get; set; }
    [Field("battery")] public int? Battery { get; set; }
    [Field("online")] public bool Online { get; set; }
    [Field("label")] public string? Label { get; set; }
    [Field("price")] public decimal Price { get; set; }
    [Timestamp] public DateTime Time { get; set; }
}
