using System.Globalization;

namespace HomeIQ.Influx.Benchmarks.Models;

/// <summary>The kinds of sample readings the serializer and formatter benchmarks run on.</summary>
public enum DataSet
{
    /// <summary>
    /// The first round's point: doubles that are multiples of 1/8 and 1/2 (<c>21.125</c>, <c>45.5</c>), short ASCII
    /// tags and statuses. Every double has at most three decimals (round one's writer had a fast path for those).
    /// </summary>
    Today,

    /// <summary>
    /// Computed doubles with full precision, as real readings have them: °F converted to °C
    /// (<c>22.22222222222222</c>), averages of three readings, random bits in the sensor range (17 digits); and text as
    /// homes name it: non-ASCII room names (<c>Küche</c>, <c>salle à manger</c>, <c>子供部屋</c>) and, on one point in
    /// five, a long status message with non-ASCII characters.
    /// </summary>
    FullPrecision,

    /// <summary>
    /// The text of <see cref="FullPrecision"/>; each double is short (one or two decimals, <c>21.5</c>, <c>45.25</c>)
    /// nine times in ten and has full precision the tenth time.
    /// </summary>
    Mixed,
}

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

    // Real homes: German, French and Japanese room names, one with a space to escape.
    private static readonly string[] RealRooms = ["Küche", "Wohnzimmer", "salle à manger", "子供部屋", "living room", "Badezimmer", "chambre d'amis"];
    private static readonly string[] RealStatuses =
    [
        "ok",
        "Batterie schwach – bitte innerhalb von 7 Tagen ersetzen (Fehlercode 0x1F, letzte Meldung: „Spannung 2,41 V“, Sensor im Flur neben der Tür)",
        "ok",
        "fenêtre ouverte depuis 42 min — chauffage réduit à 16 °C; \"mode éco\" activé automatiquement par la règle n° 12 (salle à manger)",
        "ok",
    ];

    /// <summary>Creates <paramref name="count"/> readings of the first round's kind (<see cref="DataSet.Today"/>).</summary>
    /// <remarks>
    /// Temperatures and humidities are multiples of 1/8 and 1/2: InfluxDB.Client and InfluxDB3.Client format doubles
    /// with "G17" and HomeIQ with the shortest round-trip form, which agree only on such exactly representable values
    /// (21.3 becomes 21.300000000000001 under G17). Both forms parse back to the same double.
    /// </remarks>
    public static SensorPoint[] Create(int count) => Create(count, DataSet.Today);

    /// <summary>Creates <paramref name="count"/> readings of the given kind.</summary>
    public static SensorPoint[] Create(int count, DataSet set)
    {
        var points = new SensorPoint[count];
        for (int i = 0; i < count; i++)
        {
            points[i] = new SensorPoint
            {
                Home = Homes[i % Homes.Length],
                Room = set == DataSet.Today ? Rooms[i / 3 % Rooms.Length] : RealRooms[i / 3 % RealRooms.Length],
                SensorId = "s-" + (i % 500).ToString("D4", CultureInfo.InvariantCulture),
                Battery = 100 - i % 100,
                Humidity = Humidity(i, set),
                Status = set == DataSet.Today ? Statuses[i / 7 % Statuses.Length] : RealStatuses[i % RealStatuses.Length],
                Temperature = Temperature(i, set),
                // Seconds apart, with sub-millisecond ticks so nanosecond timestamps are exercised.
                Time = Start.AddTicks(i * TimeSpan.TicksPerSecond + i * 7_919L % TimeSpan.TicksPerSecond),
            };
        }
        return points;
    }

    /// <summary>The doubles of <paramref name="count"/> readings of <paramref name="set"/>, temperature then humidity per point.</summary>
    public static double[] Doubles(int count, DataSet set)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = i % 2 == 0 ? Temperature(i / 2, set) : Humidity(i / 2, set);
        return values;
    }

    private static double Temperature(int i, DataSet set) => set switch
    {
        DataSet.Today => 18 + i % 97 * 0.125,
        DataSet.FullPrecision => FullTemperature(i),
        _ => IsFull(i, 0) ? FullTemperature(i) : (180 + i % 150) / 10.0, // 18.0 .. 32.9
    };

    private static double Humidity(int i, DataSet set) => set switch
    {
        DataSet.Today => 30 + i % 61 * 0.5,
        DataSet.FullPrecision => FullHumidity(i),
        _ => IsFull(i, 1) ? FullHumidity(i) : (3000 + i * 37 % 4000) / 100.0, // 30.00 .. 69.99
    };

    // One double in ten, spread so that the two fields of a point are not full together.
    private static bool IsFull(int i, int field) => (i * 2 + field) % 10 == 3;

    // A thermostat reporting °F with one decimal, converted to °C: 72.5 °F = 22.5 °C, 72.1 °F = 22.277777777777779 °C.
    private static double FullTemperature(int i) => ((600 + i * 7 % 300) / 10.0 - 32) * 5 / 9;

    // Half: the mean of three readings with one decimal; half: random bits in the sensor's range (17 digits).
    private static double FullHumidity(int i)
    {
        if (i % 2 == 0) return ((300 + i % 400) / 10.0 + (310 + i * 3 % 400) / 10.0 + (320 + i * 7 % 400) / 10.0) / 3;
        ulong bits = (ulong)i * 0x9E3779B97F4A7C15UL;
        return 20 + (bits >> 11) * (60.0 / (1UL << 53));
    }
}
