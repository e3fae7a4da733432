using HomeIQ.Influx.Consumer.Models;

namespace HomeIQ.Influx.Consumer.Tests.Models;

// The type shapes .NET developers write for smart-home models (#15): each is written, queried and compared member by
// member against a real InfluxDB in RoundTripTests, and serialized with 0 B per point in AllocationTests.

/// <summary>An abstract base two levels up: the time.</summary>
public abstract class SensorBase
{
    [Timestamp] public DateTimeOffset Time { get; set; }
}

/// <summary>A concrete (not abstract) base class: the room.</summary>
public class RoomReading : SensorBase
{
    [Tag("room")] public Room Room { get; set; }
}

public enum Room
{
    Kitchen,
    Hall,
    Bathroom,
}

/// <summary>Base classes in the same assembly: room (enum tag) and time come from them.</summary>
[Measurement("rt_air")]
public partial class AirQuality : RoomReading
{
    [Field("co2")] public int Co2 { get; set; }
    [Field("voc")] public double? Voc { get; set; }
}

/// <summary>A base class from another assembly (HomeIQ.Influx.Consumer.Models), with a protected tag.</summary>
[Measurement("rt_plug")]
public sealed partial class PlugReading : DeviceReading
{
    [Field("watts")] public double Watts { get; set; }
}

/// <summary>A generic base class from another assembly, closed with double.</summary>
[Measurement("rt_humidity")]
public partial class Humidity : Reading<double>
{
    [Tag("room")] public string? Room { get; set; }
}

/// <summary>Virtual and abstract members in the base.</summary>
public abstract class VirtualBase
{
    [Tag("room")] public abstract string? Room { get; set; }
    [Tag("device")] public virtual string? Device { get; set; }
    [Field("old")] public double Value { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}

/// <summary>override keeps the base mapping unless it has its own; a mapped new member replaces the hidden one.</summary>
[Measurement("rt_rules")]
public partial class OverrideAndNew : VirtualBase
{
    public override string? Room { get; set; }
    [Field("device_name")] public override string? Device { get; set; }
    [Field("level")] public new long Value { get; set; }
}

/// <summary>A positional record: built through its primary constructor.</summary>
[Measurement("rt_energy")]
public sealed partial record EnergyMeter(
    [property: Tag("meter")] string Meter,
    [property: Field("wh")] long WattHours,
    [property: Timestamp] DateTimeOffset Time);

/// <summary>A positional record with extra init members (one with an initializer) and an unmapped parameter.</summary>
[Measurement("rt_phase")]
public partial record Phase([property: Tag("meter")] string Meter, [property: Field("volts")] double Volts, int Decimals = 2)
{
    [Field("amps")] public double? Amps { get; init; }
    [Tag("line")] public string Line { get; init; } = "L1";
    [Timestamp] public DateTime Time { get; init; }
}

/// <summary>Required members (init and set), and a byte field (written as an integer: InfluxDB 1.x refuses u fields).</summary>
[Measurement("rt_door")]
public sealed partial class DoorState
{
    [Tag("door")] public required string Door { get; init; }
    [Field("open")] public required bool Open { get; set; }
    [Field("battery")] public byte? Battery { get; set; }
    [Timestamp] public required DateTimeOffset Time { get; init; }
}

public enum Zone
{
    Indoor,
    Outdoor,
}

/// <summary>A readonly record struct: enum, int and bool tags for the typed Where methods, and a uint field.</summary>
[Measurement("rt_motion")]
public readonly partial record struct Motion(
    [property: Tag("zone")] Zone Zone,
    [property: Tag("sensor")] int Sensor,
    [property: Tag("armed")] bool Armed,
    [property: Field("detected")] bool Detected,
    [property: Field("count")] uint Count,
    [property: Timestamp] DateTimeOffset Time);

/// <summary>The measurement chosen per point at run time; null writes "rt_climate".</summary>
[Measurement("rt_climate")]
public partial class TenantClimate
{
    [MeasurementName] public string? Table { get; set; }
    [Tag("room")] public string? Room { get; set; }
    [Field("temperature")] public double Temperature { get; set; }
    [Field("count")] public int Count { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}
