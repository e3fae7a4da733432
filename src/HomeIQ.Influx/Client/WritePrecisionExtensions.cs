namespace HomeIQ.Influx;

/// <summary>
/// How each InfluxDB HTTP API spells a <see cref="WritePrecision"/> in the write request's <c>precision</c> parameter:
/// the one table of these spellings (the client builds its write paths from it).
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>API</term><description>nanoseconds, microseconds, milliseconds, seconds</description></listheader>
/// <item><term>v1 <c>/write</c></term><description><c>n</c>, <c>u</c>, <c>ms</c>, <c>s</c></description></item>
/// <item><term>v2 <c>/api/v2/write</c></term><description><c>ns</c>, <c>us</c>, <c>ms</c>, <c>s</c></description></item>
/// <item><term>v3 <c>/api/v3/write_lp</c></term><description><c>nanosecond</c>, <c>microsecond</c>, <c>millisecond</c>, <c>second</c></description></item>
/// </list>
/// InfluxDB 1.x does not know <c>us</c>: it silently reads the timestamps as nanoseconds, 1000 times too early
/// (measured on 1.6.7; see the precision tests in HomeIQ.Influx.Tests), and it rejects no unknown spelling, so the
/// API's own spelling must be chosen here. v3's <c>write_lp</c> names the units in full (InfluxDB 3 docs).
/// </remarks>
public static class WritePrecisionExtensions
{
    /// <summary>
    /// The spelling of the v2 write API: <c>ns</c>, <c>us</c>, <c>ms</c> or <c>s</c>. For another API use
    /// <see cref="ToQueryString(WritePrecision, InfluxApiVersion)"/>: InfluxDB 1.x misreads <c>us</c>.
    /// </summary>
    public static string ToQueryString(this WritePrecision precision) => precision.ToQueryString(InfluxApiVersion.V2);

    /// <summary>The spelling of InfluxDB 1.x's <c>/write?precision=</c>: <c>n</c>, <c>u</c>, <c>ms</c> or <c>s</c>.</summary>
    public static string ToV1QueryString(this WritePrecision precision) => precision.ToQueryString(InfluxApiVersion.V1);

    /// <summary>The <c>precision</c> parameter for the write endpoint of <paramref name="api"/> (see the table above).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The precision or the API version is not defined.</exception>
    public static string ToQueryString(this WritePrecision precision, InfluxApiVersion api) => (api, precision) switch
    {
        (InfluxApiVersion.V1, WritePrecision.Nanoseconds) => "n",
        (InfluxApiVersion.V1, WritePrecision.Microseconds) => "u",
        (InfluxApiVersion.V1 or InfluxApiVersion.V2, _) => precision.Abbreviation(),
        (InfluxApiVersion.V3, WritePrecision.Nanoseconds) => "nanosecond",
        (InfluxApiVersion.V3, WritePrecision.Microseconds) => "microsecond",
        (InfluxApiVersion.V3, WritePrecision.Milliseconds) => "millisecond",
        (InfluxApiVersion.V3, WritePrecision.Seconds) => "second",
        (InfluxApiVersion.V3, _) => throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown write precision."),
        _ => throw new ArgumentOutOfRangeException(nameof(api), api, "Unknown InfluxDB API version."),
    };
}
