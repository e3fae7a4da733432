namespace HomeIQ.Influx.Consumer.Models;

/// <summary>
/// What every device reading has: the device, its floor (protected: mapped, but not part of the public surface) and
/// the time. Measurements in another assembly derive from it; its mapped members are part of theirs.
/// </summary>
public abstract class DeviceReading
{
    /// <summary>The device id.</summary>
    [Tag("device")] public string? Device { get; set; }

    /// <summary>The floor, set through <see cref="OnFloor"/>.</summary>
    [Tag("floor")] protected int Floor { get; set; }

    /// <summary>The signal strength, when the device reports it.</summary>
    [Field("rssi")] public int? Rssi { get; set; }

    /// <summary>When the reading was taken.</summary>
    [Timestamp] public DateTimeOffset Time { get; set; }

    /// <summary>The floor, read from outside.</summary>
    public int FloorNumber => Floor;

    /// <summary>Sets the floor.</summary>
    public void OnFloor(int floor) => Floor = floor;
}

/// <summary>A generic base: one value of <typeparamref name="TValue"/> at a time, in a measurement of the derived type's choice.</summary>
/// <typeparam name="TValue">The value's type (closed by the derived measurement, e.g. <see cref="double"/>).</typeparam>
public abstract class Reading<TValue>
{
    /// <summary>The value.</summary>
    [Field("value")] public TValue Value { get; set; } = default!;

    /// <summary>When it was measured (UTC).</summary>
    [Timestamp] public DateTime Time { get; set; }
}
