using HomeIQ.Influx;

namespace Home.Reports;

[Measurement("climate")]
public sealed partial class Climate
{
    [Tag("room")] public string? Room { get; set; }
    [Field("temperature")] public double Temperature { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}
