namespace HomeIQ.Influx.Writer.Tests.TestTypes;

/// <summary>
/// A measurement written by hand the way the generator will emit it (the lead swaps in the generated one later):
/// tags producer and room, fields seq (integer) and value (float), a nanosecond timestamp.
/// </summary>
public readonly record struct SensorReading(int Producer, string Room, long Seq, double Value, long TimestampNs) : ILineProtocolPoint<SensorReading>
{
    public static string MeasurementName => "reading";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in SensorReading point)
    {
        writer.BeginPoint("reading"u8);
        writer.WriteTag("producer"u8, (long)point.Producer);
        writer.WriteTag("room"u8, point.Room);
        writer.WriteField("seq"u8, point.Seq);
        writer.WriteField("value"u8, point.Value);
        writer.WriteTimestamp(point.TimestampNs);
        writer.EndPoint();
    }

    /// <summary>The test timestamp base: 2024-01-01T00:00:00Z in nanoseconds.</summary>
    public const long BaseTime = 1_704_067_200_000_000_000;

    /// <summary>The reading with sequence number <paramref name="seq"/>; every field is derived from it so content can be checked.</summary>
    public static SensorReading For(long seq, int producers = 8) =>
        new((int)(seq % producers), "room" + (seq % 5), seq, seq * 0.5, BaseTime + seq * 1_000);
}
