using HomeIQ.Influx.Generators.Tests.Infrastructure;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>Snapshots of the shapes #15 added: inherited members, records and constructors, run-time names.</summary>
public partial class SnapshotTests
{
    private const string Pragma = "#pragma warning disable CS1591, CS0649 // test input only; generated files are still checked for warnings\n";

    [Fact]
    public Task BaseClassInTheSameAssembly() => Verify(Pragma + """
        using System;
        using HomeIQ.Influx;

        namespace Home.Air;

        public enum Room { Kitchen, Hall }

        // The most common smart-home shape: room, device and time in a shared base class.
        public abstract class SensorReading
        {
            [Tag("room")] public Room Room { get; set; }
            [Tag("device")] public string? Device { get; set; }
            [Timestamp] public DateTimeOffset Time { get; set; }
        }

        [Measurement("air")]
        public partial class AirQuality : SensorReading
        {
            [Field("co2")] public int Co2 { get; set; }
            [Field("voc")] public double? Voc { get; set; }
        }
        """, "Home.Air.AirQuality");

    [Fact]
    public Task BaseClassInAnotherAssembly() => Verify(Pragma + """
        using HomeIQ.Influx;

        namespace Home.Plugs;

        [Measurement("plug")]
        public sealed partial class PlugReading : Shared.Readings.DeviceReading
        {
            [Field("watts")] public double Watts { get; set; }
        }
        """, "Home.Plugs.PlugReading", Library.Reference);

    [Fact]
    public Task GenericBaseClass() => Verify(Pragma + """
        using System;
        using HomeIQ.Influx;

        namespace Home.Generic;

        public abstract class Reading<TValue>
        {
            [Field("value")] public TValue Value { get; set; } = default!;
            [Timestamp] public DateTime Time { get; set; }
        }

        [Measurement("humidity")]
        public partial class Humidity : Reading<double>
        {
            [Tag("room")] public string? Room { get; set; }
        }
        """, "Home.Generic.Humidity");

    [Fact]
    public Task OverrideAndNew() => Verify(Pragma + """
        using HomeIQ.Influx;

        namespace Home.Rules;

        public abstract class Base
        {
            [Tag("room")] public abstract string? Room { get; set; }
            [Tag("device")] public virtual string? Device { get; set; }
            [Field("old")] public double Value { get; set; }
        }

        [Measurement("rules")]
        public partial class Derived : Base
        {
            public override string? Room { get; set; }                    // keeps [Tag("room")]
            [Field("device_name")] public override string? Device { get; set; } // its own attribute wins
            [Field("new")] public new long Value { get; set; }            // the hiding member replaces the hidden one
        }
        """, "Home.Rules.Derived");

    [Fact]
    public Task PositionalRecord() => Verify(Pragma + """
        using System;
        using HomeIQ.Influx;

        namespace Home.Energy;

        [Measurement("energy")]
        public sealed partial record EnergyMeter(
            [property: Tag("meter")] string Meter,
            [property: Field("wh")] long WattHours,
            [property: Timestamp] DateTimeOffset Time);
        """, "Home.Energy.EnergyMeter");

    [Fact]
    public Task RecordWithExtraInitMembers() => Verify(Pragma + """
        using System;
        using HomeIQ.Influx;

        namespace Home.Energy;

        [Measurement("phase")]
        public partial record Phase([property: Tag("meter")] string Meter, [property: Field("volts")] double Volts, int Decimals = 2)
        {
            [Field("amps")] public double? Amps { get; init; }
            [Tag("line")] public string Line { get; init; } = "L1";
            [Timestamp] public DateTime Time { get; init; }
        }
        """, "Home.Energy.Phase");

    [Fact]
    public Task RequiredMembers() => Verify(Pragma + """
        using System;
        using HomeIQ.Influx;

        namespace Home.Doors;

        [Measurement("door")]
        public sealed partial class DoorState
        {
            [Tag("door")] public required string Door { get; init; }
            [Field("open")] public required bool Open { get; set; }
            [Field("battery")] public int? Battery { get; set; }
            [Timestamp] public required DateTimeOffset Time { get; init; }
        }
        """, "Home.Doors.DoorState");

    [Fact]
    public Task StructRecord() => Verify(Pragma + """
        using System;
        using HomeIQ.Influx;

        namespace Home.Motion;

        public enum Zone { Indoor, Outdoor }

        [Measurement("motion")]
        public readonly partial record struct Motion(
            [property: Tag("zone")] Zone Zone,
            [property: Tag("sensor")] int Sensor,
            [property: Field("detected")] bool Detected,
            [property: Timestamp] DateTimeOffset Time);
        """, "Home.Motion.Motion");

    [Fact]
    public Task RunTimeMeasurementName() => Verify(Pragma + """
        using System;
        using HomeIQ.Influx;

        namespace Home.Tenants;

        [Measurement("climate")]
        public partial class TenantClimate
        {
            [MeasurementName] public string? Table { get; set; }   // "climate_2024", "tenant_42"; null writes "climate"
            [Tag("room")] public string? Room { get; set; }
            [Field("temperature")] public double Temperature { get; set; }
            [Timestamp] public DateTimeOffset Time { get; set; }
        }
        """, "Home.Tenants.TenantClimate");
}
