using HomeIQ.Influx;

namespace HomeIQ.Sample.Measurements;

/// <summary>A binary sensor (door, window, motion): its state when sampled.</summary>
[Measurement("state")]
public sealed partial class StateReading
{
    /// <summary>What the sensor watches: <c>door</c>, <c>window</c> or <c>motion</c>.</summary>
    [Tag("kind")] public string? Kind { get; set; }

    /// <summary>The room the sensor is in.</summary>
    [Tag("room")] public string? Room { get; set; }

    /// <summary>The sensor's id.</summary>
    [Tag("sensor")] public string? Sensor { get; set; }

    /// <summary>Open, or motion detected.</summary>
    [Field("active")] public bool Active { get; set; }

    /// <summary>1 when the state changed since the previous sample, else 0 (a sum counts the changes).</summary>
    [Field("changes")] public long Changes { get; set; }

    /// <summary>When the sensor was sampled.</summary>
    [Timestamp] public DateTimeOffset Time { get; set; }
}
