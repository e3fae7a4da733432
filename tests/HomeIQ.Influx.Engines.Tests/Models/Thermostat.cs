namespace HomeIQ.Influx.Engines.Tests.Models;

/// <summary>
/// The model the Flux builder tests query: three tags and a field of every kind a comparison or an aggregate can meet
/// (float, integer, unsigned, boolean, string). Its query class <c>ThermostatQuery</c> is generated.
/// </summary>
[Measurement("thermostat")]
public sealed partial class Thermostat
{
    [Tag("floor")] public string? Floor { get; set; }
    [Tag("room")] public string? Room { get; set; }
    [Tag("zone")] public string? Zone { get; set; }
    [Field("temperature")] public double Temperature { get; set; }
    [Field("setpoint")] public float? Setpoint { get; set; }
    [Field("cycles")] public long Cycles { get; set; }
    [Field("energy")] public ulong Energy { get; set; }
    [Field("on")] public bool On { get; set; }
    [Field("mode")] public string? Mode { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}
