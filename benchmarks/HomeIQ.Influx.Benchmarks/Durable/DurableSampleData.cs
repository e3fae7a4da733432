using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Durable;

/// <summary>
/// Readings shaped like a gateway's, from <see cref="SampleData"/>'s: computed doubles with full precision (not its tidy
/// multiples of 1/8, which exist so the serializer benchmarks can compare bytes with the client libraries; the durable
/// benchmarks compare none), non-ASCII room names and a long status text on every seventh point. Deterministic.
/// </summary>
public static class DurableSampleData
{
    private static readonly string[] Rooms = ["Küche", "salle de séjour", "寝室", "bathroom", "Arbeitszimmer"];
    private const string LongStatus = "Batterie schwach — bitte bald tauschen (Kalibrierung 2026-01-03, Firmware 4.2.1-β)";

    /// <summary>Creates <paramref name="count"/> readings.</summary>
    public static SensorPoint[] Create(int count)
    {
        var points = SampleData.Create(count);
        for (int i = 0; i < count; i++)
        {
            var point = points[i];
            point.Room = Rooms[i / 3 % Rooms.Length];
            point.Humidity = 45 + 12 * Math.Cos(i / 977.0);
            point.Temperature = 21.5 + 3.2 * Math.Sin(i / 113.0);
            point.Status = i % 7 == 0 ? LongStatus : "ok";
        }
        return points;
    }
}
