using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>
/// The test measurement. Everything below the properties is written BY HAND exactly as the source generator is to emit
/// it (docs/design/generated-query.md): the line-protocol serializer (to write test data) and the query mapper. When the
/// generator is added to this project, delete the hand-written members and make the type <c>partial</c> only.
/// </summary>
[Measurement("sensor")]
public sealed partial class SensorReading : ILineProtocolPoint<SensorReading>, IQueryableMeasurement<SensorReading>
{
    [Tag("room")] public string? Room { get; set; }

    [Tag("sensor_id")] public string? SensorId { get; set; }

    [Field("temperature")] public double Temperature { get; set; }

    [Field("humidity")] public double? Humidity { get; set; }

    [Field("count")] public long Count { get; set; }

    [Field("ok")] public bool Ok { get; set; }

    [Field("note")] public string? Note { get; set; }

    [Timestamp] public DateTimeOffset Time { get; set; }
}

// ---- generated: SensorReading.LineProtocol.g.cs (hand-written stand-in) ----
public sealed partial class SensorReading
{
    /// <inheritdoc/>
    public static string MeasurementName => "sensor";

    /// <inheritdoc/>
    public static void WriteLineProtocol(ref LineProtocolWriter writer, in SensorReading point)
    {
        writer.BeginPoint("sensor"u8);
        writer.WriteTag("room"u8, point.Room);
        writer.WriteTag("sensor_id"u8, point.SensorId);
        writer.WriteField("temperature"u8, point.Temperature);
        if (point.Humidity is { } humidity) writer.WriteField("humidity"u8, humidity);
        writer.WriteField("count"u8, point.Count);
        writer.WriteField("ok"u8, point.Ok);
        if (point.Note is not null) writer.WriteField("note"u8, point.Note);
        writer.WriteTimestamp(point.Time);
        writer.EndPoint();
    }
}

// ---- generated: SensorReading.Query.g.cs, the mapper part (hand-written stand-in) ----
public sealed partial class SensorReading
{
    private static readonly global::HomeIQ.Influx.Querying.MeasurementSchema s_querySchema = new(
        "SensorReading",
        "sensor",
        ["room", "sensor_id"],
        [
            new("temperature", global::HomeIQ.Influx.Querying.FieldKind.Float),
            new("humidity", global::HomeIQ.Influx.Querying.FieldKind.Float),
            new("count", global::HomeIQ.Influx.Querying.FieldKind.Integer),
            new("ok", global::HomeIQ.Influx.Querying.FieldKind.Boolean),
            new("note", global::HomeIQ.Influx.Querying.FieldKind.String),
        ]);

    // One array instance for every row: QueryRow.MapColumns caches the ordinals per response schema.
    private static readonly string[] s_queryColumns = ["time", "room", "sensor_id", "temperature", "humidity", "count", "ok", "note"];

    /// <inheritdoc/>
    public static global::HomeIQ.Influx.Querying.MeasurementSchema QuerySchema => s_querySchema;

    /// <inheritdoc/>
    public static SensorReading ReadRow(in global::HomeIQ.Influx.Querying.QueryRow row)
    {
        var ordinals = row.MapColumns(s_queryColumns);
        var value = new SensorReading();
        int i;
        if ((i = ordinals[0]) >= 0 && !row.IsNull(i)) value.Time = row.GetDateTimeOffset(i, "SensorReading.Time");
        if ((i = ordinals[1]) >= 0 && !row.IsNull(i)) value.Room = row.GetString(i, "SensorReading.Room");
        if ((i = ordinals[2]) >= 0 && !row.IsNull(i)) value.SensorId = row.GetString(i, "SensorReading.SensorId");
        if ((i = ordinals[3]) >= 0 && !row.IsNull(i)) value.Temperature = row.GetDouble(i, "SensorReading.Temperature");
        if ((i = ordinals[4]) >= 0 && !row.IsNull(i)) value.Humidity = row.GetDouble(i, "SensorReading.Humidity");
        if ((i = ordinals[5]) >= 0 && !row.IsNull(i)) value.Count = row.GetInt64(i, "SensorReading.Count");
        if ((i = ordinals[6]) >= 0 && !row.IsNull(i)) value.Ok = row.GetBoolean(i, "SensorReading.Ok");
        if ((i = ordinals[7]) >= 0 && !row.IsNull(i)) value.Note = row.GetString(i, "SensorReading.Note");
        return value;
    }
}
