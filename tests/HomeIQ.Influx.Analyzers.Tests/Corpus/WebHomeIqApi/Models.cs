using HomeIQ.Influx;

namespace HomeApi;

[Measurement("power")]
public sealed partial class PowerReading
{
    [Tag("circuit")] public string? Circuit { get; set; }
    [Field("watts")] public double Watts { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}

[Measurement("audit")]
public sealed partial class AuditEntry
{
    [Tag("user")] public string? User { get; set; }
    [Field("action")] public string? Action { get; set; }
    [Timestamp] public DateTime Time { get; set; }
}
