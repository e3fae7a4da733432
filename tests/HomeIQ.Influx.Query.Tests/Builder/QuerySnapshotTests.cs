using System.Text.RegularExpressions;
using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

/// <summary>
/// The exact text each builder method produces, in both languages. Flux cannot run on the InfluxDB 1.6 the tests use
/// (it has no /api/v2/query), so these snapshots are the Flux tests; the InfluxQL text is also run for real in
/// <see cref="QueryIntegrationTests"/>.
/// </summary>
public class QuerySnapshotTests
{
    private static readonly InfluxClient Client = new(new InfluxClientOptions { Url = new Uri("http://localhost:8086"), Org = "home", Bucket = "sensors" });
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Stop = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);

    private const string AllFields = "r._field == \"temperature\" or r._field == \"humidity\" or r._field == \"count\" or r._field == \"ok\" or r._field == \"note\"";
    private const string AllColumns = "\"temperature\"::field,\"humidity\"::field,\"count\"::field,\"ok\"::field,\"note\"::field,\"room\"::tag,\"sensor_id\"::tag";

    private static SensorReadingQuery Query => Client.QuerySensorReading();

    [Fact]
    public void NoCondition()
    {
        Assert.Equal($"SELECT {AllColumns} FROM \"sensor\"", Query.ToInfluxQL());
        Assert.Equal($"""
            from(bucket: "sensors")
              |> range(start: 0)
              |> filter(fn: (r) => r._measurement == "sensor")
              |> filter(fn: (r) => {AllFields})
              |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
              |> group()
              |> sort(columns: ["_time"])
            """, Query.ToFlux());
    }

    [Fact]
    public void Range()
    {
        var q = Query.Range(Start, Stop);
        Assert.Equal($"SELECT {AllColumns} FROM \"sensor\" WHERE time >= '2024-01-01T00:00:00Z' AND time < '2024-01-02T00:00:00Z'", q.ToInfluxQL());
        Assert.Contains("\n  |> range(start: 2024-01-01T00:00:00Z, stop: 2024-01-02T00:00:00Z)\n", q.ToFlux());
    }

    [Fact]
    public void Last()
    {
        var q = Query.Last(TimeSpan.FromMinutes(90));
        Assert.Equal($"SELECT {AllColumns} FROM \"sensor\" WHERE time >= now() - 90m", q.ToInfluxQL());
        Assert.Contains("\n  |> range(start: -90m)\n", q.ToFlux());
    }

    [Fact]
    public void TagEquality()
    {
        var q = Query.WhereRoom("kitchen");
        Assert.EndsWith("WHERE \"room\" = 'kitchen'", q.ToInfluxQL());
        Assert.Contains("\n  |> filter(fn: (r) => r[\"room\"] == \"kitchen\")\n", q.ToFlux());
    }

    [Fact]
    public void TagIn()
    {
        var q = Query.WhereSensorIdIn("a", "b c");
        Assert.EndsWith("WHERE (\"sensor_id\" = 'a' OR \"sensor_id\" = 'b c')", q.ToInfluxQL());
        Assert.Contains("\n  |> filter(fn: (r) => r[\"sensor_id\"] == \"a\" or r[\"sensor_id\"] == \"b c\")\n", q.ToFlux());
    }

    [Fact]
    public void TagRegex()
    {
        var q = Query.WhereRoomMatches(new Regex("^k.*/x$"));
        Assert.EndsWith("WHERE \"room\" =~ /^k.*\\/x$/", q.ToInfluxQL());
        Assert.Contains("\n  |> filter(fn: (r) => r[\"room\"] =~ /^k.*\\/x$/)\n", q.ToFlux());
    }

    [Fact]
    public void RegexOptionsBecomeRe2Flags()
    {
        Assert.EndsWith("\"room\" =~ /(?i)^kit/", Query.WhereRoomMatches(new Regex("^kit", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToInfluxQL());
        Assert.Throws<ArgumentException>(() => Query.WhereRoomMatches(new Regex("a", RegexOptions.RightToLeft)));
    }

    [Fact]
    public void FieldComparisonsInTheFieldKind()
    {
        var q = Query.WhereTemperatureGreaterThan(20).WhereCountLessThanOrEqual(5).WhereHumidityNotEquals(-0.5);
        Assert.EndsWith("WHERE \"temperature\" > 20.0 AND \"count\" <= 5 AND \"humidity\" != -0.5", q.ToInfluxQL());
        Assert.EndsWith("""
              |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
              |> filter(fn: (r) => r["temperature"] > 20.0)
              |> filter(fn: (r) => r["count"] <= 5)
              |> filter(fn: (r) => r["humidity"] != -0.5)
              |> group()
              |> sort(columns: ["_time"])
            """, q.ToFlux());
    }

    [Fact]
    public void FieldSelectionAndFilteringOnAnUnselectedField()
    {
        var q = Query.Select(SensorReadingQuery.Fields.Temperature).WhereCountGreaterThan(1);
        Assert.Equal("SELECT \"temperature\"::field,\"room\"::tag,\"sensor_id\"::tag FROM \"sensor\" WHERE \"count\" > 1", q.ToInfluxQL());
        Assert.Equal("""
            from(bucket: "sensors")
              |> range(start: 0)
              |> filter(fn: (r) => r._measurement == "sensor")
              |> filter(fn: (r) => r._field == "temperature" or r._field == "count")
              |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
              |> filter(fn: (r) => r["count"] > 1)
              |> drop(columns: ["count"])
              |> group()
              |> sort(columns: ["_time"])
            """, q.ToFlux());
    }

    [Fact]
    public void LimitAndDescendingOrder()
    {
        var q = Query.OrderByTimeDescending().Limit(10);
        Assert.EndsWith("FROM \"sensor\" ORDER BY time DESC LIMIT 10", q.ToInfluxQL());
        Assert.EndsWith("""
              |> group()
              |> sort(columns: ["_time"], desc: true)
              |> limit(n: 10)
            """, q.ToFlux());
    }

    [Fact]
    public void MeanWindowGroupedByATagReadsTheFloatFields()
    {
        var q = Query.Range(Start, Stop).Window(TimeSpan.FromMinutes(5), AggregateFunction.Mean, SensorReadingQuery.Tags.Room);
        Assert.Equal(
            "SELECT mean(\"temperature\") AS \"temperature\",mean(\"humidity\") AS \"humidity\" FROM \"sensor\" " +
            "WHERE time >= '2024-01-01T00:00:00Z' AND time < '2024-01-02T00:00:00Z' GROUP BY time(5m),\"room\" fill(none)", q.ToInfluxQL());
        Assert.Equal("""
            from(bucket: "sensors")
              |> range(start: 2024-01-01T00:00:00Z, stop: 2024-01-02T00:00:00Z)
              |> filter(fn: (r) => r._measurement == "sensor")
              |> filter(fn: (r) => r._field == "temperature" or r._field == "humidity")
              |> group(columns: ["room", "_measurement", "_field"])
              |> aggregateWindow(every: 5m, fn: mean, createEmpty: false, timeSrc: "_start")
              |> pivot(rowKey: ["_time"], columnKey: ["_field"], valueColumn: "_value")
              |> sort(columns: ["_time"])
            """, q.ToFlux());
    }

    [Theory]
    [InlineData(AggregateFunction.Min, "min")]
    [InlineData(AggregateFunction.Max, "max")]
    [InlineData(AggregateFunction.Sum, "sum")]
    [InlineData(AggregateFunction.Count, "count")]
    public void NumericAggregatesReadTheNumericFields(AggregateFunction function, string name)
    {
        var q = Query.Last(TimeSpan.FromHours(1)).Window(TimeSpan.FromHours(1), function);
        Assert.StartsWith($"SELECT {name}(\"temperature\") AS \"temperature\",{name}(\"humidity\") AS \"humidity\",{name}(\"count\") AS \"count\" FROM", q.ToInfluxQL());
        Assert.Contains($"\n  |> group(columns: [\"_measurement\", \"_field\"])\n  |> aggregateWindow(every: 1h, fn: {name}, createEmpty: false, timeSrc: \"_start\")\n", q.ToFlux());
    }

    [Theory]
    [InlineData(AggregateFunction.Last, "last")]
    public void LastReadsEveryField(AggregateFunction function, string name)
    {
        var q = Query.Window(TimeSpan.FromDays(1), function, SensorReadingQuery.Tags.Room, SensorReadingQuery.Tags.SensorId);
        Assert.Contains($"{name}(\"note\") AS \"note\"", q.ToInfluxQL());
        Assert.EndsWith("GROUP BY time(1d),\"room\",\"sensor_id\" fill(none)", q.ToInfluxQL());
        Assert.Contains($"\n  |> group(columns: [\"room\", \"sensor_id\", \"_measurement\", \"_field\"])\n  |> aggregateWindow(every: 1d, fn: {name}, createEmpty: false, timeSrc: \"_start\")\n", q.ToFlux());
        Assert.Contains(AllFields, q.ToFlux());
    }

    [Fact]
    public void FieldComparisonWithAWindowFiltersThatFieldsValuesInFlux()
    {
        var q = Query.Select(SensorReadingQuery.Fields.Temperature).WhereTemperatureGreaterThanOrEqual(18).Window(TimeSpan.FromMinutes(1), AggregateFunction.Max);
        Assert.Equal("SELECT max(\"temperature\") AS \"temperature\" FROM \"sensor\" WHERE \"temperature\" >= 18.0 GROUP BY time(1m) fill(none)", q.ToInfluxQL());
        Assert.Contains("\n  |> filter(fn: (r) => r._field != \"temperature\" or r._value >= 18.0)\n  |> group(columns: [\"_measurement\", \"_field\"])\n", q.ToFlux());
    }

    [Fact]
    public void HostileValuesStayLiteralsInBothLanguages()
    {
        var q = Query.WhereRoom("x' OR 1=1 --").WhereSensorId("\"); drop(").WhereRoomIn("${x}", "a\\").WhereRoomMatches("a/b");
        Assert.EndsWith("WHERE \"room\" = 'x\\' OR 1=1 --' AND \"sensor_id\" = '\"); drop(' AND (\"room\" = '${x}' OR \"room\" = 'a\\\\') AND \"room\" =~ /a\\/b/", q.ToInfluxQL());
        var flux = q.ToFlux();
        Assert.Contains("r[\"room\"] == \"x' OR 1=1 --\"", flux);
        Assert.Contains("r[\"sensor_id\"] == \"\\\"); drop(\"", flux);
        Assert.Contains("r[\"room\"] == \"\\x24{x}\" or r[\"room\"] == \"a\\\\\"", flux);
        Assert.Contains("r[\"room\"] =~ /a\\/b/", flux);
    }

    [Fact]
    public void TheBuilderIsImmutable()
    {
        var baseQuery = Query.WhereRoom("kitchen");
        var limited = baseQuery.Limit(3);
        Assert.DoesNotContain("LIMIT", baseQuery.ToInfluxQL());
        Assert.EndsWith("LIMIT 3", limited.ToInfluxQL());
        Assert.NotSame(baseQuery, limited);
    }

    [Fact]
    public void V1FluxBucketIsDatabaseSlashRetentionPolicy()
    {
        using var v1 = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://localhost:8086"), Api = InfluxApiVersion.V1, Database = "home", RetentionPolicy = "week" });
        Assert.StartsWith("from(bucket: \"home/week\")", v1.QuerySensorReading().ToFlux());
    }

    [Fact]
    public void UnknownKeysAndWrongKindsAreRefusedWithTheTypeAndKey()
    {
        var e = Assert.Throws<ArgumentException>(() => Query.WhereTag("floor", "1"));
        Assert.Contains("SensorReading has no tag 'floor'", e.Message);
        e = Assert.Throws<ArgumentException>(() => Query.WhereField("note", FieldComparison.Equal, 1.0));
        Assert.Contains("SensorReading.note is a String field", e.Message);
        e = Assert.Throws<ArgumentException>(() => Query.WhereField("count", FieldComparison.Equal, 1.5));
        Assert.Contains("SensorReading.count holds Integer values", e.Message);
        Assert.Throws<ArgumentException>(() => Query.WhereRoomIn());
        Assert.Throws<ArgumentException>(() => Query.Range(Stop, Start));
    }
}
