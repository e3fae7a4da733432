using System.Buffers;
using System.Globalization;
using System.Text;
using InfluxDB.Client.Writes;
using ClientPrecision = InfluxDB.Client.Api.Domain.WritePrecision;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>
/// Differential test against InfluxDB.Client 5.1.0: for seeded random points our bytes must equal
/// <c>PointData....ToLineProtocol()</c> of the same point, except for these documented differences:
/// <list type="bullet">
/// <item>Key order. PointData sorts tags and fields with the culture-aware <c>Comparer&lt;string&gt;.Default</c>;
/// we write them in the order given, and the generated serializers give ordinal (byte) order, as InfluxDB
/// recommends. When the two orders agree the lines must be byte-identical; otherwise they are compared after
/// splitting them into their parts.</item>
/// <item>No difference in numbers: 5.1.0 writes doubles and floats in their shortest round-trip form, as we do. (Later
/// InfluxDB.Client versions write doubles with "G17", e.g. 0.10000000000000001; both parse to the same double.)</item>
/// <item>Refusals. PointData writes what it is given; we refuse what InfluxDB would misread (a backslash before a
/// comma, space, '=' or, in names, a quote, or at the end; see LineProtocolWriter.WriteName). Such points must be
/// refused by us for exactly that reason; they are counted, not compared.</item>
/// <item>Not generated, because the types disagree by design: <c>byte</c> (PointData writes <c>1i</c>, we write
/// <c>1u</c> as for every unsigned type), <c>char</c> (PointData writes it unquoted, which is not valid line
/// protocol; we write a one-character string), control characters in names (PointData writes <c>\n</c> as the two
/// characters backslash and n, changing the name; we refuse them), and NaN/infinity (PointData drops the field;
/// we refuse the point).</item>
/// <item>Timestamps from <c>DateTime</c> are compared in nanoseconds only: PointData converts to coarser units through
/// <c>double</c> (<c>TotalMilliseconds</c>, <c>Ticks * 0.1</c>), which can be off by one and rounds towards 1970; we
/// round exactly, towards the past (TimestampTests). Integer timestamps are compared in every precision.</item>
/// </list>
/// The default is 10,000 points from a fixed seed plus 2,000 from a fresh seed; <c>HOMEIQ_DIFF_POINTS</c> and
/// <c>HOMEIQ_DIFF_SEED</c> change them. A failure prints the seed and the point's index.
/// </summary>
public class InfluxDbClientDifferentialTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private const int FixedSeed = 20261127;

    // Characters that stress escaping; the emoji is a surrogate pair and stays whole.
    private static readonly string[] NameAlphabet =
        ["a", "b", "c", "x", "Z", "0", "7", " ", ",", "=", "\"", "\\", "_", "-", ".", "#", "'", "é", "ü", "日", "😀", "Å"];
    private static readonly string[] StringAlphabet = [.. NameAlphabet, "\n", "\t", "\r", "\0", "{", "}"];

    [Fact]
    public void SameBytesAsInfluxDBClientForSeededRandomPoints()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("HOMEIQ_DIFF_POINTS"), out var n) ? n : 10_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("HOMEIQ_DIFF_SEED"), out var s) ? s : FixedSeed;
        Run(seed, count);
    }

    [Fact]
    public void SameBytesAsInfluxDBClientForAFreshSeed()
    {
        Run(Random.Shared.Next(), 2_000);
    }

    private void Run(int seed, int count)
    {
        var random = new Random(seed);
        var stats = new Stats();
        for (int index = 0; index < count; index++)
        {
            var point = RandomPoint(random);
            try
            {
                Compare(point, stats);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Differential test failed at point {index} of seed {seed} (rerun with HOMEIQ_DIFF_SEED={seed}).\n{point}\nours:   {stats.Ours}\ntheirs: {stats.Theirs}\n{e.Message}", e);
            }
        }
        log.WriteLine($"seed {seed}, {count} points: {stats}");
        // The comparison must have had real work to do, not only refusals or reordered points.
        Assert.True(stats.ByteIdentical > count / 4, $"seed {seed}: only {stats.ByteIdentical} of {count} points were compared byte for byte ({stats})");
        Assert.True(stats.Refused < count / 4, $"seed {seed}: too many refusals ({stats})");
    }

    private sealed class Stats
    {
        public int ByteIdentical, Reordered, Refused;
        public string? Ours, Theirs;
        public override string ToString() => $"byte-identical {ByteIdentical}, reordered (compared by parts) {Reordered}, refused {Refused}";
    }

    private sealed record Point(string Measurement, List<(string Key, string Value)> Tags, List<(string Key, object Value)> Fields, object? Timestamp, WritePrecision Precision)
    {
        public override string ToString()
        {
            var text = new StringBuilder($"measurement {Show(Measurement)}, precision {Precision}, timestamp {Timestamp switch { DateTime d => d.ToString("O", CultureInfo.InvariantCulture), DateTimeOffset o => o.ToString("O", CultureInfo.InvariantCulture), var t => t?.ToString() ?? "none" }}");
            foreach (var (k, v) in Tags) text.Append(CultureInfo.InvariantCulture, $"\n  tag {Show(k)} = {Show(v)}");
            foreach (var (k, v) in Fields) text.Append(CultureInfo.InvariantCulture, $"\n  field {Show(k)} = ({v.GetType().Name}) {(v is string str ? Show(str) : Convert.ToString(v, CultureInfo.InvariantCulture))}");
            return text.ToString();
        }

        private static string Show(string s) => "\"" + string.Concat(s.Select(c => c < 0x20 ? $"\\u{(int)c:x4}" : c.ToString())) + "\"";
    }

    private static Point RandomPoint(Random r)
    {
        string measurement;
        do measurement = RandomText(r, NameAlphabet, 1, 8); while (measurement.StartsWith('#'));
        var tags = new List<(string, string)>();
        var tagKeys = DistinctKeys(r, r.Next(0, 5));
        foreach (var key in tagKeys) tags.Add((key, r.Next(10) == 0 ? "" : RandomText(r, NameAlphabet, 1, 8)));
        var fields = new List<(string, object)>();
        foreach (var key in DistinctKeys(r, r.Next(1, 6))) fields.Add((key, RandomValue(r)));
        var precision = (WritePrecision)r.Next(4);
        object? timestamp = r.Next(4) switch
        {
            0 => null,
            1 => RandomLong(r, 9223372036854775806 / precision.NanosecondsPerUnit()),
            2 when precision == WritePrecision.Nanoseconds => new DateTime(r.NextInt64(new DateTime(1678, 1, 1).Ticks, new DateTime(2262, 1, 1).Ticks), DateTimeKind.Utc),
            3 when precision == WritePrecision.Nanoseconds => new DateTimeOffset(r.NextInt64(new DateTime(1678, 1, 1).Ticks, new DateTime(2262, 1, 1).Ticks), TimeSpan.FromMinutes(r.Next(-14 * 60, 14 * 60))),
            _ => r.NextInt64(0, 2_000_000_000),
        };
        return new Point(measurement, tags, fields, timestamp, precision);
    }

    // Keys that are distinct for both comparers (a culture comparer may call two different strings equal, and then
    // PointData would keep only one of them).
    private static List<string> DistinctKeys(Random r, int count)
    {
        var keys = new List<string>();
        while (keys.Count < count)
        {
            var key = RandomText(r, NameAlphabet, 1, 6);
            if (key is "time" or "_field" or "_measurement") continue;
            if (keys.Any(k => Comparer<string>.Default.Compare(k, key) == 0 || string.Equals(k, key, StringComparison.Ordinal))) continue;
            keys.Add(key);
        }
        return keys;
    }

    private static string RandomText(Random r, string[] alphabet, int min, int max)
    {
        var text = new StringBuilder();
        int length = r.Next(min, max + 1);
        for (int i = 0; i < length; i++)
        {
            // Backslashes and specials are rarer than letters, so that most points are valid.
            var piece = alphabet[r.Next(3) == 0 ? r.Next(alphabet.Length) : r.Next(5)];
            text.Append(piece);
        }
        return text.ToString();
    }

    private static long RandomLong(Random r, long limit) => r.Next(3) switch
    {
        0 => r.NextInt64(-1000, 1000),
        1 => r.Next(2) == 0 ? limit : -limit,
        _ => r.NextInt64(-limit, limit),
    };

    private static object RandomValue(Random r)
    {
        switch (r.Next(10))
        {
            case 0:
                double d;
                do d = BitConverter.Int64BitsToDouble(r.NextInt64()); while (!double.IsFinite(d));
                return d;
            case 1: return Math.Round(r.NextDouble() * 1000 - 500, r.Next(0, 6));
            case 2: return (float)(r.NextDouble() * Math.Pow(10, r.Next(-40, 39)) * (r.Next(2) == 0 ? 1 : -1));
            case 3: return new decimal(r.Next(), r.Next(), r.Next(), r.Next(2) == 0, (byte)r.Next(29));
            case 4: return r.Next(4) switch { 0 => long.MinValue, 1 => long.MaxValue, _ => r.NextInt64(long.MinValue, long.MaxValue) };
            case 5: return r.Next(int.MinValue, int.MaxValue);
            case 6: return r.Next(3) switch { 0 => ulong.MaxValue, 1 => (object)(uint)r.NextInt64(0, uint.MaxValue), _ => (ulong)r.NextInt64() };
            case 7: return r.Next(2) == 0;
            default: return RandomText(r, StringAlphabet, 0, 20);
        }
    }

    private static void Compare(Point point, Stats stats)
    {
        // Ours, in ordinal key order (what the generated serializers do).
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output, point.Precision);
        string ours;
        stats.Ours = stats.Theirs = null;
        try
        {
            writer.BeginPoint(point.Measurement);
            foreach (var (key, value) in point.Tags.OrderBy(t => t.Key, StringComparer.Ordinal)) writer.WriteTag(key, value);
            foreach (var (key, value) in point.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)) WriteField(ref writer, key, value);
            switch (point.Timestamp)
            {
                case long l: writer.WriteTimestamp(l); break;
                case DateTime d: writer.WriteTimestamp(d); break;
                case DateTimeOffset o: writer.WriteTimestamp(o); break;
            }
            writer.EndPoint();
            ours = Encoding.UTF8.GetString(output.WrittenSpan);
        }
        catch (LineProtocolException e)
        {
            Assert.True(HasUnreadableBackslash(point), $"Refused a point InfluxDB can read: {e.Message}");
            Assert.Contains("backslash", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, output.WrittenCount);
            stats.Refused++;
            return;
        }
        Assert.False(HasUnreadableBackslash(point), "Accepted a point with a backslash InfluxDB misreads: " + ours);
        Assert.EndsWith("\n", ours, StringComparison.Ordinal);
        ours = ours[..^1];

        // Theirs.
        var data = PointData.Measurement(point.Measurement);
        foreach (var (key, value) in point.Tags) data = data.Tag(key, value);
        foreach (var (key, value) in point.Fields)
        {
            data = value switch
            {
                double d => data.Field(key, d),
                float f => data.Field(key, f),
                decimal m => data.Field(key, m),
                long l => data.Field(key, l),
                int i => data.Field(key, (long)i),
                ulong u => data.Field(key, u),
                uint u => data.Field(key, u),
                bool b => data.Field(key, b),
                string s => data.Field(key, s),
                _ => throw new InvalidOperationException(value.GetType().Name),
            };
        }
        var clientPrecision = point.Precision switch
        {
            WritePrecision.Nanoseconds => ClientPrecision.Ns,
            WritePrecision.Microseconds => ClientPrecision.Us,
            WritePrecision.Milliseconds => ClientPrecision.Ms,
            _ => ClientPrecision.S,
        };
        data = point.Timestamp switch
        {
            long l => data.Timestamp(l, clientPrecision),
            DateTime d => data.Timestamp(d, clientPrecision),
            DateTimeOffset o => data.Timestamp(o, clientPrecision),
            _ => data,
        };
        var theirs = data.ToLineProtocol();
        (stats.Ours, stats.Theirs) = (ours, theirs);

        bool sameOrder = point.Tags.Where(t => t.Value.Length > 0).Select(t => t.Key).Order(StringComparer.Ordinal)
                             .SequenceEqual(point.Tags.Where(t => t.Value.Length > 0).Select(t => t.Key).Order(Comparer<string>.Default))
                         && point.Fields.Select(f => f.Key).Order(StringComparer.Ordinal).SequenceEqual(point.Fields.Select(f => f.Key).Order(Comparer<string>.Default));
        if (ours == theirs)
        {
            stats.ByteIdentical++;
            return;
        }

        var a = ParsedLine.Parse(ours);
        var t = ParsedLine.Parse(theirs);
        Assert.Equal(t.Measurement, a.Measurement);
        Assert.Equal(t.Timestamp, a.Timestamp);
        if (sameOrder)
        {
            Assert.Equal(t.Tags, a.Tags);
            Assert.Equal(t.Fields.Select(f => f.Key), a.Fields.Select(f => f.Key));
        }
        else
        {
            stats.Reordered++;
            Assert.Equal(t.Tags.OrderBy(x => x.Key, StringComparer.Ordinal), a.Tags.OrderBy(x => x.Key, StringComparer.Ordinal));
        }
        // Field values must be identical text: InfluxDB.Client 5.1.0 also writes doubles and floats in the shortest
        // round-trip form (later versions switched doubles to "G17", which would need a parse-and-compare here).
        var theirFields = t.Fields.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        Assert.Equal(theirFields.Count, a.Fields.Count);
        foreach (var (key, value) in a.Fields) Assert.Equal(theirFields[key], value);
        Assert.False(sameOrder, $"The lines differ although the key order agrees:\nours:   {ours}\ntheirs: {theirs}");
    }

    private static void WriteField(ref LineProtocolWriter writer, string key, object value)
    {
        switch (value)
        {
            case double d: writer.WriteField(key, d); break;
            case float f: writer.WriteField(key, f); break;
            case decimal m: writer.WriteField(key, m); break;
            case long l: writer.WriteField(key, l); break;
            case int i: writer.WriteField(key, i); break;
            case ulong u: writer.WriteField(key, u); break;
            case uint u: writer.WriteField(key, u); break;
            case bool b: writer.WriteField(key, b); break;
            case string s: writer.WriteField(key, s); break;
            default: throw new InvalidOperationException(value.GetType().Name);
        }
    }

    // The writer's documented refusal rule, restated independently: a backslash at the end, or before ',', '=' or
    // space anywhere, or before '"' in a measurement or key.
    private static bool HasUnreadableBackslash(Point point) =>
        Unreadable(point.Measurement, quoteToo: true)
        || point.Tags.Any(t => t.Value.Length > 0 && (Unreadable(t.Key, quoteToo: true) || Unreadable(t.Value, quoteToo: false))) // a tag with no value is left out, key and all
        || point.Fields.Any(f => Unreadable(f.Key, quoteToo: true));

    private static bool Unreadable(string text, bool quoteToo)
    {
        if (text.EndsWith('\\')) return true;
        for (int i = 0; i + 1 < text.Length; i++)
        {
            if (text[i] != '\\') continue;
            char next = text[i + 1];
            if (next is ',' or '=' or ' ' || (quoteToo && next == '"')) return true;
        }
        return false;
    }
}
