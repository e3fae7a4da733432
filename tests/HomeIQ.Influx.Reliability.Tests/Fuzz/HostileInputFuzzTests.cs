using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using HomeIQ.Influx.Querying;
using HomeIQ.Influx.Reliability.Tests.Infrastructure;
using HomeIQ.Influx.Testing;
using Xunit;
using Xunit.Abstractions;

namespace HomeIQ.Influx.Reliability.Tests.Fuzz;

/// <summary>
/// Random points with hostile names and values: each is either written and read back from the real InfluxDB exactly,
/// or refused with a <see cref="LineProtocolException"/> naming the bad key or value before anything is sent. Never
/// altered, never lost.
/// </summary>
/// <remarks>Size: <c>HOMEIQ_FUZZ_POINTS</c> (default 20,000); <c>HOMEIQ_FUZZ_SEED</c> replays a run (the seed is printed).</remarks>
public sealed class HostileInputFuzzTests(ITestOutputHelper output)
{
    private const int PointsPerMeasurement = 100;
    private const long MinTime = -9223372036854775806;
    private const long MaxTime = 9223372036854775806;
    private static readonly int Points = ReliabilityKit.Knob("HOMEIQ_FUZZ_POINTS", 20_000);

    [Fact]
    public async Task EveryPointIsWrittenExactlyOrRefusedBeforeSending()
    {
        int seed = ReliabilityKit.Seed("HOMEIQ_FUZZ_SEED");
        output.WriteLine($"seed {seed} (HOMEIQ_FUZZ_SEED={seed} replays it), {Points} points");
        var random = new Random(seed);
        var server = await InfluxServer.SharedAsync();
        var database = await server.CreateDatabaseAsync("fuzz");
        var failures = new ConcurrentQueue<WriteFailedEventArgs>();
        var accepted = new Dictionary<string, List<FuzzPoint>>(StringComparer.Ordinal);
        int refused = 0;
        var refusals = new Dictionary<string, int>(StringComparer.Ordinal);

        using (var client = new InfluxClient(new InfluxClientOptions { Url = server.Url, Database = database, Api = InfluxApiVersion.V1, Timeout = TimeSpan.FromSeconds(30) }))
        await using (var writer = new MeasurementWriter<FuzzPoint>(client, new WriteOptions { BatchSize = 5_000, OnWriteFailed = failures.Enqueue }))
        {
            var generator = new Generator(random);
            for (int m = 0; m * PointsPerMeasurement < Points; m++)
            {
                var measurement = generator.Measurement(m);
                foreach (var point in generator.Points(measurement, PointsPerMeasurement))
                {
                    try
                    {
                        await writer.WriteAsync(point);
                    }
                    catch (LineProtocolException ex)
                    {
                        // Refused before sending: the message must say what was wrong and name the key or value.
                        refused++;
                        refusals[ex.Reason] = refusals.GetValueOrDefault(ex.Reason) + 1;
                        Assert.False(string.IsNullOrWhiteSpace(ex.Reason), $"seed {seed}: a refusal without a reason: {point}");
                        Assert.True(ex.Key is not null || ex.Value is not null, $"seed {seed}: the refusal names neither key nor value: {ex.Message} for {point}");
                        continue;
                    }
                    if (!accepted.TryGetValue(point.Measurement, out var list)) accepted[point.Measurement] = list = [];
                    list.Add(point);
                }
            }
            await writer.FlushAsync();
        }

        int written = accepted.Values.Sum(l => l.Count);
        output.WriteLine($"{written} accepted in {accepted.Count} measurements, {refused} refused before sending:");
        foreach (var (reason, count) in refusals.OrderByDescending(r => r.Value)) output.WriteLine($"  {count,6}  {reason}");
        Assert.True(failures.IsEmpty, $"seed {seed}: the server refused accepted points:\n" +
            string.Join("\n", failures.Take(5).Select(f => $"{f.Reason} {f.StatusCode} {f.ServerMessage}: {string.Join(" | ", f.Lines.Take(3).Select(FuzzValue.Escape))}")));
        Assert.True(written > Points / 4, $"seed {seed}: too few points were accepted ({written}) for the test to mean much");

        // Read every measurement back and compare each point exactly.
        var problems = new List<string>();
        foreach (var (measurement, points) in accepted)
        {
            await CompareAsync(server, database, measurement, points, problems);
            if (problems.Count > 20) break;
        }
        Assert.True(problems.Count == 0, $"seed {seed}: {problems.Count} points differ:\n" + string.Join("\n", problems.Take(20)));
    }

