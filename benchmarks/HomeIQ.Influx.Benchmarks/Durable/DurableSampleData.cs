using System.Globalization;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Durable;

/// <summary>
/// Readings shaped like a gateway's: computed doubles with full precision (no tidy multiples of 1/8 here: the durable
/// benchmarks compare no bytes with the client libraries), non-ASCII room names and a long status text. Deterministic.
/// </summary>
public static class DurableSampleData
{
    private static readonly string[] Homes = ["villa-7", "flat-12", "cabin-3"];
    private static readonly string[] Rooms = ["Küche", "salle de séjour", "寝室", "bathroom", "Arbeitszimmer"];
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Creates <paramref name="count"/> readings.</summary>
    public static SensorPoint[] Create(int count)
    {
        var points = new SensorPoint[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = new SensorPoint
            {
                Home = Homes[i % Homes.Length],
                Room = Rooms[i / 3 % Rooms.Length],
                SensorId = "s-" + (i % 500).ToString("D4", CultureInfo.InvariantCulture),
                Battery = 100 - i % 100,
                Humidity = 45 + 12 * Math.Cos(i / 977.0),
                Status = i % 7 == 0 ? "Batterie schwach — bitte bald tauschen (Kalibrierung 2026-01-03, Firmware 4.2.1-β)" : "ok",
                Temperature = 21.5 + 3.2 * Math.Sin(i / 113.0),
                Time = Start.AddTicks(i * TimeSpan.TicksPerSecond + i * 7_919L % TimeSpan.TicksPerSecond),
            };
        }
        return points;
    }
}
