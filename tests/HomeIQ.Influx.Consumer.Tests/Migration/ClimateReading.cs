using InfluxDB.Client.Core;

namespace HomeIQ.Influx.Consumer.Tests.Migration;

public enum HvacMode { Off, Heat, Cool }

/// <summary>
/// An InfluxDB.Client model as its users write it, made <c>partial</c>: the only change a migration asks for. The
/// generator reads InfluxDB.Client's own attributes and emits the serializer, writer, query and extension methods.
/// </summary>
// Qualified only because this test project also sees HomeIQ.Influx.MeasurementAttribute (an InfluxDB.Client project writes [Measurement]).
[InfluxDB.Client.Core.Measurement("mig_climate")]
public partial class ClimateReading
{
    [Column("room", IsTag = true)] public string? Room { get; set; }

    // No name: InfluxDB.Client uses the property's name as the key.
    [Column(IsTag = true)] public string? Floor { get; set; }

    [Column("mode", IsTag = true)] public HvacMode Mode { get; set; }

    // InfluxDB.Client writes bool tags with bool.ToString(): True/False.
    [Column("occupied", IsTag = true)] public bool Occupied { get; set; }

    [Column("temperature")] public double Temperature { get; set; }

    // Null: no field, as InfluxDB.Client skips null values.
    [Column("humidity")] public double? Humidity { get; set; }

    [Column("co2")] public int Co2 { get; set; }

    [Column("energy")] public long Energy { get; set; }

    [Column("label")] public string? Label { get; set; }

    [Column("heating")] public bool Heating { get; set; }

    // An enum field: InfluxDB.Client writes its ToString() as a string field.
    [Column("state")] public HvacMode State { get; set; }

    [Column(IsTimestamp = true)] public DateTime Time { get; set; }

    // Not mapped by either side: no [Column].
    public string? Note { get; set; }
}

/// <summary>A sealed model (no derived-type check) with a DateTimeOffset timestamp and an unsigned field.</summary>
[InfluxDB.Client.Core.Measurement("mig_meter")]
public sealed partial class MeterReading
{
    [Column("meter", IsTag = true)] public string Meter { get; set; } = "";

    [Column("watts")] public float Watts { get; set; }

    // InfluxDB.Client writes uint as an unsigned field (5u); the generated serializer keeps that.
    [Column("pulses")] public uint Pulses { get; set; }

    [Column("ts", IsTimestamp = true)] public DateTimeOffset Ts { get; set; }
}

/// <summary>A model without enums: InfluxDB.Client's <c>QueryAsync&lt;T&gt;</c> cannot read enum properties (it fails with "Invalid cast").</summary>
[InfluxDB.Client.Core.Measurement("mig_outdoor")]
public partial class OutdoorReading
{
    [Column("station", IsTag = true)] public string? Station { get; set; }

    [Column("temperature")] public double Temperature { get; set; }

    [Column("gust")] public double? Gust { get; set; }

    [Column("rain_ticks")] public long RainTicks { get; set; }

    [Column("summary")] public string? Summary { get; set; }

    [Column("raining")] public bool Raining { get; set; }

    [Column(IsTimestamp = true)] public DateTime Time { get; set; }
}
