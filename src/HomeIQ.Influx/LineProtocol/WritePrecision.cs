namespace HomeIQ.Influx;

/// <summary>The unit of the timestamps in a write request (the <c>precision</c> query parameter).</summary>
public enum WritePrecision
{
    /// <summary>Nanoseconds (<c>ns</c>), the server's native unit.</summary>
    Nanoseconds = 0,
    /// <summary>Microseconds (<c>us</c>).</summary>
    Microseconds = 1,
    /// <summary>Milliseconds (<c>ms</c>).</summary>
    Milliseconds = 2,
    /// <summary>Seconds (<c>s</c>).</summary>
    Seconds = 3,
}

/// <summary>
/// What line protocol needs to know about a <see cref="WritePrecision"/>: its size and its SI abbreviation. How each
/// HTTP API spells it in the <c>precision</c> parameter is the client's knowledge (<see cref="WritePrecisionExtensions"/>).
/// </summary>
internal static class WritePrecisionUnits
{
    /// <summary>The SI abbreviation: <c>ns</c>, <c>us</c>, <c>ms</c> or <c>s</c>.</summary>
    public static string Abbreviation(this WritePrecision precision) => precision switch
    {
        WritePrecision.Nanoseconds => "ns",
        WritePrecision.Microseconds => "us",
        WritePrecision.Milliseconds => "ms",
        WritePrecision.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown write precision."),
    };

    /// <summary>How many 100 ns <see cref="DateTime"/> ticks one unit of <paramref name="precision"/> holds (0 for nanoseconds, which are finer than a tick).</summary>
    public static long TicksPerUnit(this WritePrecision precision) => precision switch
    {
        WritePrecision.Microseconds => 10,
        WritePrecision.Milliseconds => TimeSpan.TicksPerMillisecond,
        WritePrecision.Seconds => TimeSpan.TicksPerSecond,
        _ => 0,
    };

    /// <summary>How many nanoseconds one unit of <paramref name="precision"/> holds.</summary>
    public static long NanosecondsPerUnit(this WritePrecision precision) => precision switch
    {
        WritePrecision.Microseconds => 1_000,
        WritePrecision.Milliseconds => 1_000_000,
        WritePrecision.Seconds => 1_000_000_000,
        _ => 1,
    };
}
