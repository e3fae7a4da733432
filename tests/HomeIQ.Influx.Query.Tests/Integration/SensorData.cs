using System.Buffers;
using System.Text;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>
/// A database holding a known set of <see cref="SensorReading"/> points, written through the real server's /write with
/// the (hand-written stand-in of the) generated serializer. Rooms include quotes, backslashes, spaces and hostile text.
/// </summary>
public class SensorDataFixture : InfluxDatabaseFixture
{
    public static readonly DateTimeOffset T0 = new(2024, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly string[] PlainRooms = ["kitchen", "living room", "o'brien \"pantry\"", "back\\slash", "unicode é ✓"];

    /// <summary>Tag values built to break out of InfluxQL strings, Flux strings, regex literals and line protocol.</summary>
    public static readonly string[] HostileRooms =
    [
        "x' OR 1=1 --",
        "\"); drop(",
        "' OR room =~ /.*/ --",
        "\\' OR 'a'='a",
        "/.*/",
        "a,b=c d",
        "${env}",
        "k' or \"x\"=\"x",
    ];

    public static IEnumerable<string> AllRooms => PlainRooms.Concat(HostileRooms);

    public IReadOnlyList<SensorReading> Points { get; private set; } = [];

    public InfluxClient Client { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var points = new List<SensorReading>();
        int r = 0;
        foreach (var room in AllRooms)
        {
            for (int minute = 0; minute < 30; minute++)
            {
                points.Add(new SensorReading
                {
                    Room = room,
                    SensorId = $"s{r}-{minute % 3}",
                    Temperature = 15 + r + minute * 0.25,
                    Humidity = minute % 4 == 0 ? null : 40 + minute,
                    Count = minute,
                    Ok = minute % 2 == 0,
                    Note = minute % 5 == 0 ? $"note {minute} \"q\" \\ '{room}'" : null,
                    Time = T0.AddMinutes(minute).AddMilliseconds(r),
                });
            }
            r++;
        }
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var point in points) LineProtocol.Write(buffer, point);
        await Server.WriteLineProtocolAsync(Database, Encoding.UTF8.GetString(buffer.WrittenSpan));
        Points = points;
        Client = new InfluxClient(new InfluxClientOptions { Url = Server.Url, Api = InfluxApiVersion.V1, Database = Database });
    }

    public override async Task DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
    }
}

internal static class Compare
{
    /// <summary>A point as a comparable value (class instances compare by reference).</summary>
    public static (DateTimeOffset, string?, string?, double, double?, long, bool, string?) Key(SensorReading p) =>
        (p.Time, p.Room, p.SensorId, p.Temperature, p.Humidity, p.Count, p.Ok, p.Note);

    public static void Same(IEnumerable<SensorReading> expected, IEnumerable<SensorReading> actual) =>
        Assert.Equal(expected.Select(Key).ToList(), actual.Select(Key).ToList());

    /// <summary>InfluxQL returns one series ordered by time; points at the same time keep no set order, so sort both.</summary>
    public static void SameSet(IEnumerable<SensorReading> expected, IEnumerable<SensorReading> actual) =>
        Assert.Equal(expected.Select(Key).Order().ToList(), actual.Select(Key).Order().ToList());
}
