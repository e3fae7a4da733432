using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>
/// InfluxQL with bound parameters against a real InfluxDB 1.6: the server binds every value from the <c>params</c>
/// form field, so hostile values match exactly themselves and never change the query; numbers, booleans and times bind
/// as their literals.
/// </summary>
public class BoundParameterTests(SensorDataFixture data) : IClassFixture<SensorDataFixture>
{
    private const string ByRoom = "SELECT * FROM sensor WHERE room = $room";

    public static TheoryData<string> Rooms => new(SensorDataFixture.AllRooms);

    public static TheoryData<string> AbsentHostile => new(
        "nobody' OR 'a'='a",
        "nobody' OR time > 0 --",
        "nobody\\' OR 1=1 --",
        "nobody'; DROP DATABASE x; --",
        "nobody\nOR 1=1",
        "$room",
        "' OR room =~ /.*/ OR room = '",
        "kitchen' OR room = 'kitchen");

    private List<SensorReading> Expected(string room) => data.Points.Where(p => p.Room == room).OrderBy(p => p.Time).ToList();

    [Theory]
    [MemberData(nameof(Rooms))]
    public async Task ABoundStringMatchesExactlyItsOwnPoints(string room)
    {
        var rows = await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(ByRoom, new InfluxQLParameters { { "room", room } }));

        Assert.Equal(30, rows.Count);
        Compare.Same(Expected(room), rows);
    }

    [Theory]
    [MemberData(nameof(AbsentHostile))]
    public async Task AHostileValueNoPointHasReturnsNothing(string value)
    {
        Assert.Empty(await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(ByRoom, new InfluxQLParameters { { "room", value } })));
        Assert.Empty(await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(
            "SELECT * FROM sensor WHERE sensor_id = $id OR room = $room", new InfluxQLParameters { { "id", value }, { "room", value + "'" } })));
    }

    [Fact]
    public async Task TheReaderOverloadBindsToo()
    {
        const string room = "o'brien \"pantry\"";
        await using var reader = await data.Client.QueryInfluxQLAsync("SELECT count(temperature) FROM sensor WHERE room = $room", new InfluxQLParameters { { "room", room } });

        Assert.True(await reader.ReadAsync());
        Assert.Equal(30, reader.Row.GetInt64(1));
    }

    [Fact]
    public async Task NumbersBindAsNumberLiterals()
    {
        var rows = await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(
            "SELECT * FROM sensor WHERE temperature > $min AND \"count\" < $max",
            new InfluxQLParameters { { "min", 20.5 }, { "max", 10L } }));

        Compare.SameSet(data.Points.Where(p => p.Temperature > 20.5 && p.Count < 10), rows);
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task ABooleanBindsAsABooleanLiteral()
    {
        var rows = await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(
            "SELECT * FROM sensor WHERE room = $room AND ok = $ok", new InfluxQLParameters { { "room", "kitchen" }, { "ok", true } }));

        Compare.Same(Expected("kitchen").Where(p => p.Ok), rows);
        Assert.Equal(15, rows.Count);
    }

    [Fact]
    public async Task TimesBindAsTimeLiterals()
    {
        var from = SensorDataFixture.T0.AddMinutes(5);
        var to = SensorDataFixture.T0.AddMinutes(12);
        var rows = await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(
            "SELECT * FROM sensor WHERE room = $room AND time >= $from AND time < $to",
            new InfluxQLParameters { { "room", "kitchen" }, { "from", from }, { "to", to.UtcDateTime } }));

        Compare.Same(Expected("kitchen").Where(p => p.Time >= from && p.Time < to), rows);
        Assert.Equal(7, rows.Count);
    }

    [Fact]
    public async Task ALimitCanBeBound()
    {
        var rows = await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(
            "SELECT * FROM sensor WHERE room = $room LIMIT $n", new InfluxQLParameters { { "room", "kitchen" }, { "n", 3 } }));

        Compare.Same(Expected("kitchen").Take(3), rows);
    }

    [Fact]
    public async Task ANullStringBindsTheEmptyString()
    {
        // The server itself rejects a null parameter; '' matches points without the tag, and every point here has one.
        Assert.Empty(await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(ByRoom, new InfluxQLParameters { { "room", (string?)null } })));
    }

    [Fact]
    public async Task APlaceholderWithoutAValueIsTheServersError()
    {
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(
            "SELECT * FROM sensor WHERE room = $room AND sensor_id = $sensor", new InfluxQLParameters { { "room", "kitchen" } })));

        Assert.Contains("missing parameter: sensor", e.ServerMessage);
    }

    [Fact]
    public async Task AParameterCannotStandForAnIdentifier()
    {
        // Documented limit: a bound value is a literal, never a name; identifiers go through InfluxQLText.QuoteIdentifier.
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(
            "SELECT * FROM $measurement", new InfluxQLParameters { { "measurement", "sensor" } })));

        Assert.Contains("expected identifier", e.ServerMessage);
    }
}
