using System.Globalization;
using System.Text;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Serialize;

/// <summary>
/// Proves that every serializer variant writes the same line protocol for a sample batch; the suite refuses to run
/// when they differ (comparing speeds of different outputs would be meaningless).
/// </summary>
/// <remarks>
/// The hand-written writer and HomeIQ must agree byte for byte on every data set. InfluxDB.Client and InfluxDB3.Client
/// format doubles with "G17" instead of the shortest round-trip form, so on the data sets with full-precision doubles
/// (<c>22.22222222222222</c> is <c>22.222222222222221</c> under G17) their lines are compared after each float field is
/// parsed and rewritten: same lines, same values, only the spelling of a double may differ. On
/// <see cref="DataSet.Today"/> all six agree byte for byte (the last is the "after" of <c>MigrationBenchmarks</c>: the
/// serializer generated for the partial <see cref="SensorReadingPoco"/> from InfluxDB.Client's attributes).
/// </remarks>
public static class SameBytesCheck
{
    /// <summary>The variants by name, each writing one point into a buffer, and whether it writes doubles with "G17".</summary>
    public static IReadOnlyList<(string Name, bool G17, Action<SensorPoint, SensorReadingPoco, ByteBuffer> Write)> Variants { get; } =
    [
        ("HandWritten", false, (p, _, b) => HandWrittenSensorSerializer.Write(p, b)),
        ("HomeIQ ILineProtocolPoint", false, (p, _, b) => ClientSerializers.HomeIQ(p, b)),
        ("InfluxDB.Client PointData", true, (p, _, b) => ClientSerializers.ClientPointData(p, b)),
        ("InfluxDB.Client POCO mapper", true, (_, poco, b) => ClientSerializers.ClientPocoMapper(poco, b)),
        ("InfluxDB3.Client PointData", true, (p, _, b) => ClientSerializers.V3PointData(p, b)),
        // The migration (#21): the partial SensorReadingPoco through the serializer generated from InfluxDB.Client's attributes,
        // the "after" of MigrationBenchmarks (its "before" is the POCO mapper row above, on the same instances).
        ("HomeIQ generated from InfluxDB.Client's attributes", false, (_, poco, b) => LineProtocol.Write(b, in poco)),
    ];

    /// <summary>Returns <see langword="null"/> when all variants agree on every data set, else a report of the first difference.</summary>
    public static string? Run(int points = SampleData.BatchSize)
    {
        foreach (var set in Enum.GetValues<DataSet>())
        {
            var problem = Run(points, set);
            if (problem is not null) return problem;
        }
        return null;
    }

    /// <summary>Returns <see langword="null"/> when all variants agree on <paramref name="set"/>, else a report of the first difference.</summary>
    public static string? Run(int points, DataSet set)
    {
        var data = SampleData.Create(points, set);
        var pocos = Array.ConvertAll(data, SensorReadingPoco.From);
        string? expected = null;
        string? expectedName = null;
        foreach (var (name, g17, write) in Variants)
        {
            var buffer = new ByteBuffer();
            for (int i = 0; i < data.Length; i++) write(data[i], pocos[i], buffer);
            string text = Encoding.UTF8.GetString(buffer.WrittenSpan);
            if (expected is null)
            {
                expected = text;
                expectedName = name;
                continue;
            }
            bool exact = !g17 || set == DataSet.Today;
            string mine = exact ? text : RewriteFloats(text);
            string reference = exact ? expected : RewriteFloats(expected);
            if (mine != reference) return Describe(set, expectedName!, reference, name, mine, exact);
        }
        return null;
    }

    /// <summary>Throws when the variants differ (for [GlobalSetup] in the benchmark processes).</summary>
    public static void EnsureSameBytes()
    {
        var problem = Run();
        if (problem is not null) throw new InvalidOperationException(problem);
    }

    // Every float field value parsed and written back with "R"; everything else as it was. Fields are the part between
    // the first unescaped space and the next unquoted one; a float is a bare value that is not a number with i/u, nor a
    // boolean.
    private static string RewriteFloats(string lines)
    {
        var result = new StringBuilder(lines.Length);
        foreach (var line in lines.Split('\n'))
        {
            if (result.Length > 0) result.Append('\n');
            int fieldsStart = EndOfUnescaped(line, 0) + 1;
            result.Append(line, 0, fieldsStart);
            int i = fieldsStart;
            while (i < line.Length && i > 0)
            {
                int equals = line.IndexOf('=', i);
                result.Append(line, i, equals + 1 - i);
                int end = equals + 1;
                if (line[end] == '"')
                {
                    end++;
                    while (line[end] != '"') end += line[end] == '\\' ? 2 : 1;
                    end++;
                    result.Append(line, equals + 1, end - equals - 1);
                }
                else
                {
                    while (end < line.Length && line[end] is not (',' or ' ')) end++;
                    var value = line.AsSpan(equals + 1, end - equals - 1);
                    bool isFloat = value[^1] is not ('i' or 'u') && !value.SequenceEqual("true") && !value.SequenceEqual("false");
                    if (isFloat) result.Append(double.Parse(value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture));
                    else result.Append(value);
                }
                if (end >= line.Length || line[end] == ' ')
                {
                    result.Append(line, end, line.Length - end); // the timestamp
                    break;
                }
                result.Append(',');
                i = end + 1;
            }
        }
        return result.ToString();
    }

    private static int EndOfUnescaped(string line, int start)
    {
        for (int i = start; i < line.Length; i++)
        {
            if (line[i] == '\\') i++;
            else if (line[i] == ' ') return i;
        }
        return line.Length - 1;
    }

    private static string Describe(DataSet set, string nameA, string a, string nameB, string b, bool exact)
    {
        var linesA = a.Split('\n');
        var linesB = b.Split('\n');
        string how = exact ? "" : " (with every float rewritten, since this variant formats doubles with G17)";
        for (int i = 0; i < Math.Max(linesA.Length, linesB.Length); i++)
        {
            var la = i < linesA.Length ? linesA[i] : "(missing)";
            var lb = i < linesB.Length ? linesB[i] : "(missing)";
            if (la != lb)
                return $"Serializer variants disagree on data set {set} at line {i + 1}{how}; the benchmarks refuse to run.{Environment.NewLine}" +
                       $"  {nameA}: {la}{Environment.NewLine}  {nameB}: {lb}";
        }
        return $"Serializer variants disagree on data set {set} ({nameA}: {a.Length} chars, {nameB}: {b.Length} chars); the benchmarks refuse to run.";
    }
}
