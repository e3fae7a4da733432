using System.Globalization;
using BenchmarkDotNet.Attributes;
using HomeIQ.Influx.Benchmarks.Models;

namespace HomeIQ.Influx.Benchmarks.Doubles;

/// <summary>
/// The doubles alone: the runtime's shortest round-trip formatting (<c>double.TryFormat(utf8, "R", InvariantCulture)</c>,
/// what the hand-written writer and HomeIQ before round two use) against HomeIQ's own formatter
/// (<c>RoundTripFormat</c>, Schubfach), on the doubles of each <see cref="DataSet"/>: per double, the same bytes (checked
/// in setup).
/// </summary>
[MemoryDiagnoser]
public class DoubleFormatBenchmarks
{
    /// <summary>Doubles per invocation: the temperatures and humidities of 512 readings.</summary>
    public const int Values = 1024;

    private double[] _values = null!;
    private readonly byte[] _output = new byte[64];

    /// <summary>The kind of readings the doubles come from.</summary>
    [Params(DataSet.Today, DataSet.FullPrecision, DataSet.Mixed)]
    public DataSet Data { get; set; }

    /// <summary>Builds the doubles and checks that both formatters write the same bytes for each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _values = SampleData.Doubles(Values, Data);
        Span<byte> runtime = stackalloc byte[64];
        Span<byte> ours = stackalloc byte[64];
        foreach (double value in _values)
        {
            value.TryFormat(runtime, out int a, "R", CultureInfo.InvariantCulture);
            int b = RoundTripFormat.Write(value, ours);
            if (!runtime[..a].SequenceEqual(ours[..b]))
                throw new InvalidOperationException($"The formatters disagree on {value.ToString("R", CultureInfo.InvariantCulture)}.");
        }
    }

    /// <summary>The runtime: <c>double.TryFormat</c> into UTF-8 with "R" and the invariant culture.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Values)]
    public int Runtime_R()
    {
        int total = 0;
        Span<byte> output = _output;
        foreach (double value in _values)
        {
            value.TryFormat(output, out int written, "R", CultureInfo.InvariantCulture);
            total += written;
        }
        return total;
    }

    /// <summary>HomeIQ's shortest round-trip formatter (Schubfach), as the line-protocol writer calls it.</summary>
    [Benchmark(OperationsPerInvoke = Values)]
    public int HomeIQ_RoundTripFormat()
    {
        int total = 0;
        Span<byte> output = _output;
        foreach (double value in _values) total += RoundTripFormat.Write(value, output);
        return total;
    }
}
