using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

public class InfluxQLJsonReaderTests
{
    // The shape InfluxDB 1.x documents for /query (two statements, GROUP BY tags, a null, a string with escapes).
    private const string TwoSeries = """
        {"results":[{"statement_id":0,"series":[
          {"name":"sensor","tags":{"room":"kitchen"},"columns":["time","temperature","note","ok"],
           "values":[[1700000000000000000,21.5,"a \"quoted\" \\ note \u00e9",true],[1700000001000000000,-3,null,false]]},
          {"name":"sensor","tags":{"room":"hall"},"columns":["time","temperature","note","ok"],
           "values":[[1700000002000000000,1e+21,"x",true]]}]}]}
        """;

    public static TheoryData<int> ChunkSizes => [1, 2, 3, 7, 64, int.MaxValue];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task ReadsSeriesValuesAndTagsWhateverTheReadSizes(int chunk)
    {
        var rows = await Rows.ReadAllAsync(Rows.InfluxQL(TwoSeries, chunk));

        Assert.Equal(3, rows.Count);
        Assert.Equal("1700000000000000000", rows[0]["time"]);
        Assert.Equal("21.5", rows[0]["temperature"]);
        Assert.Equal("a \"quoted\" \\ note é", rows[0]["note"]);
        Assert.Equal("true", rows[0]["ok"]);
        Assert.Equal("kitchen", rows[0]["room"]);
        Assert.Null(rows[1]["note"]);
        Assert.Equal("-3", rows[1]["temperature"]);
        Assert.Equal("hall", rows[2]["room"]);
        Assert.Equal("1e+21", rows[2]["temperature"]);
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task ReadsAChunkedResponseOfSeveralDocuments(int chunk)
    {
        // chunked=true: one JSON document per chunk, separated by newlines, "partial" on all but the last.
        const string json = """
            {"results":[{"statement_id":0,"series":[{"name":"sensor","columns":["time","count"],"values":[[1,10],[2,20]],"partial":true}],"partial":true}]}
            {"results":[{"statement_id":0,"series":[{"name":"sensor","columns":["time","count"],"values":[[3,30]]}]}]}

            """;
        await using var reader = Rows.InfluxQL(json, chunk);
        var counts = new List<long>();
        while (await reader.ReadAsync()) counts.Add(reader.Row.GetInt64(reader.GetOrdinal("count")));
        Assert.Equal([10, 20, 30], counts);
        Assert.Equal("sensor", reader.SeriesName);
    }

    [Fact]
    public async Task AStatementErrorInA200ResponseIsThrownWithTheServerMessage()
    {
        const string json = """{"results":[{"statement_id":0,"error":"error parsing query: found EOF, expected FROM at line 1, char 9"}]}""";
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ReadAllAsync(Rows.InfluxQL(json)));
        Assert.Contains("found EOF, expected FROM", e.Message);
        Assert.Equal("error parsing query: found EOF, expected FROM at line 1, char 9", e.ServerMessage);
    }

    [Fact]
    public async Task ATopLevelErrorIsThrown()
    {
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ReadAllAsync(Rows.InfluxQL("""{"error":"database not found: x"}""")));
        Assert.Equal("database not found: x", e.ServerMessage);
    }

    [Fact]
    public async Task AnErrorAfterRowsComesAfterThoseRows()
    {
        const string json = """
            {"results":[{"statement_id":0,"series":[{"name":"m","columns":["time","v"],"values":[[1,1]]}],"partial":true}]}
            {"results":[{"statement_id":0,"error":"max-row-limit exceeded"}]}
            """;
        await using var reader = Rows.InfluxQL(json);
        Assert.True(await reader.ReadAsync());
        var e = await Assert.ThrowsAsync<InfluxQueryException>(async () => await reader.ReadAsync());
        Assert.Contains("max-row-limit exceeded", e.Message);
    }

    [Fact]
    public async Task AnEmptyResultHasNoRows()
    {
        var rows = await Rows.ReadAllAsync(Rows.InfluxQL("""{"results":[{"statement_id":0}]}"""));
        Assert.Empty(rows);
    }

    [Fact]
    public async Task ATruncatedResponseIsAnErrorNotAnEarlyEnd()
    {
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ReadAllAsync(Rows.InfluxQL("""{"results":[{"statement_id":0,"series":[{"name":"m","columns":["v"],"values":[[1],[2""")));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public async Task MapsRowsToTheTypeIgnoringUnknownColumnsAndKeepingDefaultsForMissingOnes()
    {
        const string json = """
            {"results":[{"statement_id":0,"series":[{"name":"sensor","tags":{"room":"kitchen"},
              "columns":["time","temperature","unknown_column","count"],
              "values":[[1700000000123456789,21.25,"ignored",7]]}]}]}
            """;
        await using var reader = Rows.InfluxQL(json);
        var rows = await Rows.ToListAsync(reader.ReadAllAsync<SensorReading>());
        var row = Assert.Single(rows);
        Assert.Equal(21.25, row.Temperature);
        Assert.Equal(7, row.Count);
        Assert.Equal("kitchen", row.Room);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero).AddTicks(1234567), row.Time);
        Assert.Null(row.Humidity);   // missing column: default
        Assert.Null(row.SensorId);
        Assert.Null(row.Note);
    }

    [Fact]
    public async Task ReadsRfc3339TimesWhenEpochIsNotSet()
    {
        const string json = """{"results":[{"series":[{"name":"sensor","columns":["time","temperature"],"values":[["2015-01-29T21:55:43.702900257Z",1]]}]}]}""";
        await using var reader = Rows.InfluxQL(json);
        var row = Assert.Single(await Rows.ToListAsync(reader.ReadAllAsync<SensorReading>()));
        Assert.Equal(new DateTimeOffset(2015, 1, 29, 21, 55, 43, TimeSpan.Zero).AddTicks(7029002), row.Time);
    }

    [Fact]
    public async Task ATypeMismatchNamesTheColumnTheMemberAndTheValue()
    {
        const string json = """{"results":[{"series":[{"name":"sensor","columns":["time","count"],"values":[[1,2.5]]}]}]}""";
        await using var reader = Rows.InfluxQL(json);
        var e = await Assert.ThrowsAsync<InfluxRowMappingException>(() => Rows.ToListAsync(reader.ReadAllAsync<SensorReading>()));
        Assert.Contains("'count'", e.Message);
        Assert.Contains("SensorReading.Count", e.Message);
        Assert.Contains("'2.5'", e.Message);
        Assert.Equal("Int64", e.TargetType);
    }

    [Fact]
    public async Task ARowCannotBeUsedAfterTheNextRead()
    {
        const string json = """{"results":[{"series":[{"name":"m","columns":["v"],"values":[[1],[2]]}]}]}""";
        await using var reader = Rows.InfluxQL(json);
        Assert.True(await reader.ReadAsync());
        Assert.Throws<InvalidOperationException>(() =>
        {
            var row = reader.Row;
            reader.ReadAsync().AsTask().GetAwaiter().GetResult();
            return row.GetInt64(0);
        });
    }
}
