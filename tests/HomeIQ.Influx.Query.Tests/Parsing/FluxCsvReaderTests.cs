using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>
/// Annotated CSV shapes from InfluxDB's documentation (reference/syntax/annotated-csv) and the Flux SPEC
/// ("Response format": multiple tables, differing schemas, errors). The server writes CRLF line endings.
/// </summary>
public class FluxCsvReaderTests
{
    private static string Crlf(string text) => text.ReplaceLineEndings("\r\n");

    // docs.influxdata.com/influxdb/v2/reference/syntax/annotated-csv: three tables, #default fills the empty result column.
    private static readonly string DocsExample = Crlf("""
        #group,false,false,true,true,false,false,true,true,true,true
        #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string,string,string
        #default,mean,,,,,,,,,
        ,result,table,_start,_stop,_time,_value,_field,_measurement,host,region
        ,,0,2022-12-31T05:41:24Z,2023-01-31T05:41:24.001Z,2023-01-01T00:52:00Z,15.43,mem,m,A,east
        ,,1,2022-12-31T05:41:24Z,2023-01-31T05:41:24.001Z,2023-01-01T00:52:00Z,59.25,mem,m,B,east
        ,,2,2022-12-31T05:41:24Z,2023-01-31T05:41:24.001Z,2023-01-01T00:52:00Z,52.62,mem,m,C,east

        """);

