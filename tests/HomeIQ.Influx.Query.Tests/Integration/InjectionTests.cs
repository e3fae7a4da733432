using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>
/// Hostile tag values in every filter reach InfluxDB 1.6 as literals: each query returns exactly the points whose tag
/// equals the hostile string, and a hostile value that no point has returns nothing (an injected <c>OR</c> would return
/// everything).
/// </summary>
public class InjectionTests(SensorDataFixture data) : IClassFixture<SensorDataFixture>
{
    public static TheoryData<string> Hostile => new(SensorDataFixture.HostileRooms);

    public static TheoryData<string> AbsentHostile => new(
        "nobody' OR 'a'='a",
        "nobody' OR time > 0 --",
        "\") or r._value > 0 or r[\"x\"] == (\"",
        "nobody\\' OR 1=1 --",
        "nobody'; DROP DATABASE x; --",
        "nobody\nOR 1=1");

    private SensorReadingQuery Query => data.Client.QuerySensorReading();

    private List<SensorReading> Expected(string room) => data.Points.Where(p => p.Room == room).OrderBy(p => p.Time).ToList();

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task EqualityFilterMatchesExactlyTheHostileValue(string room)
    {
        var rows = await Rows.ToListAsync(Query.WhereRoom(room).ExecuteAsync());
        Assert.Equal(30, rows.Count);
        Compare.Same(Expected(room), rows);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task InFilterMatchesExactlyTheHostileValue(string room)
    {
        var rows = await Rows.ToListAsync(Query.WhereRoomIn(room, "nobody' OR 'a'='a").ExecuteAsync());
        Compare.Same(Expected(room), rows);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task RegexFilterOfTheEscapedValueMatchesExactlyTheHostileValue(string room)
    {
        var rows = await Rows.ToListAsync(Query.WhereRoomMatches("^" + InfluxRegex.EscapeLiteral(room) + "$").ExecuteAsync());
        Compare.Same(Expected(room), rows);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task HostileValuesInSeveralFiltersAtOnce(string room)
    {
        var rows = await Rows.ToListAsync(Query.WhereRoom(room).WhereRoomIn(room).WhereTag("room", room)
            .WhereRoomMatches("^" + InfluxRegex.EscapeLiteral(room) + "$").WhereTemperatureGreaterThan(-1000).ExecuteAsync());
        Compare.Same(Expected(room), rows);
    }

    [Theory]
    [MemberData(nameof(AbsentHostile))]
    public async Task AHostileValueNoPointHasReturnsNothing(string value)
    {
        Assert.Empty(await Rows.ToListAsync(Query.WhereRoom(value).ExecuteAsync()));
        Assert.Empty(await Rows.ToListAsync(Query.WhereSensorIdIn(value, value + "'").ExecuteAsync()));
    }

    [Theory]
    [InlineData("x/ OR 1=1 OR \"room\" =~ /.*")]
    [InlineData("nobody/ OR time > 0 OR \"room\" =~ /x")]
    public async Task ASlashCannotEndARegexEarly(string pattern)
    {
        Assert.Empty(await Rows.ToListAsync(Query.WhereRoomMatches(pattern).ExecuteAsync()));
    }

    [Fact]
    public async Task AnInvalidRegexIsRejectedWholeByTheRegexEngine()
    {
        // The server's regex parser sees the entire pattern, slashes included: it never became query syntax.
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ToListAsync(Query.WhereRoomMatches("nobody/) or true or (/").ExecuteAsync()));
        Assert.Contains("error parsing regexp", e.ServerMessage);
        Assert.Contains("`nobody/) or true or (/`", e.ServerMessage);
    }

    [Fact]
    public async Task ARegexIsEvaluatedNotMatchedAsText()
    {
        // The regex /.*/ written as a pattern matches every room; the room literally named "/.*/" is one of them.
        var rows = await Rows.ToListAsync(Query.WhereRoomMatches(".*").ExecuteAsync());
        Assert.Equal(data.Points.Count, rows.Count);
    }
}
