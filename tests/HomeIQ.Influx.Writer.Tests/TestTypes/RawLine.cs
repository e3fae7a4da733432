namespace HomeIQ.Influx.Writer.Tests.TestTypes;

/// <summary>
/// A point whose tag value goes out unescaped (through <see cref="LineProtocolWriter.WriteEscapedTag"/>), so a test can
/// send a line the server cannot parse: our serializer never produces one by itself.
/// </summary>
public readonly record struct RawLine(string RawTag, long Seq, long TimestampNs) : ILineProtocolPoint<RawLine>
{
    public static string MeasurementName => "raw";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in RawLine point)
    {
        writer.BeginPoint("raw"u8);
        writer.WriteEscapedTag("t"u8, System.Text.Encoding.UTF8.GetBytes(point.RawTag));
        writer.WriteField("seq"u8, point.Seq);
        writer.WriteTimestamp(point.TimestampNs);
        writer.EndPoint();
    }
}

/// <summary>A point with a NaN field when asked, which line protocol cannot carry: the writer must throw to the caller.</summary>
public readonly record struct MaybeNaN(double Value, long TimestampNs) : ILineProtocolPoint<MaybeNaN>
{
    public static string MeasurementName => "maybe";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in MaybeNaN point)
    {
        writer.BeginPoint("maybe"u8);
        writer.WriteField("value"u8, point.Value);
        writer.WriteTimestamp(point.TimestampNs);
        writer.EndPoint();
    }
}

/// <summary>Writes field <c>seq</c> of measurement <c>raw</c> as a float or an integer, to make type conflicts within one batch.</summary>
public readonly record struct MixedSeq(bool AsFloat, long Seq, long TimestampNs) : ILineProtocolPoint<MixedSeq>
{
    public static string MeasurementName => "raw";

    public static void WriteLineProtocol(ref LineProtocolWriter writer, in MixedSeq point)
    {
        writer.BeginPoint("raw"u8);
        writer.WriteTag("t"u8, point.AsFloat ? "float" : "int");
        if (point.AsFloat) writer.WriteField("seq"u8, point.Seq + 0.5);
        else writer.WriteField("seq"u8, point.Seq);
        writer.WriteTimestamp(point.TimestampNs);
        writer.EndPoint();
    }
}
