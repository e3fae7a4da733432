using HomeIQ.Influx.Consumer.Tests.Models;
using HomeIQ.Influx.Querying;
using HomeIQ.Influx.Testing;
using Xunit;

namespace HomeIQ.Influx.Consumer.Tests.RoundTrip;

/// <summary>
/// Every #15 shape against a real InfluxDB 1.6 (the testing kit's private influxd): written through the generated
/// <c>{Type}Writer</c>, read back through the generated <c>{Type}Query</c>, and compared member by member.
/// </summary>
public sealed class RoundTripTests(InfluxClientFixture fixture) : IClassFixture<InfluxClientFixture>
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private InfluxClient Client => fixture.Client;

    [Fact]
    public async Task BaseClassesInTheSameAssemblyAbstractAndNot()
    {
        var points = Enumerable.Range(0, 6)
            .Select(i => new AirQuality { Room = (Room)(i % 3), Co2 = 400 + i * 17, Voc = i % 2 == 0 ? null : i * 0.125, Time = T0.AddSeconds(i).AddTicks(i * 1234) })
            .ToList();
        await WriteAsync(new AirQualityWriter(Client), points);

        Assert.Equal(points.Select(Key), (await ReadAsync(Client.QueryAirQuality().ExecuteAsync())).Select(Key));
        // The inherited enum tag is a tag on the server, filtered with its own type.
        Assert.Equal(points.Where(p => p.Room == Room.Hall).Select(Key),
            (await ReadAsync(Client.QueryAirQuality().WhereRoom(Room.Hall).ExecuteAsync())).Select(Key));
        Assert.Equal(["room"], await TagKeysAsync("rt_air"));

        static object Key(AirQuality p) => (p.Time, p.Room, p.Co2, p.Voc);
    }

    [Fact]
    public async Task BaseClassFromAnotherAssemblyWithAProtectedTag()
    {
        var points = Enumerable.Range(0, 4).Select(i =>
        {
            var p = new PlugReading { Device = "plug-" + i, Rssi = i == 2 ? null : -40 - i, Watts = 12.5 * i + 0.1, Time = T0.AddMinutes(i) };
            p.OnFloor(i - 1);
            return p;
        }).ToList();
        await WriteAsync(new PlugReadingWriter(Client), points);

        Assert.Equal(points.Select(Key), (await ReadAsync(Client.QueryPlugReading().ExecuteAsync())).Select(Key));
        Assert.Equal(points.Where(p => p.FloorNumber >= 1).Select(Key),
            (await ReadAsync(Client.QueryPlugReading().WhereFloorIn(1, 2).ExecuteAsync())).Select(Key));

        static object Key(PlugReading p) => (p.Time, p.Device, p.FloorNumber, p.Rssi, p.Watts);
    }

    [Fact]
    public async Task GenericBaseClassFromAnotherAssembly()
    {
        var points = Enumerable.Range(0, 5)
            .Select(i => new Humidity { Room = i % 2 == 0 ? "bath" : "hall", Value = 40 + i / 3.0, Time = T0.UtcDateTime.AddHours(i) })
            .ToList();
        await WriteAsync(new HumidityWriter(Client), points);

        var rows = await ReadAsync(Client.QueryHumidity().ExecuteAsync());
        Assert.Equal(points.Select(Key), rows.Select(Key));
        Assert.All(rows, r => Assert.Equal(DateTimeKind.Utc, r.Time.Kind));

        static object Key(Humidity p) => (p.Time, p.Room, p.Value);
    }

    [Fact]
    public async Task OverrideKeepsOrReplacesTheMappingAndNewReplacesTheHiddenMember()
    {
        var points = Enumerable.Range(0, 3)
            .Select(i => new OverrideAndNew { Room = "r" + i, Device = "d" + i, Value = 10L * i, Time = T0.AddSeconds(i) })
            .ToList();
        foreach (var p in points) ((VirtualBase)p).Value = 99.5; // the hidden member: never written
        await WriteAsync(new OverrideAndNewWriter(Client), points);

        var rows = await ReadAsync(Client.QueryOverrideAndNew().WhereRoomIn("r0", "r2").ExecuteAsync());
        Assert.Equal(points.Where(p => p.Room != "r1").Select(Key), rows.Select(Key));
        Assert.Equal(["device_name", "level"], await FieldKeysAsync("rt_rules"));
        Assert.Equal(["room"], await TagKeysAsync("rt_rules"));

        static object Key(OverrideAndNew p) => (p.Time, p.Room, p.Device, p.Value);
    }

    [Fact]
    public async Task PositionalRecordIsBuiltThroughItsPrimaryConstructor()
    {
        var points = Enumerable.Range(0, 4).Select(i => new EnergyMeter("meter " + i % 2, 1_000_000_000_000L + i, T0.AddDays(i))).ToList();
        await WriteAsync(new EnergyMeterWriter(Client), points);

        Assert.Equal(points, await ReadAsync(Client.QueryEnergyMeter().ExecuteAsync()));
        Assert.Equal(points.Where(p => p.Meter == "meter 1"), await ReadAsync(Client.QueryEnergyMeter().WhereMeter("meter 1").ExecuteAsync()));
    }

    [Fact]
    public async Task RecordWithExtraInitMembers()
    {
        var points = Enumerable.Range(0, 4)
            .Select(i => new Phase("m" + i, 229.5 + i, 2) { Amps = i == 1 ? null : i * 1.5, Line = i % 2 == 0 ? "L1" : "L3", Time = T0.UtcDateTime.AddSeconds(i) })
            .ToList();
        await WriteAsync(new PhaseWriter(Client), points);

        // Decimals is not mapped: the constructor gets its default (2), which these points have.
        Assert.Equal(points, await ReadAsync(Client.QueryPhase().ExecuteAsync()));
    }

    [Fact]
    public async Task RequiredMembersAndAByteField()
    {
        var points = new[]
        {
            new DoorState { Door = "front", Open = true, Battery = byte.MaxValue, Time = T0 },
            new DoorState { Door = "back", Open = false, Battery = null, Time = T0.AddSeconds(1) },
            new DoorState { Door = "garage", Open = true, Battery = 0, Time = T0.AddSeconds(2) },
        };
        await WriteAsync(new DoorStateWriter(Client), points);

        Assert.Equal(points.Select(Key), (await ReadAsync(Client.QueryDoorState().ExecuteAsync())).Select(Key));

        static object Key(DoorState p) => (p.Time, p.Door, p.Open, p.Battery);
    }

    [Fact]
    public async Task StructRecordWithTypedEnumIntAndBoolTagFiltersAndAUintField()
    {
        var points = Enumerable.Range(0, 8)
            .Select(i => new Motion((Zone)(i % 2), i % 4, i % 3 == 0, i % 2 == 1, i == 7 ? uint.MaxValue : (uint)i, T0.AddSeconds(i)))
            .ToList();
        await WriteAsync(new MotionWriter(Client), points);

        Assert.Equal(points, await ReadAsync(Client.QueryMotion().ExecuteAsync()));
        Assert.Equal(points.Where(p => p.Zone == Zone.Outdoor), await ReadAsync(Client.QueryMotion().WhereZone(Zone.Outdoor).ExecuteAsync()));
        Assert.Equal(points.Where(p => p.Sensor is 1 or 3), await ReadAsync(Client.QueryMotion().WhereSensorIn(1, 3).ExecuteAsync()));
        Assert.Equal(points.Where(p => p.Armed), await ReadAsync(Client.QueryMotion().WhereArmed(true).ExecuteAsync()));
        Assert.Equal(points.Where(p => p.Count >= 5), await ReadAsync(Client.QueryMotion().WhereCountGreaterThanOrEqual(5).ExecuteAsync()));
    }

    [Fact]
    public async Task RunTimeMeasurementNamesAreWrittenPerPointAndReadWithFromMeasurement()
    {
        string[] tables = ["rt_climate_2024", "rt_tenant 7,a", "rt_climate_2024", null!, "rt_tenant 7,a", null!];
        var points = tables.Select((t, i) => new TenantClimate { Table = t, Room = "room" + i, Temperature = 20 + i * 0.5, Count = i, Time = T0.AddSeconds(i) }).ToList();
        await WriteAsync(new TenantClimateWriter(Client), points);

        // null wrote the declared measurement; reading it back names it.
        var declared = await ReadAsync(Client.QueryTenantClimate().ExecuteAsync());
        Assert.Equal(points.Where(p => p.Table is null).Select(p => Key(p, "rt_climate")), declared.Select(p => Key(p, p.Table)));
        foreach (var table in new[] { "rt_climate_2024", "rt_tenant 7,a" })
        {
            var rows = await ReadAsync(Client.QueryTenantClimate().FromMeasurement(table).ExecuteAsync());
            Assert.Equal(points.Where(p => p.Table == table).Select(p => Key(p, table)), rows.Select(p => Key(p, p.Table)));
        }
        Assert.Contains("rt_tenant 7,a", await MeasurementsAsync());

        static object Key(TenantClimate p, string? table) => (table, p.Time, p.Room, p.Temperature, p.Count);
    }

    [Fact]
    public async Task MeanOfAnIntegerFieldComesBackAsADoubleThroughAggregate()
    {
        // The case from #15: counts 49 and 50 in one window have the mean 49.5, which an int member cannot hold.
        var points = new[] { 49, 50, 7, 8, 9 }
            .Select((count, i) => new TenantClimate { Table = "rt_mean", Room = i < 2 ? "a" : "b", Temperature = i, Count = count, Time = T0.AddSeconds(i) })
            .ToList();
        await WriteAsync(new TenantClimateWriter(Client), points);
        var query = Client.QueryTenantClimate().FromMeasurement("rt_mean").Range(T0, T0.AddMinutes(1));

        var rows = await ReadAsync(query.Aggregate(TimeSpan.FromMinutes(1), AggregateFunction.Mean, TenantClimateQuery.Tags.Room).ExecuteAsync());
        Assert.Equal([("a", 49.5, 0.5, T0), ("b", 8.0, 3.0, T0)],
            rows.OrderBy(r => r.Room, StringComparer.Ordinal).Select(r => (r.Room, r.Count!.Value, r.Temperature!.Value, r.Time)));

        // Window reads each aggregate into the field's own member, which cannot hold the mean of integers: refused when built.
        var e = Assert.Throws<ArgumentException>(() => query.Select(TenantClimateQuery.Fields.Count).Window(TimeSpan.FromMinutes(1), AggregateFunction.Mean));
        Assert.Contains("TenantClimate.count cannot be aggregated with mean", e.Message);
        Assert.Contains("Aggregate(", e.Message);
        // Without a selection Window reads only the fields whose mean fits (temperature).
        var window = await ReadAsync(query.Window(TimeSpan.FromMinutes(1), AggregateFunction.Mean, TenantClimateQuery.Tags.Room).ExecuteAsync());
        Assert.Equal([("a", 0.5, 0), ("b", 3.0, 0)], window.OrderBy(r => r.Room, StringComparer.Ordinal).Select(r => (r.Room, r.Temperature, r.Count)));
        // Aggregate's count applies to every field and its sum is exact for integers.
        var sums = await ReadAsync(query.Aggregate(TimeSpan.FromMinutes(1), AggregateFunction.Sum).ExecuteAsync());
        Assert.Equal(123.0, Assert.Single(sums).Count);
    }

    [Fact]
    public async Task LimitWithAGroupedWindowCountsPerGroup()
    {
        // Three rooms, five one-minute windows each.
        var points = Enumerable.Range(0, 15)
            .Select(i => new TenantClimate { Table = "rt_limit", Room = "room" + i % 3, Temperature = i, Count = i, Time = T0.AddMinutes(i / 3) })
            .ToList();
        await WriteAsync(new TenantClimateWriter(Client), points);
        var query = Client.QueryTenantClimate().FromMeasurement("rt_limit").Range(T0, T0.AddHours(1));

        var grouped = await ReadAsync(query.Window(TimeSpan.FromMinutes(1), AggregateFunction.Max, TenantClimateQuery.Tags.Room).Limit(2).ExecuteAsync());
        Assert.Equal(6, grouped.Count); // Limit(2) per room, not in total: InfluxQL's LIMIT counts per series
        Assert.All(grouped.GroupBy(r => r.Room), g => Assert.Equal([T0, T0.AddMinutes(1)], g.Select(r => r.Time)));

        var ungrouped = await ReadAsync(query.Window(TimeSpan.FromMinutes(1), AggregateFunction.Max).Limit(2).ExecuteAsync());
        Assert.Equal([(T0, 2.0), (T0.AddMinutes(1), 5.0)], ungrouped.Select(r => (r.Time, r.Temperature)));

        var raw = await ReadAsync(query.Limit(4).ExecuteAsync());
        Assert.Equal(4, raw.Count);
    }

    private static async Task WriteAsync<T>(MeasurementWriter<T> writer, IEnumerable<T> points) where T : ILineProtocolPoint<T>
    {
        var failures = new List<WriteFailedEventArgs>();
        writer.WriteFailed += (_, e) => failures.Add(e);
        await using (writer)
        {
            await writer.WriteAsync(points);
            await writer.FlushAsync();
        }
        Assert.Empty(failures);
    }

    private static async Task<List<T>> ReadAsync<T>(IAsyncEnumerable<T> rows)
    {
        var list = new List<T>();
        await foreach (var row in rows) list.Add(row);
        return list;
    }

    private async Task<List<string>> FieldKeysAsync(string measurement) =>
        (await fixture.Server.QueryRowsAsync(fixture.Database, $"SHOW FIELD KEYS FROM \"{measurement}\""))
            .Select(r => r["fieldKey"].GetString()!).Order(StringComparer.Ordinal).ToList();

    private async Task<List<string>> TagKeysAsync(string measurement) =>
        (await fixture.Server.QueryRowsAsync(fixture.Database, $"SHOW TAG KEYS FROM \"{measurement}\""))
            .Select(r => r["tagKey"].GetString()!).Order(StringComparer.Ordinal).ToList();

    private async Task<List<string>> MeasurementsAsync() =>
        (await fixture.Server.QueryRowsAsync(fixture.Database, "SHOW MEASUREMENTS")).Select(r => r["name"].GetString()!).ToList();
}
