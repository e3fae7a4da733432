using System.Globalization;

namespace HomeIQ.Influx.Writer.StopChild;

/// <summary>A point whose content follows from its sequence number: tag <c>run</c>, fields <c>seq</c> and <c>value</c>, a unique timestamp.</summary>
public readonly record struct StopPoint(string Run, long Seq) : ILineProtocolPoint<StopPoint>
{
    /// <summary>2026-01-01T00:00:00Z in nanoseconds; point <c>seq</c> is <c>seq</c> microseconds after it.</summary>
    public const long BaseTimeNs = 1_767_225_600_000_000_000;

    public static string MeasurementName => "stop";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in StopPoint point)
    {
        writer.BeginPoint("stop"u8);
        writer.WriteTag("run"u8, point.Run);
        writer.WriteField("seq"u8, point.Seq);
        writer.WriteField("value"u8, Math.Sqrt(point.Seq) * 1.000_001);
        writer.WriteField("label"u8, "Küche " + point.Seq.ToString(CultureInfo.InvariantCulture));
        writer.WriteTimestamp(BaseTimeNs + (point.Seq * 1_000));
        writer.EndPoint();
    }
}
