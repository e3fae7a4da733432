using System.Globalization;

namespace HomeIQ.Influx.Testing;

/// <summary>
/// The point a <see cref="ChaosScenario"/> writes: everything follows from its sequence number, so the stored points can
/// be checked exactly (count, distinct sequence numbers, their sum). A unique nanosecond timestamp per point makes a
/// batch that is sent twice overwrite itself instead of adding rows.
/// </summary>
/// <param name="Run">The tag <c>run</c>: one value per scenario run.</param>
/// <param name="Producer">The tag <c>producer</c>: which of the concurrent producers wrote it.</param>
/// <param name="Seq">The field <c>seq</c> and the source of every other value.</param>
public readonly record struct ChaosPoint(string Run, int Producer, long Seq) : ILineProtocolPoint<ChaosPoint>
{
    /// <summary>2026-01-01T00:00:00Z in nanoseconds; point <c>seq</c> is <c>seq</c> microseconds after it.</summary>
    public const long BaseTimeNs = 1_767_225_600_000_000_000;

    /// <inheritdoc />
    public static string MeasurementName => "chaos";

    /// <summary>The point's timestamp in nanoseconds.</summary>
    public long TimestampNs => BaseTimeNs + (Seq * 1_000);

    /// <summary>A computed reading with full double precision, as a real sensor's converted value has.</summary>
    public double Value => Math.Sin(Seq * 0.001) * 23.456789;

    /// <summary>A non-ASCII string field, like a room or device label.</summary>
    public string Label => "Wohnzimmer-Fühler " + (Seq % 97).ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public static void WriteLineProtocol(ref LineProtocolWriter writer, in ChaosPoint point)
    {
        writer.BeginPoint("chaos"u8);
        writer.WriteTag("producer"u8, point.Producer);
        writer.WriteTag("run"u8, point.Run);
        writer.WriteField("label"u8, point.Label);
        writer.WriteField("seq"u8, point.Seq);
        writer.WriteField("value"u8, point.Value);
        writer.WriteTimestamp(point.TimestampNs);
        writer.EndPoint();
    }
}
