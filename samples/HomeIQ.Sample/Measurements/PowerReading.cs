using HomeIQ.Influx;

namespace HomeIQ.Sample.Measurements;

/// <summary>A smart plug or meter: the power a device draws.</summary>
[Measurement("power")]
public sealed partial class PowerReading
{
    /// <summary>The device, e.g. <c>kitchen-fridge</c>.</summary>
    [Tag("device")] public string? Device { get; set; }

    /// <summary>The room the device is in.</summary>
    [Tag("room")] public string? Room { get; set; }

    /// <summary>Power in watts.</summary>
    [Field("watts")] public double Watts { get; set; }

    /// <summary>Energy in watt-hours since the previous reading (so a sum over any range is the energy used).</summary>
    [Field("energy_wh")] public double EnergyWh { get; set; }

    /// <summary>When the meter measured.</summary>
    [Timestamp] public DateTimeOffset Time { get; set; }
}
