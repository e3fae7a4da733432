using System.Globalization;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Sink;

/// <summary>
/// The fixed query responses the sink serves: <see cref="Rows"/> sample readings as InfluxDB 1.x InfluxQL JSON and as
/// InfluxDB 2.x Flux annotated CSV (the shape a <c>pivot()</c>ed query returns), built from <see cref="SampleData"/>.
/// </summary>
public static class QueryPayloads
{
    /// <summary>Rows in each payload.</summary>
    public const int Rows = 100_000;

    /// <summary>The path the InfluxQL JSON payload is served on (InfluxDB 1.x <c>/query</c>).</summary>
    public const string InfluxQlPath = "/query";

    /// <summary>The path the Flux CSV payload is served on (InfluxDB 2.x <c>/api/v2/query</c>).</summary>
    public const string FluxPath = "/api/v2/query";

    /// <summary>Both payloads as sink responses.</summary>
    public static IReadOnlyList<FixedResponse> CreateResponses(int rows = Rows)
    {
        var points = SampleData.Create(rows);
        return
        [
            FixedResponse.Create(FluxPath, "text/csv; charset=utf-8", FluxCsv(points)),
            FixedResponse.Create(InfluxQlPath, "application/json", InfluxQlJson(points)),
        ];
    }

    /// <summary>
    /// One series as InfluxDB 1.x answers <c>SELECT * FROM sensor</c>: columns in key order with <c>time</c> first,
    /// RFC 3339 times, numbers in shortest form.
    /// </summary>
    public static byte[] InfluxQlJson(SensorPoint[] points)
    {
        using var stream = new MemoryStream(points.Length * 160);
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("results");
            json.WriteStartObject();
            json.WriteNumber("statement_id", 0);
            json.WriteStartArray("series");
            json.WriteStartObject();
            json.WriteString("name", "sensor");
            json.WriteStartArray("columns");
            foreach (var column in (string[])["time", "battery", "home", "humidity", "room", "sensor_id", "status", "temperature"]) json.WriteStringValue(column);
            json.WriteEndArray();
            json.WriteStartArray("values");
            foreach (var p in points)
            {
                json.WriteStartArray();
                json.WriteStringValue(Rfc3339(p.Time));
                json.WriteNumberValue(p.Battery);
                json.WriteStringValue(p.Home);
                json.WriteNumberValue(p.Humidity);
                json.WriteStringValue(p.Room);
                json.WriteStringValue(p.SensorId);
                json.WriteStringValue(p.Status);
                json.WriteNumberValue(p.Temperature);
                json.WriteEndArray();
            }
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>One table as InfluxDB 2.x answers a pivoted Flux query, with the three annotation rows and CRLF line ends.</summary>
    public static byte[] FluxCsv(SensorPoint[] points)
    {
        var csv = new StringBuilder(points.Length * 170);
        csv.Append("#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,string,string,long,double,string,double\r\n");
        csv.Append("#group,false,false,true,true,false,true,true,true,true,false,false,false,false\r\n");
        csv.Append("#default,_result,,,,,,,,,,,,\r\n");
        csv.Append(",result,table,_start,_stop,_time,_measurement,home,room,sensor_id,battery,humidity,status,temperature\r\n");
        var start = Rfc3339(points.Length == 0 ? DateTime.UnixEpoch : points[0].Time.AddDays(-1));
        var stop = Rfc3339(points.Length == 0 ? DateTime.UnixEpoch : points[^1].Time.AddDays(1));
        foreach (var p in points)
        {
            csv.Append(",,0,").Append(start).Append(',').Append(stop).Append(',').Append(Rfc3339(p.Time)).Append(",sensor,");
            AppendCsv(csv, p.Home).Append(',');
            AppendCsv(csv, p.Room).Append(',');
            AppendCsv(csv, p.SensorId).Append(',');
            csv.Append(p.Battery.ToString(CultureInfo.InvariantCulture)).Append(',');
            csv.Append(p.Humidity.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            AppendCsv(csv, p.Status).Append(',');
            csv.Append(p.Temperature.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n");
        }
        csv.Append("\r\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>RFC 3339 with as many fractional digits as needed (InfluxDB's RFC3339Nano style), always UTC.</summary>
    public static string Rfc3339(DateTime time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    // RFC 4180: quote a value holding a comma, quote or line break; double the quotes inside.
    private static StringBuilder AppendCsv(StringBuilder csv, string value)
    {
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return csv.Append(value);
        return csv.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