    private static async Task CompareAsync(InfluxServer server, string database, string measurement, List<FuzzPoint> points, List<string> problems)
    {
        using var json = await server.ExecuteAsync($"SELECT * FROM {InfluxQLText.QuoteIdentifier(measurement)} WHERE time >= {MinTime} AND time <= {MaxTime}", database);
        var result = json.RootElement.GetProperty("results")[0];
        var rows = new Dictionary<long, Dictionary<string, JsonElement>>();
        if (result.TryGetProperty("series", out var seriesList))
        {
            foreach (var series in seriesList.EnumerateArray())
            {
                var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
                foreach (var values in series.GetProperty("values").EnumerateArray())
                {
                    var row = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                    int i = 0;
                    foreach (var value in values.EnumerateArray()) row[columns[i++]] = value.Clone();
                    rows[row["time"].GetInt64()] = row;
                }
            }
        }
        if (rows.Count != points.Count)
            problems.Add($"measurement {FuzzValue.Escape(measurement)}: {rows.Count} rows stored, {points.Count} written");
        foreach (var point in points)
        {
            if (!rows.TryGetValue(point.TimestampNs, out var row))
            {
                problems.Add($"missing: {point}");
                continue;
            }
            foreach (var (key, value) in point.Tags)
            {
                // An empty tag value is omitted, as line protocol requires: the tag reads back as absent.
                var stored = row.TryGetValue(key, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (stored != (value.Length == 0 ? null : value)) problems.Add($"tag {FuzzValue.Escape(key)} reads {(stored is null ? "null" : FuzzValue.Escape(stored))}: {point}");
            }
            foreach (var (key, value) in point.Fields)
            {
                if (!row.TryGetValue(key, out var stored) || stored.ValueKind == JsonValueKind.Null)
                {
                    problems.Add($"field {FuzzValue.Escape(key)} missing: {point}");
                    continue;
                }
                bool same = value.Type switch
                {
                    'f' => stored.ValueKind == JsonValueKind.Number && stored.GetDouble().Equals(value.Float),
                    'i' => stored.ValueKind == JsonValueKind.Number && stored.TryGetInt64(out var l) && l == value.Integer,
                    'b' => stored.ValueKind is JsonValueKind.True or JsonValueKind.False && stored.GetBoolean() == value.Boolean,
                    _ => stored.ValueKind == JsonValueKind.String && stored.GetString() == value.Text,
                };
                if (!same) problems.Add($"field {FuzzValue.Escape(key)} reads {stored.GetRawText()}: {point}");
            }
        }
    }

    /// <summary>Random hostile names and values. Field types stay fixed per measurement and key (else the server refuses a type conflict).</summary>
    private sealed class Generator(Random random)
    {
        private static readonly string[] Specials = [",", "=", " ", "\"", "\\", "'", "#", "time", "_field", "_measurement", "\\\\", "\u00A0", "\u2028", "\uFEFF", "\uFFFF", "\U0001F600", "\U0010FFFF"];
        private static readonly double[] Floats = [0.0, -0.0, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e-300, 1e300, 0.1, 1.0 / 3, 123456789.123456789];
        private static readonly long[] Integers = [0, 1, -1, long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, int.MaxValue, int.MinValue];
        private static readonly long[] Times = [MinTime, MaxTime, 0, -1, 1, MinTime + 1, MaxTime - 1];

        private const long BaseTime = 1_767_225_600_000_000_000;
        private readonly Dictionary<(string, string), char> _types = [];

        public string Measurement(int index) => random.Next(4) == 0 ? $"m{index}" : Text(1, 12) + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

        public IEnumerable<FuzzPoint> Points(string measurement, int count)
        {
            var times = new HashSet<long>();
            for (int n = 0; n < count; n++)
            {
                // Keys: distinct within the point and between tags and fields (a tag and a field of the same name read back renamed).
                var keys = new HashSet<string>(StringComparer.Ordinal);
                var tags = new List<(string, string)>();
                for (int i = random.Next(0, 4); i > 0; i--)
                {
                    var key = Key(measurement, 't');
                    if (keys.Add(key)) tags.Add((key, Text(0, 10)));
                }
                var fields = new List<(string, FuzzValue)>();
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    var key = Key(measurement, 'f');
                    if (!keys.Add(key)) continue;
                    if (!_types.TryGetValue((measurement, key), out var type)) _types[(measurement, key)] = type = "fibs"[random.Next(4)];
                    fields.Add((key, Value(type)));
                }
                long time;
                // Mostly within one day (each week of time is a shard on the server: the whole range would make
                // thousands), with the extremes and a few anywhere in the range.
                do
                {
                    time = random.Next(100) switch
                    {
                        < 8 => Times[random.Next(Times.Length)],
                        < 10 => random.NextInt64(MinTime, MaxTime),
                        _ => BaseTime + random.NextInt64(0, 86_400_000_000_000),
                    };
                }
                while (!times.Add(time));
                yield return new FuzzPoint(measurement, tags, fields, time);
            }
        }

        // Keys come from a small pool per measurement and role, so that keys repeat (and types must agree).
        private string Key(string measurement, char role)
        {
            int slot = random.Next(6);
            if (slot == 0) return role + "k";
            var r = new Random(HashCode.Combine(StringComparer.Ordinal.GetHashCode(measurement), role, slot));
            return Text(r, 0, 10) + role + slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private FuzzValue Value(char type) => type switch
        {
            'f' => new FuzzValue('f', random.Next(3) == 0 ? Floats[random.Next(Floats.Length)] : BitConverter.Int64BitsToDouble(random.NextInt64()), 0, false, null),
            'i' => new FuzzValue('i', 0, random.Next(3) == 0 ? Integers[random.Next(Integers.Length)] : random.NextInt64(long.MinValue, long.MaxValue), false, null),
            'b' => new FuzzValue('b', 0, 0, random.Next(2) == 0, null),
            _ => new FuzzValue('s', 0, 0, false, Text(0, 40)),
        };

        private string Text(int min, int max) => Text(random, min, max);

        // U+0000..U+001F and U+007F.
        private static char ControlCharacter(Random random)
        {
            int c = random.Next(0, 0x21);
            return c == 0x20 ? (char)0x7F : (char)c;
        }

        private static string Text(Random random, int min, int max)
        {
            var sb = new StringBuilder();
            int length = random.Next(min, max + 1);
            for (int i = 0; i < length; i++)
            {
                switch (random.Next(1000))
                {
                    case < 450: sb.Append((char)random.Next('a', 'z' + 1)); break;
                    case < 600: sb.Append(Specials[random.Next(Specials.Length)]); break;
                    case < 750: sb.Append((char)random.Next(0x80, 0xD800)); break;
                    case < 820: sb.Append((char)random.Next(0xE000, 0x10000)); break;
                    case < 920: sb.Append(char.ConvertFromUtf32(random.Next(0x10000, 0x110000))); break;
                    case < 990: sb.Append((char)random.Next(0x20, 0x7F)); break;
                    case < 997: sb.Append(ControlCharacter(random)); break;
                    default: sb.Append((char)random.Next(0xD800, 0xE000)); break; // a lone surrogate
                }
            }
            if (length > 0 && random.Next(20) == 0) sb.Append('\\'); // a backslash at the end
            return sb.ToString();
        }
    }
}
