using HomeIQ.Influx;

namespace Meters;

[Measurement("meter")]
public sealed partial class MeterReading
{
    [Tag("meter")] public string? Meter { get; set; }
    [Field("kwh")] public double Kwh { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}

[Measurement("solar")]
public sealed partial class SolarReading
{
    [Tag("inverter")] public string? Inverter { get; set; }
    [Field("watts")] public double Watts { get; set; }
    [Timestamp] public DateTime Time { get; set; }
}

[Measurement("tariff")]
public sealed partial class TariffChange
{
    [Field("price")] public double Price { get; set; }
    [Timestamp] public DateTime Time { get; set; }
}