    public static TheoryData<int> ChunkSizes => [1, 2, 5, 13, int.MaxValue];

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task ReadsTheDocumentedExampleWithDefaultsAndTypes(int chunk)
    {
        await using var reader = Rows.Flux(DocsExample, chunk);
        var values = new List<(string Result, long Table, DateTimeOffset Time, double Value, string Host)>();
        while (await reader.ReadAsync())
        {
            var row = reader.Row;
            values.Add((row.GetString(row.GetOrdinal("result")), row.GetInt64(row.GetOrdinal("table")),
                row.GetDateTimeOffset(row.TimeOrdinal), row.GetDouble(row.GetOrdinal("_value")), row.GetString(row.GetOrdinal("host"))));
        }
        Assert.Equal(3, values.Count);
        Assert.All(values, v => Assert.Equal("mean", v.Result)); // from #default
        Assert.Equal([0L, 1, 2], values.Select(v => v.Table));
        Assert.Equal([15.43, 59.25, 52.62], values.Select(v => v.Value));
        Assert.Equal(["A", "B", "C"], values.Select(v => v.Host));
        Assert.All(values, v => Assert.Equal(new DateTimeOffset(2023, 1, 1, 0, 52, 0, TimeSpan.Zero), v.Time));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task ReadsTablesWithDifferingSchemasSeparatedByAnEmptyRow(int chunk)
    {
        // Flux SPEC: "two tables with differing schemas in the same result with the datatype and group annotations".
        var csv = Crlf("""
            #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,double
            #group,false,false,true,true,false,true,false,false
            ,result,table,_start,_stop,_time,region,host,_value
            ,mean,0,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:00Z,east,A,15.43
            ,mean,0,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:20Z,east,B,59.25

            #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,double,double
            #group,false,false,true,true,false,true,false,false,false
            ,result,table,_start,_stop,_time,location,device,min,max
            ,mean,1,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:00Z,USA,5825,62.73,68.42
            ,mean,1,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:20Z,USA,2175,12.83,56.12

            """);
        var rows = await Rows.ReadAllAsync(Rows.Flux(csv, chunk));
        Assert.Equal(4, rows.Count);
        Assert.Equal("east", rows[0]["region"]);
        Assert.Equal("59.25", rows[1]["_value"]);
        Assert.False(rows[2].ContainsKey("region"));
        Assert.Equal("USA", rows[2]["location"]);
        Assert.Equal("68.42", rows[2]["max"]);
        Assert.Equal("2175", rows[3]["device"]);
    }

    [Fact]
    public async Task ReadsResultsWithoutAnnotations()
    {
        // Flux SPEC: "a single table with no annotations" (the header row has no annotation column).
        var csv = Crlf("""
            result,table,_start,_stop,_time,region,host,_value
            mean,0,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:00Z,east,A,15.43
            mean,0,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:20Z,east,B,59.25
            """);
        var rows = await Rows.ReadAllAsync(Rows.Flux(csv));
        Assert.Equal(["A", "B"], rows.Select(r => r["host"]));
        await using var reader = Rows.Flux(csv);
        Assert.True(await reader.ReadAsync());
        Assert.Equal(15.43, reader.Row.GetDouble(reader.GetOrdinal("_value")));
    }

    [Theory]
    [MemberData(nameof(ChunkSizes))]
    public async Task ReadsEveryDataType(int chunk)
    {
        var csv = Crlf(""""
            #datatype,string,long,string,double,long,unsignedLong,boolean,dateTime:RFC3339,dateTime:RFC3339Nano,duration,base64Binary
            #group,false,false,true,false,false,false,false,false,false,false,false
            #default,_result,,,,,,,,,,
            ,result,table,s,d,l,u,b,t,tn,dur,bin
            ,,0,"text, with ""quotes""",-1.5e-7,-9223372036854775808,18446744073709551615,true,2024-02-29T23:59:59Z,2024-02-29T23:59:59.123456789+01:00,1h30m,aGVsbG8=
            ,,0,plain,+Inf,0,0,false,1970-01-01T00:00:00Z,1970-01-01T00:00:00.000000001Z,1500000000,
            """");
        await using var reader = Rows.Flux(csv, chunk);
        Assert.True(await reader.ReadAsync());
        var row = reader.Row;
        Assert.Equal("text, with \"quotes\"", row.GetString(row.GetOrdinal("s")));
        Assert.Equal(-1.5e-7, row.GetDouble(row.GetOrdinal("d")));
        Assert.Equal(long.MinValue, row.GetInt64(row.GetOrdinal("l")));
        Assert.Equal(ulong.MaxValue, row.GetUInt64(row.GetOrdinal("u")));
        Assert.True(row.GetBoolean(row.GetOrdinal("b")));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero), row.GetDateTimeOffset(row.GetOrdinal("t")));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 22, 59, 59, TimeSpan.Zero).AddTicks(1234567), row.GetDateTimeOffset(row.GetOrdinal("tn")));
        Assert.Equal(TimeSpan.FromMinutes(90), row.GetTimeSpan(row.GetOrdinal("dur")));
        Assert.Equal("hello"u8.ToArray(), row.GetBytes(row.GetOrdinal("bin")));
        Assert.Equal("_result", row.GetString(row.GetOrdinal("result")));

        Assert.True(await reader.ReadAsync());
        row = reader.Row;
        Assert.Equal(double.PositiveInfinity, row.GetDouble(row.GetOrdinal("d")));
        Assert.False(row.GetBoolean(row.GetOrdinal("b")));
        Assert.Equal(1, row.GetInt64(row.GetOrdinal("tn"))); // dateTime as Unix nanoseconds
        Assert.Equal(TimeSpan.FromSeconds(1.5), row.GetTimeSpan(row.GetOrdinal("dur")));
        Assert.True(row.IsNull(row.GetOrdinal("bin")));
        Assert.False(await reader.ReadAsync());
    }

    [Fact]
    public async Task EmptyCellsAreNullUnlessADefaultFillsThem()
    {
        var csv = Crlf("""
            #datatype,string,long,double,string,string
            #default,_result,,,fallback,
            ,result,table,v,s,n
            ,,0,,,
            ,,0,2,given,x
            """);
        await using var reader = Rows.Flux(csv);
        Assert.True(await reader.ReadAsync());
        var row = reader.Row;
        Assert.True(row.IsNull(row.GetOrdinal("v")));
        Assert.Equal("fallback", row.GetString(row.GetOrdinal("s")));
        Assert.True(row.IsNull(row.GetOrdinal("n")));
        Assert.True(await reader.ReadAsync());
        row = reader.Row;
        Assert.Equal(2, row.GetDouble(row.GetOrdinal("v")));
        Assert.Equal("given", row.GetString(row.GetOrdinal("s")));
    }

    [Fact]
    public async Task QuotedCellsMayHoldCommasQuotesAndLineBreaks()
    {
        var csv = "#datatype,string,long,string\r\n,result,table,note\r\n,,0,\"line one\r\nline \"\"two\"\", end\"\r\n,,0,plain é ✓\r\n";
        foreach (int chunk in new[] { 1, 3, int.MaxValue })
        {
            var rows = await Rows.ReadAllAsync(Rows.Flux(csv, chunk));
            Assert.Equal(["line one\r\nline \"two\", end", "plain é ✓"], rows.Select(r => r["note"]));
        }
    }

    [Fact]
    public async Task AnErrorTableBeforeAnyResultIsThrownWithMessageAndReference()
    {
        // Flux SPEC "Example error encoding with the datatype annotation".
        var csv = Crlf("""
            #datatype,string,long
            ,error,reference
            ,Failed to parse query,897
            """);
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ReadAllAsync(Rows.Flux(csv)));
        Assert.Equal("Failed to parse query", e.ServerMessage);
        Assert.Equal("897", e.Reference);
        Assert.Contains("Failed to parse query", e.Message);
    }

    [Fact]
    public async Task AnErrorTableAfterResultsEndsTheStreamWithTheError()
    {
        // Flux SPEC "Example error encoding with after a valid table has already been encoded".
        var csv = Crlf("""
            #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,string,string,double
            ,result,table,_start,_stop,_time,region,host,_value
            ,mean,1,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:00Z,west,A,62.73
            ,mean,1,2018-05-08T20:50:00Z,2018-05-08T20:51:00Z,2018-05-08T20:50:20Z,west,B,12.83

            #datatype,string,long
            ,error,reference
            ,query terminated: reached maximum allowed memory limits,576
            """);
        await using var reader = Rows.Flux(csv);
        Assert.True(await reader.ReadAsync());
        Assert.True(await reader.ReadAsync());
        var e = await Assert.ThrowsAsync<InfluxQueryException>(async () => await reader.ReadAsync());
        Assert.Equal("query terminated: reached maximum allowed memory limits", e.ServerMessage);
        Assert.Equal("576", e.Reference);
    }

    [Fact]
    public async Task TheErrorTableWithGroupAndDefaultAnnotationsAndAnEmptyReference()
    {
        // The shape InfluxDB 2.x sends (influxdb-client-go TestErrorInRow): #group/#default before the header.
        var csv = Crlf("""
            #datatype,string,string
            #group,true,true
            #default,,
            ,error,reference
            ,"failed to create physical plan: invalid time bounds from procedure from: bounds contain zero time",
            """);
        var e = await Assert.ThrowsAsync<InfluxQueryException>(() => Rows.ReadAllAsync(Rows.Flux(csv)));
        Assert.Equal("failed to create physical plan: invalid time bounds from procedure from: bounds contain zero time", e.ServerMessage);
        Assert.Null(e.Reference);
    }

    [Fact]
    public async Task MapsPivotedRowsToTheTypeWithTimeFromTheTimeColumn()
    {
        // What the builder's Flux returns: one row per time, fields pivoted into columns, tags as columns.
        var csv = Crlf("""
            #group,false,false,true,true,false,false,false,false,true,true,true
            #datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339Nano,double,long,boolean,string,string,string
            #default,_result,,,,,,,,,,
            ,result,table,_start,_stop,_time,temperature,count,ok,_measurement,room,sensor_id
            ,,0,2024-01-01T00:00:00Z,2024-01-02T00:00:00Z,2024-01-01T10:00:00.5Z,21.5,3,true,sensor,kitchen,s1
            ,,0,2024-01-01T00:00:00Z,2024-01-02T00:00:00Z,2024-01-01T11:00:00Z,,4,false,sensor,hall,s2
            """);
        await using var reader = Rows.Flux(csv);
        var rows = await Rows.ToListAsync(reader.ReadAllAsync<SensorReading>());
        Assert.Equal(2, rows.Count);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 10, 0, 0, 500, TimeSpan.Zero), rows[0].Time);
        Assert.Equal(21.5, rows[0].Temperature);
        Assert.Equal(3, rows[0].Count);
        Assert.True(rows[0].Ok);
        Assert.Equal("kitchen", rows[0].Room);
        Assert.Equal("s1", rows[0].SensorId);
        Assert.Equal(0, rows[1].Temperature); // null: the member keeps its default
        Assert.Null(rows[1].Humidity);       // no such column: default
    }

    [Fact]
    public async Task ATypeMismatchNamesTheColumnTheMemberAndTheValue()
    {
        var csv = Crlf("""
            #datatype,string,long,dateTime:RFC3339,string
            ,result,table,_time,temperature
            ,_result,0,2024-01-01T00:00:00Z,warm
            """);
        await using var reader = Rows.Flux(csv);
        var e = await Assert.ThrowsAsync<InfluxRowMappingException>(() => Rows.ToListAsync(reader.ReadAllAsync<SensorReading>()));
        Assert.Equal("Cannot read column 'temperature' into member 'SensorReading.Temperature' as Double: the value is 'warm'.", e.Message);
    }

    [Fact]
    public async Task SeveralResultsAreReadOneAfterTheOther()
    {
        var csv = Crlf("""
            #datatype,string,long,double
            ,result,table,_value
            ,first,0,1

            #datatype,string,long,double
            ,result,table,_value
            ,second,0,2

            """);
        var rows = await Rows.ReadAllAsync(Rows.Flux(csv, 4));
        Assert.Equal(["first", "second"], rows.Select(r => r["result"]));
        Assert.Equal(["1", "2"], rows.Select(r => r["_value"]));
    }
}
