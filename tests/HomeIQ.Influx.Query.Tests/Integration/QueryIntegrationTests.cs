using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>The generated-style query class against a real InfluxDB 1.6: every result is compared with what was written.</summary>
public class QueryIntegrationTests(SensorDataFixture data) : IClassFixture<SensorDataFixture>
{
    private SensorReadingQuery Query => data.Client.QuerySensorReading();

    [Fact]
    public async Task ReadsBackEveryPointAsWritten()
    {
        var rows = await Rows.ToListAsync(Query.ExecuteAsync());
        Compare.Same(data.Points.OrderBy(p => p.Time), rows);
    }

    [Fact]
    public async Task RangeKeepsStartInclusiveAndStopExclusive()
    {
        var start = SensorDataFixture.T0.AddMinutes(10);
        var stop = SensorDataFixture.T0.AddMinutes(20);
        var rows = await Rows.ToListAsync(Query.Range(start, stop).ExecuteAsync());
        Compare.Same(data.Points.Where(p => p.Time >= start && p.Time < stop).OrderBy(p => p.Time), rows);
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task LastReadsRelativeToTheServerClock()
    {
        // The data is from 2024: nothing in the last hour, all of it in the last 100,000 days.
        Assert.Empty(await Rows.ToListAsync(Query.Last(TimeSpan.FromHours(1)).ExecuteAsync()));
        Assert.Equal(data.Points.Count, (await Rows.ToListAsync(Query.Last(TimeSpan.FromDays(100_000)).ExecuteAsync())).Count);
    }

    [Theory]
    [MemberData(nameof(PlainRooms))]
    public async Task TagEqualityMatchesValuesWithQuotesBackslashesAndSpaces(string room)
    {
        var rows = await Rows.ToListAsync(Query.WhereRoom(room).ExecuteAsync());
        Compare.Same(data.Points.Where(p => p.Room == room).OrderBy(p => p.Time), rows);
        Assert.Equal(30, rows.Count);
    }

    public static TheoryData<string> PlainRooms => new(SensorDataFixture.PlainRooms);

    [Fact]
    public async Task TagInMatchesAnyOfTheValues()
    {
        string[] rooms = ["living room", "back\\slash", "no such room"];
        var rows = await Rows.ToListAsync(Query.WhereRoomIn(rooms).ExecuteAsync());
        Compare.Same(data.Points.Where(p => rooms.Contains(p.Room)).OrderBy(p => p.Time), rows);
        Assert.Equal(60, rows.Count);
    }

    [Fact]
    public async Task TagRegexMatchesWithRe2()
    {
        var rows = await Rows.ToListAsync(Query.WhereRoomMatches("^(kitchen|living .*)$").ExecuteAsync());
        Compare.Same(data.Points.Where(p => p.Room is "kitchen" or "living room").OrderBy(p => p.Time), rows);
    }

    [Fact]
    public async Task CaseInsensitiveRegexAndStringKeysThroughTheGenericQuery()
    {
        var rows = await Rows.ToListAsync(data.Client.Query<SensorReading>()
            .WhereTagMatches("room", new System.Text.RegularExpressions.Regex("^KITCHEN$", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            .SelectFields("temperature").Limit(3).ExecuteAsync());
        Assert.Equal(data.Points.Where(p => p.Room == "kitchen").OrderBy(p => p.Time).Take(3).Select(p => p.Temperature), rows.Select(r => r.Temperature));
        Assert.All(rows, r => Assert.Equal("kitchen", r.Room));
    }

    [Fact]
    public async Task FieldSelectionLeavesTheOtherMembersDefault()
    {
        var rows = await Rows.ToListAsync(Query.WhereRoom("kitchen").Select(SensorReadingQuery.Fields.Temperature, SensorReadingQuery.Fields.Note).ExecuteAsync());
        var expected = data.Points.Where(p => p.Room == "kitchen").OrderBy(p => p.Time)
            .Select(p => new SensorReading { Time = p.Time, Room = p.Room, SensorId = p.SensorId, Temperature = p.Temperature, Note = p.Note });
        Compare.Same(expected, rows);
    }

    [Fact]
    public async Task FieldComparisonsFilterPoints()
    {
        var rows = await Rows.ToListAsync(Query.WhereTemperatureGreaterThan(20).WhereCountLessThan(10).ExecuteAsync());
        Compare.Same(data.Points.Where(p => p.Temperature > 20 && p.Count < 10).OrderBy(p => p.Time), rows);
        Assert.NotEmpty(rows);
    }

    [Fact]
    public async Task LimitWithNewestFirst()
    {
        var rows = await Rows.ToListAsync(Query.WhereRoom("o'brien \"pantry\"").OrderByTimeDescending().Limit(5).ExecuteAsync());
        Compare.Same(data.Points.Where(p => p.Room == "o'brien \"pantry\"").OrderByDescending(p => p.Time).Take(5), rows);
    }

    [Fact]
    public async Task MeanWindowGroupedByRoomMatchesTheWrittenValues()
    {
        string[] rooms = ["kitchen", "back\\slash"];
        var rows = await Rows.ToListAsync(Query
            .WhereRoomIn(rooms)
            .Range(SensorDataFixture.T0, SensorDataFixture.T0.AddHours(1))
            .Window(TimeSpan.FromMinutes(10), AggregateFunction.Mean, SensorReadingQuery.Tags.Room)
            .ExecuteAsync());

        var expected = data.Points.Where(p => rooms.Contains(p.Room))
            .GroupBy(p => (p.Room, Window: SensorDataFixture.T0.AddMinutes((p.Time - SensorDataFixture.T0).Minutes / 10 * 10)))
            .Select(g => (g.Key.Room, g.Key.Window, Temperature: g.Average(p => p.Temperature), Humidity: g.Average(p => p.Humidity)))
            .OrderBy(x => x.Room, StringComparer.Ordinal).ThenBy(x => x.Window).ToList();
        var actual = rows.Select(r => (r.Room, Window: r.Time, r.Temperature, r.Humidity))
            .OrderBy(x => x.Room, StringComparer.Ordinal).ThenBy(x => x.Window).ToList();
        Assert.Equal(6, actual.Count);
        Assert.Equal(expected.Select(e => (e.Room, e.Window)), actual.Select(a => (a.Room, a.Window)));
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Temperature, actual[i].Temperature, 9);
            Assert.Equal(expected[i].Humidity!.Value, actual[i].Humidity!.Value, 9);
        }
    }

    [Fact]
    public async Task CountAndSumWindowsOverTheWholeHour()
    {
        var counts = await Rows.ToListAsync(Query.Range(SensorDataFixture.T0, SensorDataFixture.T0.AddHours(1))
            .Select(SensorReadingQuery.Fields.Count).Window(TimeSpan.FromHours(1), AggregateFunction.Count).ExecuteAsync());
        Assert.Equal(data.Points.Count, Assert.Single(counts).Count);

        var sums = await Rows.ToListAsync(Query.WhereRoom("kitchen").Range(SensorDataFixture.T0, SensorDataFixture.T0.AddHours(1))
            .Select(SensorReadingQuery.Fields.Count).Window(TimeSpan.FromHours(1), AggregateFunction.Sum).ExecuteAsync());
        Assert.Equal(Enumerable.Range(0, 30).Sum(), Assert.Single(sums).Count);
    }

    [Fact]
    public async Task LastWindowKeepsStrings()
    {
        var rows = await Rows.ToListAsync(Query.WhereRoom("kitchen").Range(SensorDataFixture.T0, SensorDataFixture.T0.AddHours(1))
            .Select(SensorReadingQuery.Fields.Note).Window(TimeSpan.FromHours(1), AggregateFunction.Last).ExecuteAsync());
        Assert.Equal(data.Points.Where(p => p.Room == "kitchen" && p.Note is not null).OrderBy(p => p.Time).Last().Note, Assert.Single(rows).Note);
    }

    [Fact]
    public async Task RawInfluxqlStreamsRowsAndSeriesTagsInSmallChunks()
    {
        var text = "SELECT max(\"temperature\") AS \"temperature\" FROM \"sensor\" GROUP BY \"room\"";
        await using var reader = await data.Client.QueryInfluxQLAsync(text, new InfluxQLQueryOptions { ChunkSize = 1 });
        var maxima = new Dictionary<string, double>();
        while (await reader.ReadAsync())
        {
            var row = reader.Row;
            maxima[row.GetString(row.GetOrdinal("room"))] = row.GetDouble(row.GetOrdinal("temperature"));
        }
        var expected = data.Points.GroupBy(p => p.Room!).ToDictionary(g => g.Key, g => g.Max(p => p.Temperature));
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), maxima.OrderBy(e => e.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task RawInfluxqlTypedAndNotChunkedGivesTheSameRows()
    {
        var text = Query.WhereRoom("kitchen").ToInfluxQL();
        var chunked = await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(text, new InfluxQLQueryOptions { ChunkSize = 7 }));
        var whole = await Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>(text, new InfluxQLQueryOptions { Chunked = false }));
        Compare.Same(data.Points.Where(p => p.Room == "kitchen").OrderBy(p => p.Time), chunked);
        Compare.Same(chunked, whole);
    }

