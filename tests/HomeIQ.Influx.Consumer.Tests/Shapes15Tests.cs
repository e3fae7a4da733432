using HomeIQ.Influx.Consumer.Tests.Models;
using HomeIQ.Influx.Querying;
using Xunit;

namespace HomeIQ.Influx.Consumer.Tests;

/// <summary>
/// The #15 shapes as a consumer compiles them, without a server: the exact lines (inherited members included), the
/// typed tag filters and the query text of run-time names and aggregates. RoundTripTests runs them against InfluxDB.
/// </summary>
public sealed class Shapes15Tests : IDisposable
{
    private static readonly DateTimeOffset T = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero); // 1704067200000000000 ns
    private readonly InfluxClient _client = new(new InfluxClientOptions { Url = new Uri("http://127.0.0.1:9"), Database = "home", Api = InfluxApiVersion.V1 });

    public void Dispose() => _client.Dispose();

    [Fact]
    public void InheritedTagsAndTimestampAreWritten()
    {
        // #15: this wrote "air co2=650i" (no room, no time, no diagnostic) before base classes were read.
        Assert.Equal("rt_air,room=Kitchen co2=650i 1704067200000000000", LineProtocol.ToLine(new AirQuality { Room = Room.Kitchen, Co2 = 650, Time = T }));

        var plug = new PlugReading { Device = "p1", Watts = 5, Time = T };
        plug.OnFloor(-1);
        Assert.Equal("rt_plug,device=p1,floor=-1 watts=5 1704067200000000000", LineProtocol.ToLine(plug));
        Assert.Equal("rt_humidity,room=bath value=40.5 1704067200000000000", LineProtocol.ToLine(new Humidity { Room = "bath", Value = 40.5, Time = T.UtcDateTime }));
    }

    [Fact]
    public void OverrideAndNewFollowTheRules()
    {
        var point = new OverrideAndNew { Room = "hall", Device = "d1", Value = 3, Time = T };
        ((VirtualBase)point).Value = 99.5;
        Assert.Equal("rt_rules,room=hall device_name=\"d1\",level=3i 1704067200000000000", LineProtocol.ToLine(point));
        Assert.Equal(["room"], MeasurementSchemaOf<OverrideAndNew>().TagKeys);
        Assert.Equal(["device_name", "level"], MeasurementSchemaOf<OverrideAndNew>().Fields.Select(f => f.Key));
    }

    [Fact]
    public void UnsignedFieldsNarrowerThan64BitsAreWrittenAsIntegers()
    {
        Assert.Equal("rt_motion,armed=false,sensor=2,zone=Indoor count=4294967295i,detected=true 1704067200000000000",
            LineProtocol.ToLine(new Motion(Zone.Indoor, 2, false, true, uint.MaxValue, T)));
        Assert.Equal(FieldKind.Integer, MeasurementSchemaOf<Motion>().Fields.Single(f => f.Key == "count").Kind);
        Assert.Equal("rt_door,door=front battery=255i,open=true 1704067200000000000",
            LineProtocol.ToLine(new DoorState { Door = "front", Open = true, Battery = 255, Time = T }));
    }

    [Fact]
    public void RunTimeNameIsEscapedDefaultedAndValidatedLikeAnyOtherName()
    {
        Assert.Equal("climate\\ 2024\\,x,room=k count=1i,temperature=2 1704067200000000000",
            LineProtocol.ToLine(new TenantClimate { Table = "climate 2024,x", Room = "k", Temperature = 2, Count = 1, Time = T }));
        Assert.StartsWith("rt_climate,room=k ", LineProtocol.ToLine(new TenantClimate { Room = "k", Time = T }));

        foreach (var bad in new[] { "", "#comment", "ends\\", "tab\there" })
        {
            var e = Assert.Throws<LineProtocolException>(() => LineProtocol.ToLine(new TenantClimate { Table = bad, Room = "k", Time = T }));
            Assert.Equal(("HomeIQ.Influx.Consumer.Tests.Models.TenantClimate", "Table"), (e.TypeName, e.MemberName));
        }
    }

    [Fact]
    public void TagFiltersTakeTheTagsOwnTypeAndCompareTheWrittenText()
    {
        var typed = _client.QueryMotion().WhereZone(Zone.Outdoor).WhereSensorIn(1, 3).WhereArmed(true);
        var byKey = _client.Query<Motion>().WhereTag("zone", "Outdoor").WhereTagIn("sensor", "1", "3").WhereTag("armed", "true");
        Assert.Equal(byKey.ToInfluxQL(), typed.ToInfluxQL());
        Assert.Equal(byKey.ToFlux(), typed.ToFlux());

        // Flag combinations and undeclared values compare as the serializer writes them (ToString()).
        Assert.Contains("\"Upper\" = 'Wifi, Zigbee'", _client.QueryEscaped().WhereFeatures(Features.Wifi | Features.Zigbee).ToInfluxQL());
        Assert.Contains("(\"Upper\" = 'Wifi' OR \"Upper\" = '8')", _client.QueryEscaped().WhereFeaturesIn(Features.Wifi, (Features)8).ToInfluxQL());
        var guid = Guid.Parse("0F8FAD5B-D9CB-469F-A165-70867728950E");
        Assert.Contains("\"m_guid\" = '0f8fad5b-d9cb-469f-a165-70867728950e'", _client.QueryTagTypes().WhereId(guid).ToInfluxQL());
        Assert.Contains("\"h_long\" = '-9223372036854775808'", _client.QueryTagTypes().WhereI64(long.MinValue).ToInfluxQL());
        Assert.Contains("\"d_char\" = 'x'", _client.QueryTagTypes().WhereLetter('x').ToInfluxQL());
    }

    [Fact]
    public void FromMeasurementReadsAnotherMeasurementInBothLanguages()
    {
        var q = _client.QueryTenantClimate().FromMeasurement("climate \"2024\"");
        Assert.Contains("FROM \"climate \\\"2024\\\"\"", q.ToInfluxQL());
        Assert.Contains("r._measurement == \"climate \\\"2024\\\"\"", q.ToFlux());
        Assert.Contains("FROM \"rt_climate\"", _client.QueryTenantClimate().ToInfluxQL());
        Assert.Throws<ArgumentException>(() => _client.QueryTenantClimate().FromMeasurement(""));
        Assert.Throws<ArgumentNullException>(() => _client.QueryTenantClimate().FromMeasurement(null!));
    }

    [Fact]
    public void AggregateReadsEveryNumericFieldAndCountsEveryField()
    {
        var mean = _client.QueryReading().Aggregate(TimeSpan.FromMinutes(5), AggregateFunction.Mean, ReadingQuery.Tags.Room);
        Assert.Equal(
            "SELECT mean(\"temperature\") AS \"temperature\",mean(\"humidity\") AS \"humidity\",mean(\"count\") AS \"count\",mean(\"total\") AS \"total\"," +
            "mean(\"battery\") AS \"battery\",mean(\"price\") AS \"price\" FROM \"reading\" GROUP BY time(5m),\"room\" fill(none)",
            mean.ToInfluxQL());
        // Window reads into the members, so the integer fields are left out of its mean.
        Assert.Equal("SELECT mean(\"temperature\") AS \"temperature\",mean(\"humidity\") AS \"humidity\",mean(\"price\") AS \"price\" FROM \"reading\" GROUP BY time(5m),\"room\" fill(none)",
            _client.QueryReading().Window(TimeSpan.FromMinutes(5), AggregateFunction.Mean, ReadingQuery.Tags.Room).ToInfluxQL());

        var count = _client.QueryReading().Aggregate(TimeSpan.FromHours(1), AggregateFunction.Count).Limit(3).OrderByTimeDescending();
        Assert.Contains("count(\"online\") AS \"online\",count(\"label\") AS \"label\"", count.ToInfluxQL());
        Assert.EndsWith("ORDER BY time DESC LIMIT 3", count.ToString());
        Assert.Contains("|> limit(n: 3)", count.ToFlux());
    }

    [Fact]
    public void AggregatesThatTheRowsCannotHoldAreRefusedWhenTheQueryIsBuilt()
    {
        var q = _client.QueryReading();
        var e = Assert.Throws<ArgumentException>(() => q.Select(ReadingQuery.Fields.Count).Window(TimeSpan.FromMinutes(1), AggregateFunction.Mean));
        Assert.Equal("Reading.count cannot be aggregated with mean: the mean of integers is not an integer, so it cannot be read back into the field's member; " +
            "use Aggregate(...), whose rows hold every aggregate as a double. (Parameter 'function')", e.Message);
        // The same in the other order.
        Assert.Throws<ArgumentException>(() => q.Window(TimeSpan.FromMinutes(1), AggregateFunction.Mean).Select(ReadingQuery.Fields.Total));
        Assert.Throws<ArgumentException>(() => q.Select(ReadingQuery.Fields.Label).Window(TimeSpan.FromMinutes(1), AggregateFunction.Count));
        Assert.Throws<ArgumentException>(() => q.Select(ReadingQuery.Fields.Online).Aggregate(TimeSpan.FromMinutes(1), AggregateFunction.Max));

        // What fits is accepted.
        _ = q.Select(ReadingQuery.Fields.Label).Window(TimeSpan.FromMinutes(1), AggregateFunction.Last);
        _ = q.Select(ReadingQuery.Fields.Count).Window(TimeSpan.FromMinutes(1), AggregateFunction.Sum);
        _ = q.Select(ReadingQuery.Fields.Count).Aggregate(TimeSpan.FromMinutes(1), AggregateFunction.Mean);
        _ = q.Select(ReadingQuery.Fields.Label).Aggregate(TimeSpan.FromMinutes(1), AggregateFunction.Count);
    }

    private static MeasurementSchema MeasurementSchemaOf<T>() where T : IQueryableMeasurement<T> => T.QuerySchema;
}
