using HomeIQ.Influx;

/// <summary>A measurement in the global namespace.</summary>
[Measurement("global_point")]
public partial class GlobalPoint
{
    [Field("value")] public int Value { get; set; }
}
