using System.Buffers;
using System.Text;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Tests.Integration;

/// <summary>Timestamps in every precision as the real server stores them, and the server's limits.</summary>
public class PrecisionTests(InfluxDatabaseFixture db) : IClassFixture<InfluxDatabaseFixture>
{
    private static readonly DateTime Time = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);

    [Theory]
    [InlineData(WritePrecision.Nanoseconds, 1714979289123456700L)]
    [InlineData(WritePrecision.Microseconds, 1714979289123456000L)]
    [InlineData(WritePrecision.Milliseconds, 1714979289123000000L)]
    [InlineData(WritePrecision.Seconds, 1714979289000000000L)]
    public async Task EachPrecisionIsStoredAsTheInstantItMeans(WritePrecision precision, long expectedNanoseconds)
    {
        var measurement = "p_" + precision.ToV1QueryString();
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output, precision);
        writer.BeginPoint(measurement);
        writer.WriteField("f"u8, 1L);
        writer.WriteTimestamp(Time);
        writer.EndPoint();
        writer.BeginPoint(measurement);
        writer.WriteField("f"u8, 2L);
        writer.WriteTimestamp(DateTime.UnixEpoch.AddTicks(-1)); // before 1970: rounded towards the past
        writer.EndPoint();
        await db.Server.WriteLineProtocolAsync(db.Database, Encoding.UTF8.GetString(output.WrittenSpan), precision.ToV1QueryString());

        var rows = await db.Server.QueryRowsAsync(db.Database, $"SELECT f FROM {measurement} WHERE time >= -9223372036854775806 AND time <= 9223372036854775806");
        var times = rows.ToDictionary(r => r["f"].GetInt64(), r => r["time"].GetInt64());
        Assert.Equal(expectedNanoseconds, times[1]);
        Assert.Equal(precision == WritePrecision.Nanoseconds ? -100 : -precision.NanosecondsPerUnit(), times[2]);
    }

    [Fact]
    public async Task InfluxDB1xReadsPrecisionUsAsNanosecondsWhichIsWhyToV1QueryStringSaysU()
    {
        await db.Server.WriteLineProtocolAsync(db.Database, "us_pitfall,p=us f=1i 1500", "us");
        await db.Server.WriteLineProtocolAsync(db.Database, "us_pitfall,p=u f=1i 1500", "u");
        var rows = await db.Server.QueryRowsAsync(db.Database, "SELECT * FROM us_pitfall");
        var times = rows.ToDictionary(r => r["p"].GetString()!, r => r["time"].GetInt64());
        Assert.Equal(1500, times["us"]);            // silently 1000 times too early
        Assert.Equal(1_500_000, times["u"]);
        Assert.Equal("u", WritePrecision.Microseconds.ToQueryString(InfluxApiVersion.V1));
    }

    [Theory]
    [InlineData(WritePrecision.Nanoseconds)]
    [InlineData(WritePrecision.Microseconds)]
    [InlineData(WritePrecision.Milliseconds)]
    [InlineData(WritePrecision.Seconds)]
    public async Task TheWriterAcceptsExactlyTheRangeTheServerAccepts(WritePrecision precision)
    {
        long limit = 9223372036854775806 / precision.NanosecondsPerUnit();
        var measurement = "range_" + precision.ToV1QueryString();
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output, precision);
        foreach (var t in new[] { limit, -limit })
        {
            writer.BeginPoint(measurement);
            writer.WriteField("f"u8, t);
            writer.WriteTimestamp(t);
            writer.EndPoint();
        }
        await db.Server.WriteLineProtocolAsync(db.Database, Encoding.UTF8.GetString(output.WrittenSpan), precision.ToV1QueryString());
        var rows = await db.Server.QueryRowsAsync(db.Database, $"SELECT f FROM {measurement} WHERE time >= -9223372036854775806 AND time <= 9223372036854775806");
        Assert.Equal(2, rows.Count);

        // One unit further is refused by both.
        foreach (var t in new[] { limit + 1, -limit - 1 })
        {
            Assert.Throws<LineProtocolException>(() => LineProtocol.Lines.Write((ref LineProtocolWriter w) => { w.BeginPoint("m"u8); w.WriteField("f"u8, 1L); w.WriteTimestamp(t); }, precision));
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Server.WriteLineProtocolAsync(db.Database, $"{measurement} f=1i {t}", precision.ToV1QueryString()));
            Assert.Contains("time outside range", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InfluxDB16RefusesUnsignedFields()
    {
        // The writer writes unsigned integers as 123u (line protocol since 1.x with a build flag, and 2.x); the
        // Debian 1.6.7 server refuses them. Code that targets 1.x must write unsigned values as integers.
        var line = LineProtocol.Lines.Point((ref LineProtocolWriter w) => w.WriteField("f"u8, 7u));
        Assert.Equal("m f=7u\n", line);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => db.Server.WriteLineProtocolAsync(db.Database, line));
        Assert.Contains("invalid number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FloatExponentFormsTheWriterUsesAreReadBackAsTheSameDouble()
    {
        double[] values = [1e21, 1e-7, double.MaxValue, double.Epsilon, -2.5e-300, 1e16];
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output);
        for (int i = 0; i < values.Length; i++)
        {
            writer.BeginPoint("exp"u8);
            writer.WriteField("v"u8, values[i]);
            writer.WriteField("i"u8, (long)i);
            writer.WriteTimestamp(i + 1L);
            writer.EndPoint();
        }
        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Contains("v=1E+21,", text, StringComparison.Ordinal);
        Assert.Contains("v=1E-07,", text, StringComparison.Ordinal);
        await db.Server.WriteLineProtocolAsync(db.Database, text);
        var rows = await db.Server.QueryRowsAsync(db.Database, "SELECT * FROM exp");
        foreach (var row in rows) Assert.Equal(values[row["i"].GetInt64()], row["v"].GetDouble());
        Assert.Equal(values.Length, rows.Count);
    }
}
