namespace HomeIQ.Influx.Benchmarks.Models;

/// <summary>Deterministic sample readings, the same on every run and in every process (benchmark and sink).</summary>
public static class SampleData
{
    /// <summary>Points in a write batch: InfluxDB's recommended batch size.</summary>
    public const int BatchSize = 5_000;

    private static readonly string[] Homes = ["villa-7", "flat-12", "cabin-3"];
    // "living room" has a space, and one status has quotes: every serializer must escape them the same way.
    private static readonly string[] Rooms = ["kitchen", "living room", "bedroom", "bathroom", "office"];
    private static readonly string[] Statuses = ["ok", "ok", "ok", "low battery", "door \"open\""];
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Creates <paramref name="count"/> readings.</summary>
    /// <remarks>
    /// Temperatures and humidities are multiples of 1/8 and 1/2: InfluxDB.Client and InfluxDB3.Client format doubles
    /// with "G17" and HomeIQ with the shortest round-trip form, which agree only on such exactly representable values
    /// (21.3 becomes 21.300000000000001 under G17). Both forms parse back to the same double.
    /// </remarks>
    public static SensorPoint[] Create(int count)
    {
        var points = new SensorPoint[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = new SensorPoint
            {
                Home = Homes[i % Homes.Length],
                Room = Rooms[i / 3 % Rooms.Length],
                SensorId = "s-" + (i % 500).ToString("D4", System.Globalization.CultureInfo.InvariantCulture),
                Battery = 100 - i % 100,
                Humidity = 30 + i % 61 * 0.5,
                Status = Statuses[i / 7 % Statuses.Length],
                Temperature = 18 + i % 97 * 0.125,
                // Seconds apart, with sub-millisecond ticks so nanosecond timestamps are exercised.
                Time = Start.AddTicks(i * TimeSpan.TicksPerSecond + i * 7_919L % TimeSpan.TicksPerSecond),
            };
        }
        return points;
    }
}
