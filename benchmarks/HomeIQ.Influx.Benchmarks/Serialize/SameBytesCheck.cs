using System.Text;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Serialize;

/// <summary>
/// Proves that every serializer variant writes byte-for-byte the same line protocol for the sample batch; the suite
/// refuses to run when they differ (comparing speeds of different outputs would be meaningless).
/// </summary>
public static class SameBytesCheck
{
    /// <summary>The variants by name, each writing one point into a buffer.</summary>
    public static IReadOnlyList<(string Name, Action<SensorPoint, SensorReadingPoco, ByteBuffer> Write)> Variants { get; } =
    [
        ("HandWritten", (p, _, b) => HandWrittenSensorSerializer.Write(p, b)),
        ("HomeIQ ILineProtocolPoint", (p, _, b) => ClientSerializers.HomeIQ(p, b)),
        ("InfluxDB.Client PointData", (p, _, b) => ClientSerializers.ClientPointData(p, b)),
        ("InfluxDB.Client POCO mapper", (_, poco, b) => ClientSerializers.ClientPocoMapper(poco, b)),
        ("InfluxDB3.Client PointData", (p, _, b) => ClientSerializers.V3PointData(p, b)),
    ];

    /// <summary>Returns <see langword="null"/> when all variants agree, else a report of the first difference.</summary>
    public static string? Run(int points = SampleData.BatchSize)
    {
        var data = SampleData.Create(points);
        var pocos = Array.ConvertAll(data, SensorReadingPoco.From);
        byte[]? expected = null;
        string? expectedName = null;
        foreach (var (name, write) in Variants)
        {
            var buffer = new ByteBuffer();
            for (int i = 0; i < data.Length; i++) write(data[i], pocos[i], buffer);
            var bytes = buffer.WrittenSpan.ToArray();
            if (expected is null)
            {
                expected = bytes;
                expectedName = name;
                continue;
            }
            if (!bytes.AsSpan().SequenceEqual(expected)) return Describe(expectedName!, expected, name, bytes);
        }
        return null;
    }

    /// <summary>Throws when the variants differ (for [GlobalSetup] in the benchmark processes).</summary>
    public static void EnsureSameBytes()
    {
        var problem = Run();
        if (problem is not null) throw new InvalidOperationException(problem);
    }

    private static string Describe(string nameA, byte[] a, string nameB, byte[] b)
    {
        var linesA = Encoding.UTF8.GetString(a).Split('\n');
        var linesB = Encoding.UTF8.GetString(b).Split('\n');
        for (int i = 0; i < Math.Max(linesA.Length, linesB.Length); i++)
        {
            var la = i < linesA.Length ? linesA[i] : "(missing)";
            var lb = i < linesB.Length ? linesB[i] : "(missing)";
            if (la != lb)
                return $"Serializer variants disagree at line {i + 1}; the benchmarks refuse to run.{Environment.NewLine}" +
                       $"  {nameA}: {la}{Environment.NewLine}  {nameB}: {lb}";
        }
        return $"Serializer variants disagree ({nameA}: {a.Length} bytes, {nameB}: {b.Length} bytes); the benchmarks refuse to run.";
    }
}
