using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Tests.Integration;

/// <summary>
/// Hostile strings and extreme numbers written with <see cref="LineProtocolWriter"/> through the real server's
/// <c>/write</c>, read back through <c>/query</c> (InfluxQL, JSON, epoch=ns) and compared value by value.
/// </summary>
public class HostileRoundTripTests(InfluxDatabaseFixture db) : IClassFixture<InfluxDatabaseFixture>
{
    private static readonly DateTime Start = new(2024, 2, 29, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task HostileTagValuesAndStringFieldsRoundTrip()
    {
        var tagValues = Hostile.Names.Concat(Hostile.TagValuesOnly).ToArray();
        var strings = Hostile.StringValues;
        int count = Math.Max(tagValues.Length, strings.Length);
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output);
        for (int i = 0; i < count; i++)
        {
            writer.BeginPoint("values"u8);
            writer.WriteTag("id"u8, i);
            writer.WriteTag("t"u8, tagValues[i % tagValues.Length]);
            writer.WriteField("s"u8, strings[i % strings.Length]);
            writer.WriteField("n"u8, (long)i);
            writer.WriteTimestamp(Start.AddSeconds(i));
            writer.EndPoint();
        }
        await db.Server.WriteLineProtocolAsync(db.Database, Encoding.UTF8.GetString(output.WrittenSpan));

        var rows = await db.Server.QueryRowsAsync(db.Database, "SELECT * FROM \"values\"");
        Assert.Equal(count, rows.Count);
        foreach (var row in rows)
        {
            int i = (int)row["n"].GetInt64();
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), row["id"].GetString());
            Assert.Equal(tagValues[i % tagValues.Length], row["t"].GetString());
            Assert.Equal(strings[i % strings.Length], row["s"].GetString());
            Assert.Equal(NanosecondsSinceEpoch(Start.AddSeconds(i)), row["time"].GetInt64());
        }
    }

    [Fact]
    public async Task HostileMeasurementNamesTagKeysAndFieldKeysRoundTrip()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output, WritePrecision.Milliseconds);
        for (int i = 0; i < Hostile.Names.Length; i++)
        {
            var name = Hostile.Names[i];
            writer.BeginPoint("hx" + name);        // a prefix keeps '#' and spaces away from the start of the line
            writer.WriteTag("k" + name, name);
            writer.WriteTag(name, "v");
            writer.WriteField("n" + name, (long)i);
            writer.WriteField("f" + name, name);
            writer.WriteTimestamp(Start.AddMilliseconds(i));
            writer.EndPoint();
        }
        await db.Server.WriteLineProtocolAsync(db.Database, Encoding.UTF8.GetString(output.WrittenSpan), "ms");

        using var json = await db.Server.ExecuteAsync("SELECT * FROM /^hx/", db.Database);
        var series = json.RootElement.GetProperty("results")[0].GetProperty("series").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, Row, StringComparer.Ordinal);
        Assert.Equal(Hostile.Names.Length, series.Count);
        for (int i = 0; i < Hostile.Names.Length; i++)
        {
            var name = Hostile.Names[i];
            Assert.True(series.TryGetValue("hx" + name, out var row), $"measurement 'hx{name}' is missing; the server has: {string.Join(" | ", series.Keys)}");
            Assert.Equal(name, row["k" + name].GetString());
            Assert.Equal("v", row[name].GetString());
            Assert.Equal(name, row["f" + name].GetString());
            Assert.Equal(i, row["n" + name].GetInt64());
            Assert.Equal(NanosecondsSinceEpoch(Start.AddMilliseconds(i)), row["time"].GetInt64());
        }

        // The keys as the schema queries report them.
        using var keys = await db.Server.ExecuteAsync("SHOW FIELD KEYS FROM /^hx/", db.Database);
        var fieldKeys = keys.RootElement.GetProperty("results")[0].GetProperty("series").EnumerateArray()
            .SelectMany(s => s.GetProperty("values").EnumerateArray().Select(v => (s.GetProperty("name").GetString(), v[0].GetString())))
            .ToHashSet();
        foreach (var name in Hostile.Names)
        {
            Assert.Contains(("hx" + name, "n" + name), fieldKeys);
            Assert.Contains(("hx" + name, "f" + name), fieldKeys);
        }
    }

    [Fact]
    public async Task NumbersRoundTripExactly()
    {
        double[] doubles =
        [
            0.0, 1.0, -1.0, 0.1, 21.5, 1.0 / 3, Math.PI, -Math.E, 1e15, 1e16, 1e21, 1e-7, 1.2345678901234567e-300,
            double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, 123456789.123456789, 9007199254740993.0,
        ];
        var random = new Random(42);
        var more = Enumerable.Range(0, 200).Select(_ => BitConverter.Int64BitsToDouble(random.NextInt64())).Where(double.IsFinite);
        doubles = [.. doubles, .. more];
        long[] longs = [0, 1, -1, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue, 9007199254740993];
        float[] floats = [0.1f, 1.5f, float.MaxValue, float.Epsilon, 16777217f];
        decimal[] decimals = [1.50m, -0.0001m, 79228162514264337593543950335m, 0.1m];

        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output, WritePrecision.Seconds);
        int n = Math.Max(doubles.Length, longs.Length);
        for (int i = 0; i < n; i++)
        {
            writer.BeginPoint("numbers"u8);
            writer.WriteTag("i"u8, i);
            writer.WriteField("d"u8, doubles[i % doubles.Length]);
            writer.WriteField("l"u8, longs[i % longs.Length]);
            writer.WriteField("f"u8, floats[i % floats.Length]);
            writer.WriteField("m"u8, decimals[i % decimals.Length]);
            writer.WriteField("b"u8, i % 2 == 0);
            writer.WriteTimestamp(1_000_000_000L + i);
            writer.EndPoint();
        }
        await db.Server.WriteLineProtocolAsync(db.Database, Encoding.UTF8.GetString(output.WrittenSpan), "s");

        var rows = await db.Server.QueryRowsAsync(db.Database, "SELECT * FROM numbers");
        Assert.Equal(n, rows.Count);
        foreach (var row in rows)
        {
            int i = int.Parse(row["i"].GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(doubles[i % doubles.Length]), BitConverter.DoubleToInt64Bits(row["d"].GetDouble()));
            Assert.Equal(longs[i % longs.Length], row["l"].GetInt64());
            // A float field is stored as float64: the float's shortest text parsed as a double.
            var f = floats[i % floats.Length];
            Assert.Equal(double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), row["f"].GetDouble());
            Assert.Equal((double)decimals[i % decimals.Length], row["m"].GetDouble());
            Assert.Equal(i % 2 == 0, row["b"].GetBoolean());
            Assert.Equal((1_000_000_000L + i) * 1_000_000_000L, row["time"].GetInt64());
        }
    }

    private static Dictionary<string, JsonElement> Row(JsonElement series)
    {
        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        var values = series.GetProperty("values")[0].EnumerateArray().Select(v => v.Clone()).ToArray();
        var row = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++) row[columns[i]] = values[i];
        return row;
    }

    internal static long NanosecondsSinceEpoch(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