    [Fact]
    public async Task ASyntaxErrorSurfacesWithTheServerMessage()
    {
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => data.Client.QueryInfluxQLAsync("SELECT FROM WHERE"));
        Assert.Equal(400, e.StatusCode);
        Assert.Contains("error parsing query", e.ServerMessage);
        Assert.Contains("error parsing query", e.Message);
    }

    [Fact]
    public async Task AStatementErrorInA200ResponseSurfacesWhileReading()
    {
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() =>
            Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>("SELECT mean(\"note\") FROM \"sensor\"")));
        // InfluxDB 1.6 answers 200 with {"results":[{"error":"unsupported mean iterator type: ..."}]}.
        Assert.Equal(200, e.StatusCode);
        Assert.StartsWith("unsupported mean iterator type", e.ServerMessage);
        Assert.Contains(e.ServerMessage!, e.Message);
    }

    [Fact]
    public async Task AMissingDatabaseSurfacesWithTheServerMessage()
    {
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() =>
            Rows.ToListAsync(data.Client.QueryInfluxQLAsync<SensorReading>("SELECT * FROM \"sensor\"", new InfluxQLQueryOptions { Database = "no_such_db" })));
        Assert.Contains("database not found", e.Message);
    }

    [Fact]
    public async Task CancellationStopsTheStream()
    {
        using var cts = new CancellationTokenSource();
        int seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in Query.ExecuteAsync(cts.Token))
            {
                if (++seen == 3) cts.Cancel();
            }
        });
        Assert.Equal(3, seen);
    }
}
