using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Query;

/// <summary>
/// The query baseline: parsers hand-written for <see cref="SensorPoint"/> over a fully buffered UTF-8 body, the
/// practical limit for turning these payloads into objects. Columns are matched by name once per table (so column
/// order does not matter), values are parsed straight from the bytes; the only allocations are the points and their
/// strings, which any object-returning API must make.
/// </summary>
public static class HandWrittenQueryParsers
{
    private enum Column : byte { Skip, Time, Battery, Home, Humidity, Room, SensorId, Status, Temperature }

    /// <summary>Parses an InfluxDB 1.x <c>/query</c> JSON answer (one or more series of <c>sensor</c>).</summary>
    public static List<SensorPoint> ParseInfluxQlJson(ReadOnlySpan<byte> json, List<SensorPoint>? rows = null)
    {
        rows ??= [];
        ParseInfluxQlJson(json, rows.Add);
        return rows;
    }

    /// <summary>
    /// Parses one InfluxDB 1.x <c>/query</c> JSON document (one or more series of <c>sensor</c>; a chunked answer is a
    /// sequence of them), handing each row to <paramref name="row"/>. Times are RFC 3339 text or, with <c>epoch=ns</c>,
    /// Unix nanoseconds.
    /// </summary>
    public static void ParseInfluxQlJson(ReadOnlySpan<byte> json, Action<SensorPoint> row)
    {
        var reader = new Utf8JsonReader(json);
        Column[] columns = [];
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            if (reader.ValueTextEquals("columns"u8))
            {
                var names = new List<Column>(8);
                reader.Read(); // StartArray
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) names.Add(ColumnOf(reader.ValueSpan));
                columns = names.ToArray();
            }
            else if (reader.ValueTextEquals("values"u8))
            {
                reader.Read(); // StartArray of rows
                while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
                {
                    var point = new SensorPoint();
                    for (int i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                    {
                        var column = i < columns.Length ? columns[i] : Column.Skip;
                        if (reader.TokenType == JsonTokenType.Null) continue;
                        switch (column)
                        {
                            case Column.Time:
                                point.Time = reader.TokenType == JsonTokenType.Number
                                    ? DateTime.UnixEpoch.AddTicks(reader.GetInt64() / 100)
                                    : ParseRfc3339(reader.ValueSpan);
                                break;
                            case Column.Battery: point.Battery = reader.GetInt64(); break;
                            case Column.Humidity: point.Humidity = reader.GetDouble(); break;
                            case Column.Temperature: point.Temperature = reader.GetDouble(); break;
                            case Column.Home: point.Home = reader.GetString()!; break;
                            case Column.Room: point.Room = reader.GetString()!; break;
                            case Column.SensorId: point.SensorId = reader.GetString()!; break;
                            case Column.Status: point.Status = reader.GetString()!; break;
                            default: reader.Skip(); break;
                        }
                    }
                    row(point);
                }
            }
        }
    }

    /// <summary>Parses an InfluxDB 2.x Flux annotated-CSV answer of pivoted <c>sensor</c> rows (one or more tables).</summary>
    public static List<SensorPoint> ParseFluxCsv(ReadOnlySpan<byte> csv, List<SensorPoint>? rows = null)
    {
        rows ??= [];
        Column[]? columns = null;
        while (!csv.IsEmpty)
        {
            int end = csv.IndexOf((byte)'\n');
            var line = end < 0 ? csv : csv[..end];
            csv = end < 0 ? default : csv[(end + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            if (line.IsEmpty) { columns = null; continue; }   // a blank line ends a table; a new header follows
            if (line[0] == (byte)'#') continue;               // annotation rows
            if (columns is null) { columns = HeaderColumns(line); continue; }

            var point = new SensorPoint();
            for (int i = 0; !line.IsEmpty || i == 0; i++)
            {
                var field = NextCsvField(ref line, out bool quoted);
                var column = i < columns.Length ? columns[i] : Column.Skip;
                if (column == Column.Skip || field.IsEmpty) continue;
                switch (column)
                {
                    case Column.Time: point.Time = ParseRfc3339(field); break;
                    case Column.Battery: Utf8Parser.TryParse(field, out long battery, out _); point.Battery = battery; break;
                    case Column.Humidity: Utf8Parser.TryParse(field, out double humidity, out _); point.Humidity = humidity; break;
                    case Column.Temperature: Utf8Parser.TryParse(field, out double temperature, out _); point.Temperature = temperature; break;
                    case Column.Home: point.Home = CsvString(field, quoted); break;
                    case Column.Room: point.Room = CsvString(field, quoted); break;
                    case Column.SensorId: point.SensorId = CsvString(field, quoted); break;
                    case Column.Status: point.Status = CsvString(field, quoted); break;
                }
            }
            rows.Add(point);
        }
        return rows;
    }

    /// <summary>Whether two points hold the same values.</summary>
    public static bool Same(SensorPoint a, SensorPoint b) =>
        a.Home == b.Home && a.Room == b.Room && a.SensorId == b.SensorId && a.Battery == b.Battery &&
        a.Humidity.Equals(b.Humidity) && a.Status == b.Status && a.Temperature.Equals(b.Temperature) && a.Time == b.Time;

    private static Column[] HeaderColumns(ReadOnlySpan<byte> line)
    {
        var names = new List<Column>(16);
        for (int i = 0; !line.IsEmpty || i == 0; i++) names.Add(ColumnOf(NextCsvField(ref line, out _)));
        return names.ToArray();
    }

    private static Column ColumnOf(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("time"u8) || name.SequenceEqual("_time"u8) => Column.Time,
        _ when name.SequenceEqual("battery"u8) => Column.Battery,
        _ when name.SequenceEqual("home"u8) => Column.Home,
        _ when name.SequenceEqual("humidity"u8) => Column.Humidity,
        _ when name.SequenceEqual("room"u8) => Column.Room,
        _ when name.SequenceEqual("sensor_id"u8) => Column.SensorId,
        _ when name.SequenceEqual("status"u8) => Column.Status,
        _ when name.SequenceEqual("temperature"u8) => Column.Temperature,
        _ => Column.Skip,
    };

    // Cuts the next field off `line` (RFC 4180). A quoted field is returned with its quotes removed but inner "" kept.
    private static ReadOnlySpan<byte> NextCsvField(ref ReadOnlySpan<byte> line, out bool quoted)
    {
        quoted = !line.IsEmpty && line[0] == (byte)'"';
        if (!quoted)
        {
            int comma = line.IndexOf((byte)',');
            var field = comma < 0 ? line : line[..comma];
            line = comma < 0 ? default : line[(comma + 1)..];
            return field;
        }
        int i = 1;
        while (true)
        {
            int q = line[i..].IndexOf((byte)'"');
            if (q < 0) throw new FormatException("Unterminated quoted CSV field.");
            i += q + 1;
            if (i < line.Length && line[i] == (byte)'"') { i++; continue; }   // "" inside a quoted field
            var field = line[1..(i - 1)];
            line = i < line.Length ? line[(i + 1)..] : default;                 // skip the comma
            return field;
        }
    }

    private static string CsvString(ReadOnlySpan<byte> field, bool quoted)
    {
        var text = Encoding.UTF8.GetString(field);
        return quoted ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }

    // yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z as UTC; digits past the 7th (100 ns ticks) are dropped, as DateTime cannot hold them.
    private static DateTime ParseRfc3339(ReadOnlySpan<byte> s)
    {
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[^1] != 'Z')
            throw new FormatException($"Not an RFC 3339 UTC time: {Encoding.UTF8.GetString(s)}");
        var time = new DateTime(Digits(s, 0, 4), Digits(s, 5, 2), Digits(s, 8, 2), Digits(s, 11, 2), Digits(s, 14, 2), Digits(s, 17, 2), DateTimeKind.Utc);
        if (s[19] != '.') return time;
        long ticks = 0;
        int count = 0;
        for (int i = 20; i < s.Length - 1; i++, count++)
            if (count < 7) ticks = ticks * 10 + (s[i] - '0');
        for (; count < 7; count++) ticks *= 10;
        return time.AddTicks(ticks);
    }

    private static int Digits(ReadOnlySpan<byte> s, int start, int length)
    {
        int value = 0;
        for (int i = start; i < start + length; i++) value = value * 10 + (s[i] - '0');
        return value;
    }
}
