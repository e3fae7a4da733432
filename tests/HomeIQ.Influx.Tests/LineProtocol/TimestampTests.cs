using System.Globalization;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>Timestamps in every precision, from every source type, including rounding before 1970 and the range limits.</summary>
public class TimestampTests
{
    // 2024-05-06T07:08:09.1234567Z: 1714979289 s, .123 ms, .123456 us, .1234567 ticks.
    private static readonly DateTime Utc = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);

    private static string Timestamp(WritePrecision precision, PointAction timestamp) =>
        Lines.Write((ref LineProtocolWriter w) => { w.BeginPoint("m"u8); w.WriteField("f"u8, 1L); timestamp(ref w); w.EndPoint(); }, precision)[..^1]["m f=1i ".Length..];

    [Theory]
    [InlineData(WritePrecision.Nanoseconds, "1714979289123456700")]
    [InlineData(WritePrecision.Microseconds, "1714979289123456")]
    [InlineData(WritePrecision.Milliseconds, "1714979289123")]
    [InlineData(WritePrecision.Seconds, "1714979289")]
    public void DateTimeDateTimeOffsetAndLongInEveryPrecision(WritePrecision precision, string expected)
    {
        Assert.Equal(expected, Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(Utc)));
        Assert.Equal(expected, Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(DateTime.SpecifyKind(Utc, DateTimeKind.Unspecified))));
        Assert.Equal(expected, Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(new DateTimeOffset(Utc))));
        // The same instant seen from +05:30: the UTC instant is what counts.
        Assert.Equal(expected, Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(new DateTimeOffset(Utc).ToOffset(TimeSpan.FromMinutes(330)))));
        Assert.Equal(expected, Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(long.Parse(expected, CultureInfo.InvariantCulture))));
    }

    [Theory]
    [InlineData(WritePrecision.Nanoseconds)]
    [InlineData(WritePrecision.Seconds)]
    public void LocalDateTimeIsConvertedToUTC(WritePrecision precision)
    {
        var local = Utc.ToLocalTime();
        Assert.Equal(DateTimeKind.Local, local.Kind);
        Assert.Equal(Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(Utc)), Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(local)));
        // Unspecified is taken as UTC, so a local wall-clock time without its kind is only equal when the zone is UTC.
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var offset = TimeZoneInfo.Local.GetUtcOffset(Utc);
        long unitsPerOffset = offset.Ticks * 100 / precision switch { WritePrecision.Seconds => 1_000_000_000, _ => 1 };
        long expected = long.Parse(Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(Utc)), CultureInfo.InvariantCulture) + unitsPerOffset;
        Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(unspecified)));
    }

    [Fact]
    public void LocalDateTimeIsConvertedToUTCInAZoneThatIsNotUTC()
    {
        // This machine runs in UTC, where Local and UTC agree; switch the process to +05:30 for a moment so that a
        // Local time treated as UTC (or the other way round) would show. Only this test uses Local times.
        var previous = Environment.GetEnvironmentVariable("TZ");
        try
        {
            Environment.SetEnvironmentVariable("TZ", "Asia/Kolkata");
            TimeZoneInfo.ClearCachedData();
            if (TimeZoneInfo.Local.BaseUtcOffset != TimeSpan.FromMinutes(330))
                Assert.Fail($"Could not switch the time zone (TimeZoneInfo.Local is {TimeZoneInfo.Local.Id}); is tzdata installed?");
            var local = new DateTime(2024, 5, 6, 12, 38, 9, DateTimeKind.Local); // 07:08:09 UTC
            Assert.Equal("1714979289", Timestamp(WritePrecision.Seconds, (ref LineProtocolWriter w) => w.WriteTimestamp(local)));
            Assert.Equal("1714979289000000000", Timestamp(WritePrecision.Nanoseconds, (ref LineProtocolWriter w) => w.WriteTimestamp(local)));
            // The same wall-clock time without a kind is taken as UTC: 5.5 hours later.
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            Assert.Equal("1714999089", Timestamp(WritePrecision.Seconds, (ref LineProtocolWriter w) => w.WriteTimestamp(unspecified)));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", previous);
            TimeZoneInfo.ClearCachedData();
        }
    }

    [Theory]
    [InlineData(WritePrecision.Nanoseconds, "-100")]             // one tick before 1970
    [InlineData(WritePrecision.Microseconds, "-1")]              // rounded towards the past, not towards 1970
    [InlineData(WritePrecision.Milliseconds, "-1")]
    [InlineData(WritePrecision.Seconds, "-1")]
    public void TimesBefore1970RoundTowardsThePast(WritePrecision precision, string expected)
    {
        var justBefore = DateTime.UnixEpoch.AddTicks(-1);
        Assert.Equal(expected, Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(justBefore)));
        Assert.Equal(expected, Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(new DateTimeOffset(justBefore))));
    }

    [Fact]
    public void TimesAfter1970RoundTowardsThePastToo()
    {
        var t = DateTime.UnixEpoch.AddTicks(TimeSpan.TicksPerSecond - 1);
        Assert.Equal("0", Timestamp(WritePrecision.Seconds, (ref LineProtocolWriter w) => w.WriteTimestamp(t)));
        Assert.Equal("999", Timestamp(WritePrecision.Milliseconds, (ref LineProtocolWriter w) => w.WriteTimestamp(t)));
        Assert.Equal("999999", Timestamp(WritePrecision.Microseconds, (ref LineProtocolWriter w) => w.WriteTimestamp(t)));
        Assert.Equal("999999900", Timestamp(WritePrecision.Nanoseconds, (ref LineProtocolWriter w) => w.WriteTimestamp(t)));
        // 1969-12-31T23:59:58.5 is -1.5 s: -2 s, -1500 ms.
        var before = DateTime.UnixEpoch.AddMilliseconds(-1500);
        Assert.Equal("-2", Timestamp(WritePrecision.Seconds, (ref LineProtocolWriter w) => w.WriteTimestamp(before)));
        Assert.Equal("-1500", Timestamp(WritePrecision.Milliseconds, (ref LineProtocolWriter w) => w.WriteTimestamp(before)));
    }

    [Theory]
    [InlineData(WritePrecision.Nanoseconds, 9223372036854775806L)]
    [InlineData(WritePrecision.Microseconds, 9223372036854775L)]
    [InlineData(WritePrecision.Milliseconds, 9223372036854L)]
    [InlineData(WritePrecision.Seconds, 9223372036L)]
    public void LongTimestampsAreCheckedAgainstTheServerRange(WritePrecision precision, long limit)
    {
        // The limits are InfluxDB's (±9223372036854775806 ns), divided down; the server accepts exactly these (IntegrationTests).
        Assert.Equal(limit.ToString(CultureInfo.InvariantCulture), Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(limit)));
        Assert.Equal((-limit).ToString(CultureInfo.InvariantCulture), Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(-limit)));
        foreach (var outside in new[] { limit + 1, -limit - 1, long.MaxValue, long.MinValue })
        {
            var e = Assert.Throws<LineProtocolException>(() => Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(outside)));
            Assert.Contains(outside.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
            Assert.Equal("timestamp", e.Key);
        }
    }

    [Theory]
    [InlineData(WritePrecision.Nanoseconds)]
    [InlineData(WritePrecision.Microseconds)]
    [InlineData(WritePrecision.Milliseconds)]
    [InlineData(WritePrecision.Seconds)]
    public void DateTimesOutside1677To2262AreRefusedInEveryPrecision(WritePrecision precision)
    {
        // The server stores int64 nanoseconds whatever the precision of the request.
        var last = new DateTime(2262, 4, 11, 23, 47, 16, DateTimeKind.Utc).AddTicks(8547758);   //  9223372036854775800 ns
        var first = new DateTime(1677, 9, 21, 0, 12, 43, DateTimeKind.Utc).AddTicks(1452242);   // -9223372036854775800 ns
        Assert.NotEmpty(Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(last)));
        Assert.NotEmpty(Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(new DateTime(1677, 9, 22, 0, 0, 0, DateTimeKind.Utc))));
        foreach (var outside in new[] { last.AddSeconds(1), first.AddSeconds(-1), DateTime.MaxValue, DateTime.MinValue })
        {
            var e = Assert.Throws<LineProtocolException>(() => Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(outside)));
            Assert.Contains(outside.ToString("O", CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
            Assert.Contains("'m'", e.Message, StringComparison.Ordinal);
            Assert.Throws<LineProtocolException>(() => Timestamp(precision, (ref LineProtocolWriter w) => w.WriteTimestamp(new DateTimeOffset(outside))));
        }
        Assert.Equal("9223372036854775800", Timestamp(WritePrecision.Nanoseconds, (ref LineProtocolWriter w) => w.WriteTimestamp(last)));
        Assert.Equal("-9223372036854775800", Timestamp(WritePrecision.Nanoseconds, (ref LineProtocolWriter w) => w.WriteTimestamp(first)));
    }

    [Fact]
    public void PrecisionSpellingsForEachAPI()
    {
        Assert.Equal(["ns", "us", "ms", "s"], Enum.GetValues<WritePrecision>().Select(p => p.ToQueryString()));
        Assert.Equal(["n", "u", "ms", "s"], Enum.GetValues<WritePrecision>().Select(p => p.ToV1QueryString()));
        Assert.Equal("u", WritePrecision.Microseconds.ToQueryString(InfluxApiVersion.V1));
        Assert.Equal("us", WritePrecision.Microseconds.ToQueryString(InfluxApiVersion.V2));
    }
}
