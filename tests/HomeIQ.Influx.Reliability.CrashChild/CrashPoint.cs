using System.Globalization;

namespace HomeIQ.Influx.Reliability;

/// <summary>
/// A point whose content follows from its sequence number, so a test can check every stored point exactly: a unique
/// timestamp and tag <c>run</c>, an integer <c>seq</c>, a float and a string derived from it.
/// </summary>
public readonly record struct CrashPoint(string Run, long Seq) : ILineProtocolPoint<CrashPoint>
{
    /// <summary>2026-01-01T00:00:00Z in nanoseconds; point <c>seq</c> is <c>seq</c> milliseconds after it.</summary>
    public const long BaseTimeNs = 1_767_225_600_000_000_000;

    public static string MeasurementName => "crash";

    public long TimestampNs => BaseTimeNs + (Seq * 1_000_000);

    public double Value => (Seq * 0.25) - 17.5;

    public string Label => "p-" + Seq.ToString(CultureInfo.InvariantCulture) + " \"q\" \\";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in CrashPoint point)
    {
        writer.BeginPoint("crash"u8);
        writer.WriteTag("run"u8, point.Run);
        writer.WriteField("seq"u8, point.Seq);
        writer.WriteField("value"u8, point.Value);
        writer.WriteField("label"u8, point.Label);
        writer.WriteTimestamp(point.TimestampNs);
        writer.EndPoint();
    }
}
