using System.Globalization;
using HomeIQ.Influx;

namespace HomeIQ.Sample.Reporting;

/// <summary>One room's numbers over the queried window.</summary>
public sealed record RoomSummary(string Room, int ClimatePoints, double MeanTemperature, double MeanHumidity,
    int PowerPoints, double MeanWatts, double EnergyWh, int StatePoints, long StateChanges);

/// <summary>Reads the last minutes back from the server and summarizes them per room.</summary>
public static class RoomReport
{
    /// <summary>The window the report reads: the sample's run and some margin.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    /// <summary>Queries climate, power and state readings of the last <see cref="Window"/> and summarizes them per room.</summary>
    public static async Task<IReadOnlyList<RoomSummary>> QueryAsync(InfluxClient client, CancellationToken cancellationToken)
    {
        var climate = new Dictionary<string, (int Count, double Temperature, double Humidity)>(StringComparer.Ordinal);
        var power = new Dictionary<string, (int Count, double Watts, double Energy)>(StringComparer.Ordinal);
        var states = new Dictionary<string, (int Count, long Changes)>(StringComparer.Ordinal);

        await using (var reader = await client.QueryInfluxQLAsync(
            "SELECT \"room\"::tag, \"temperature\"::field, \"humidity\"::field FROM \"climate\" WHERE time >= now() - 10m", cancellationToken: cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = reader.Row;
                string room = row.GetString(row.GetOrdinal("room"));
                var c = climate.GetValueOrDefault(room);
                climate[room] = (c.Count + 1, c.Temperature + row.GetDouble(row.GetOrdinal("temperature")), c.Humidity + row.GetDouble(row.GetOrdinal("humidity")));
            }
        }
        await using (var reader = await client.QueryInfluxQLAsync(
            "SELECT \"room\"::tag, \"watts\"::field, \"energy_wh\"::field FROM \"power\" WHERE time >= now() - 10m", cancellationToken: cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = reader.Row;
                string room = row.GetString(row.GetOrdinal("room"));
                var p = power.GetValueOrDefault(room);
                power[room] = (p.Count + 1, p.Watts + row.GetDouble(row.GetOrdinal("watts")), p.Energy + row.GetDouble(row.GetOrdinal("energy_wh")));
            }
        }
        await using (var reader = await client.QueryInfluxQLAsync(
            "SELECT \"room\"::tag, \"changes\"::field FROM \"state\" WHERE time >= now() - 10m", cancellationToken: cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = reader.Row;
                string room = row.GetString(row.GetOrdinal("room"));
                var s = states.GetValueOrDefault(room);
                states[room] = (s.Count + 1, s.Changes + row.GetInt64(row.GetOrdinal("changes")));
            }
        }

        return climate.Keys.Concat(power.Keys).Concat(states.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(room =>
            {
                var c = climate.GetValueOrDefault(room);
                var p = power.GetValueOrDefault(room);
                var s = states.GetValueOrDefault(room);
                return new RoomSummary(room,
                    c.Count, c.Count == 0 ? double.NaN : c.Temperature / c.Count, c.Count == 0 ? double.NaN : c.Humidity / c.Count,
                    p.Count, p.Count == 0 ? double.NaN : p.Watts / p.Count, p.Energy,
                    s.Count, s.Changes);
            })
            .ToList();
    }

    /// <summary>Writes the summaries as a fixed-width table.</summary>
    public static void Print(IReadOnlyList<RoomSummary> rooms, TextWriter output)
    {
        string[] header = ["room", "climate pts", "mean °C", "mean RH %", "power pts", "mean W", "energy Wh", "state pts", "changes"];
        var rows = rooms.Select(r => new[]
        {
            r.Room,
            r.ClimatePoints.ToString("N0", CultureInfo.InvariantCulture),
            Format(r.MeanTemperature, "F2"),
            Format(r.MeanHumidity, "F1"),
            r.PowerPoints.ToString("N0", CultureInfo.InvariantCulture),
            Format(r.MeanWatts, "F1"),
            r.EnergyWh.ToString("F3", CultureInfo.InvariantCulture),
            r.StatePoints.ToString("N0", CultureInfo.InvariantCulture),
            r.StateChanges.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        var total = new[]
        {
            "all rooms",
            rooms.Sum(r => r.ClimatePoints).ToString("N0", CultureInfo.InvariantCulture),
            Format(Weighted(rooms, r => r.MeanTemperature, r => r.ClimatePoints), "F2"),
            Format(Weighted(rooms, r => r.MeanHumidity, r => r.ClimatePoints), "F1"),
            rooms.Sum(r => r.PowerPoints).ToString("N0", CultureInfo.InvariantCulture),
            Format(Weighted(rooms, r => r.MeanWatts, r => r.PowerPoints), "F1"),
            rooms.Sum(r => r.EnergyWh).ToString("F3", CultureInfo.InvariantCulture),
            rooms.Sum(r => r.StatePoints).ToString("N0", CultureInfo.InvariantCulture),
            rooms.Sum(r => r.StateChanges).ToString(CultureInfo.InvariantCulture),
        };
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Append(total).Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join(" | ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
        string rule = string.Join("-+-", widths.Select(w => new string('-', w)));
        output.WriteLine(Line(header));
        output.WriteLine(rule);
        foreach (var row in rows) output.WriteLine(Line(row));
        output.WriteLine(rule);
        output.WriteLine(Line(total));
    }

    private static string Format(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);

    private static double Weighted(IReadOnlyList<RoomSummary> rooms, Func<RoomSummary, double> value, Func<RoomSummary, int> weight)
    {
        int n = rooms.Sum(weight);
        return n == 0 ? double.NaN : rooms.Where(r => weight(r) > 0).Sum(r => value(r) * weight(r)) / n;
    }
}
