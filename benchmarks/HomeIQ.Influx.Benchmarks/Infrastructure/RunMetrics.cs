using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace HomeIQ.Influx.Benchmarks.Infrastructure;

/// <summary>
/// Figures a benchmark measures itself, next to BenchmarkDotNet's time and memory: the client's CPU time per point,
/// the server's, the bytes of the rows a query returns. The benchmark process records one value per iteration
/// (<see cref="Record"/>); the host process shows the median per benchmark case in a column (<see cref="Column"/>).
/// They meet in a folder named by <see cref="FolderVariable"/>, which <see cref="Program"/> sets before BenchmarkDotNet
/// starts the benchmark processes (they inherit it). Every value is also printed, so the log shows each iteration's.
/// </summary>
public static class RunMetrics
{
    /// <summary>The environment variable naming the folder the values go to.</summary>
    public const string FolderVariable = "HOMEIQ_BENCH_METRICS";

    /// <summary>The client's (this process's) CPU time per point or row, in nanoseconds.</summary>
    public const string ClientCpu = "ClientCpuNs";

    /// <summary>The server process's CPU time per point or row, in nanoseconds.</summary>
    public const string ServerCpu = "ServerCpuNs";

    /// <summary>The bytes per row that the rows themselves take (the objects and their strings).</summary>
    public const string RowBytes = "RowBytes";

    /// <summary>Creates a fresh folder for this run and publishes it to the benchmark processes.</summary>
    public static void StartRun(string artifactsPath)
    {
        var folder = Path.Combine(Path.GetFullPath(artifactsPath), "metrics", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        Environment.SetEnvironmentVariable(FolderVariable, folder);
    }

    /// <summary>Records one value of <paramref name="metric"/> for the benchmark <paramref name="key"/> (see <see cref="Key(Type, string, string)"/>).</summary>
    public static void Record(string key, string metric, double value)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"// metric {key} {metric} {value:F1}"));
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        if (string.IsNullOrEmpty(folder)) return;
        File.AppendAllText(Path.Combine(folder, $"{Environment.ProcessId}.tsv"),
            string.Create(CultureInfo.InvariantCulture, $"{key}\t{metric}\t{value:R}\n"));
    }

    /// <summary>The key of a benchmark case: class, method and parameters such as <c>Data=Mixed</c>.</summary>
    public static string Key(Type type, string method, string parameters = "") =>
        parameters.Length == 0 ? $"{type.Name}.{method}" : $"{type.Name}.{method}({parameters})";

    /// <summary>A column showing the median recorded value of <paramref name="metric"/>.</summary>
    public static IColumn Column(string metric, string header, string legend) => new MetricColumn(metric, header, legend);

    private static List<double> Values(string key, string metric)
    {
        var values = new List<double>();
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder)) return values;
        foreach (var file in Directory.EnumerateFiles(folder, "*.tsv"))
        {
            foreach (var line in File.ReadAllLines(file))
            {
                var parts = line.Split('\t');
                if (parts.Length == 3 && parts[0] == key && parts[1] == metric)
                    values.Add(double.Parse(parts[2], CultureInfo.InvariantCulture));
            }
        }
        return values;
    }

    private sealed class MetricColumn(string metric, string header, string legend) : IColumn
    {
        public string Id => "HomeIQ." + metric;
        public string ColumnName => header;
        public bool AlwaysShow => false;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => legend;

        public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Values(CaseKey(c), metric).Count > 0);

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var values = Values(CaseKey(benchmarkCase), metric);
            if (values.Count == 0) return "-";
            values.Sort();
            double median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
            return median.ToString(median >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);
        }

        private static string CaseKey(BenchmarkCase benchmarkCase) =>
            Key(benchmarkCase.Descriptor.Type, benchmarkCase.Descriptor.WorkloadMethod.Name,
                string.Join(",", benchmarkCase.Parameters.Items.Select(p => $"{p.Name}={p.Value}")));

        public override string ToString() => ColumnName;
    }
}
