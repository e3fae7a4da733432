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

/// <summary>Helpers for <see cref="WritePrecision"/>.</summary>
public static class WritePrecisionExtensions
{
    /// <summary>
    /// The spelling of the v2 and v3 write APIs in the <c>precision</c> parameter: <c>ns</c>, <c>us</c>, <c>ms</c> or
    /// <c>s</c>. Do not send it to an InfluxDB 1.x <c>/write</c>: use <see cref="ToV1QueryString"/> (or
    /// <see cref="ToQueryString(WritePrecision, InfluxApiVersion)"/>) there.
    /// </summary>
    public static string ToQueryString(this WritePrecision precision) => precision switch
    {
        WritePrecision.Nanoseconds => "ns",
        WritePrecision.Microseconds => "us",
        WritePrecision.Milliseconds => "ms",
        WritePrecision.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown write precision."),
    };

    /// <summary>
    /// The spelling of InfluxDB 1.x's <c>/write?precision=</c>: <c>n</c>, <c>u</c>, <c>ms</c> or <c>s</c>.
    /// </summary>
    /// <remarks>
    /// InfluxDB 1.x does not know <c>us</c>: it silently reads the timestamps as nanoseconds, 1000 times too early
    /// (measured on 1.6.7; see the precision tests in HomeIQ.Influx.Tests). Unknown spellings are not rejected, so the
    /// v1 spelling must be chosen here.
    /// </remarks>
    public static string ToV1QueryString(this WritePrecision precision) => precision switch
    {
        WritePrecision.Nanoseconds => "n",
        WritePrecision.Microseconds => "u",
        WritePrecision.Milliseconds => "ms",
        WritePrecision.Seconds => "s",
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown write precision."),
    };

    /// <summary>The <c>precision</c> parameter for the write endpoint of <paramref name="api"/>.</summary>
    public static string ToQueryString(this WritePrecision precision, InfluxApiVersion api) =>
        api == InfluxApiVersion.V1 ? precision.ToV1QueryString() : precision.ToQueryString();

    /// <summary>How many 100 ns <see cref="DateTime"/> ticks one unit of <paramref name="precision"/> holds (0 for nanoseconds, which are finer than a tick).</summary>
    internal static long TicksPerUnit(this WritePrecision precision) => precision switch
    {
        WritePrecision.Microseconds => 10,
        WritePrecision.Milliseconds => TimeSpan.TicksPerMillisecond,
        WritePrecision.Seconds => TimeSpan.TicksPerSecond,
        _ => 0,
    };

    /// <summary>How many nanoseconds one unit of <paramref name="precision"/> holds.</summary>
    internal static long NanosecondsPerUnit(this WritePrecision precision) => precision switch
    {
        WritePrecision.Microseconds => 1_000,
        WritePrecision.Milliseconds => 1_000_000,
        WritePrecision.Seconds => 1_000_000_000,
        _ => 1,
    };
}
