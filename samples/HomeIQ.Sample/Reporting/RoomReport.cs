using System.Globalization;
using HomeIQ.Influx;
using HomeIQ.Influx.Querying;
using HomeIQ.Sample.Measurements;

namespace HomeIQ.Sample.Reporting;

/// <summary>One room's numbers over the queried range.</summary>
public sealed record RoomSummary(string Room, int ClimatePoints, double MeanTemperature, double MeanHumidity,
    double EnergyWh, double PeakWatts, long StateChanges);

/// <summary>Reads the run back with the generated query classes and summarizes it per room.</summary>
public static class RoomReport
{
    // Server-side windows for the totals: the sum of per-minute sums and the max of per-minute maxima are exact.
    private static readonly TimeSpan s_every = TimeSpan.FromMinutes(1);

    /// <summary>Queries climate, power and state readings between <paramref name="start"/> and <paramref name="stop"/>.</summary>
    public static async Task<IReadOnlyList<RoomSummary>> QueryAsync(InfluxClient client, DateTimeOffset start, DateTimeOffset stop, CancellationToken cancellationToken)
    {
        // Every reading (typed rows through the generated mapper): the per-room means are computed here, exactly.
        var climate = new Dictionary<string, (int Count, double Temperature, double Humidity)>(StringComparer.Ordinal);
        var climateQuery = client.QueryClimateReading()
            .Range(start, stop)
            .Select(ClimateReadingQuery.Fields.Temperature, ClimateReadingQuery.Fields.Humidity);
        await foreach (var reading in climateQuery.ExecuteAsync(cancellationToken))
        {
            var c = climate.GetValueOrDefault(reading.Room ?? "?");
            climate[reading.Room ?? "?"] = (c.Count + 1, c.Temperature + reading.Temperature, c.Humidity + reading.Humidity);
        }

        // Energy per room: sum(energy_wh) per minute and room on the server, added up here.
        var energy = new Dictionary<string, double>(StringComparer.Ordinal);
        var energyQuery = client.QueryPowerReading()
            .Range(start, stop)
            .Select(PowerReadingQuery.Fields.EnergyWh)
            .Window(s_every, AggregateFunction.Sum, PowerReadingQuery.Tags.Room);
        await foreach (var window in energyQuery.ExecuteAsync(cancellationToken))
            energy[window.Room ?? "?"] = energy.GetValueOrDefault(window.Room ?? "?") + window.EnergyWh;

        // Peak power per room: max(watts) per minute and room.
        var peak = new Dictionary<string, double>(StringComparer.Ordinal);
        var peakQuery = client.QueryPowerReading()
            .Range(start, stop)
            .Select(PowerReadingQuery.Fields.Watts)
            .Window(s_every, AggregateFunction.Max, PowerReadingQuery.Tags.Room);
        await foreach (var window in peakQuery.ExecuteAsync(cancellationToken))
            peak[window.Room ?? "?"] = Math.Max(peak.GetValueOrDefault(window.Room ?? "?"), window.Watts);

        // State changes per room: sum(changes) per minute and room.
        var changes = new Dictionary<string, long>(StringComparer.Ordinal);
        var changesQuery = client.QueryStateReading()
            .Range(start, stop)
            .Select(StateReadingQuery.Fields.Changes)
            .Window(s_every, AggregateFunction.Sum, StateReadingQuery.Tags.Room);
        await foreach (var window in changesQuery.ExecuteAsync(cancellationToken))
            changes[window.Room ?? "?"] = changes.GetValueOrDefault(window.Room ?? "?") + window.Changes;

        return climate.Keys.Concat(energy.Keys).Concat(changes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(room =>
            {
                var c = climate.GetValueOrDefault(room);
                return new RoomSummary(room,
                    c.Count, c.Count == 0 ? double.NaN : c.Temperature / c.Count, c.Count == 0 ? double.NaN : c.Humidity / c.Count,
                    energy.GetValueOrDefault(room), peak.TryGetValue(room, out var p) ? p : double.NaN, changes.GetValueOrDefault(room));
            })
            .ToList();
    }

    /// <summary>The InfluxQL the report sends for the energy totals (printed by the sample so the user sees the text).</summary>
    public static string EnergyQueryText(InfluxClient client, DateTimeOffset start, DateTimeOffset stop) =>
        client.QueryPowerReading().Range(start, stop).Select(PowerReadingQuery.Fields.EnergyWh)
            .Window(s_every, AggregateFunction.Sum, PowerReadingQuery.Tags.Room).ToInfluxQL();

    /// <summary>Writes the summaries as a fixed-width table with a total row.</summary>
    public static void Print(IReadOnlyList<RoomSummary> rooms, TextWriter output)
    {
        string[] header = ["room", "readings", "mean °C", "mean RH %", "energy Wh", "peak W", "door/window/motion changes"];
        var rows = rooms.Select(r => new[]
        {
            r.Room,
            r.ClimatePoints.ToString("N0", CultureInfo.InvariantCulture),
            Format(r.MeanTemperature, "F2"),
            Format(r.MeanHumidity, "F1"),
            r.EnergyWh.ToString("F3", CultureInfo.InvariantCulture),
            Format(r.PeakWatts, "F1"),
            r.StateChanges.ToString(CultureInfo.InvariantCulture),
        }).ToList();
        int climatePoints = rooms.Sum(r => r.ClimatePoints);
        var total = new[]
        {
            "all rooms",
            climatePoints.ToString("N0", CultureInfo.InvariantCulture),
            Format(climatePoints == 0 ? double.NaN : rooms.Where(r => r.ClimatePoints > 0).Sum(r => r.MeanTemperature * r.ClimatePoints) / climatePoints, "F2"),
            Format(climatePoints == 0 ? double.NaN : rooms.Where(r => r.ClimatePoints > 0).Sum(r => r.MeanHumidity * r.ClimatePoints) / climatePoints, "F1"),
            rooms.Sum(r => r.EnergyWh).ToString("F3", CultureInfo.InvariantCulture),
            Format(rooms.Where(r => !double.IsNaN(r.PeakWatts)).Select(r => r.PeakWatts).DefaultIfEmpty(double.NaN).Max(), "F1"),
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
}
