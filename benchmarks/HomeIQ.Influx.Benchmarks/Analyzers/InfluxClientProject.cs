using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HomeIQ.Influx.Benchmarks.Analyzers;

/// <summary>
/// A project of <see cref="Files"/> files that uses InfluxDB.Client heavily, the way application code does: services
/// with injected and per-call clients, write and query APIs, Flux text from constants and from interpolated values,
/// POCOs with <c>[Measurement]</c>/<c>[Column]</c>, <c>PointData</c> builders, HomeIQ.Influx next to it. Some of it breaks
/// the rules on purpose (a client per call, a write API per call, an undisposed client, values pasted into Flux, local
/// time as a timestamp, a blocking <c>.Result</c> in async code, a batching write API never flushed), so every analyzer
/// finds work, in every file, as they would in a codebase that is being migrated.
/// </summary>
public static class InfluxClientProject
{
    /// <summary>Files in the project.</summary>
    public const int Files = 200;

    /// <summary>The parsed files, one service per file.</summary>
    public static IReadOnlyList<SyntaxTree> Parse(CSharpParseOptions options) =>
        Enumerable.Range(0, Files).Select(i => CSharpSyntaxTree.ParseText(Source(i), options, path: $"Services/Service{i:D3}.cs")).ToArray();

    /// <summary>
    /// The .NET 10 reference assemblies and the real InfluxDB.Client, InfluxDB3.Client and HomeIQ.Influx with the
    /// assemblies they depend on outside the shared framework.
    /// </summary>
    public static IReadOnlyList<MetadataReference> References()
    {
        var framework = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>().ToList();
        var frameworkNames = new HashSet<string>(
            Basic.Reference.Assemblies.Net100.References.All.Select(r => Path.GetFileNameWithoutExtension(r.FilePath ?? "")), StringComparer.OrdinalIgnoreCase);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Assembly>([typeof(InfluxDB.Client.InfluxDBClient).Assembly, typeof(InfluxDB3.Client.InfluxDBClient).Assembly, typeof(InfluxClient).Assembly]);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            var name = assembly.GetName().Name!;
            if (frameworkNames.Contains(name) || !seen.Add(name) || string.IsNullOrEmpty(assembly.Location)) continue;
            framework.Add(MetadataReference.CreateFromFile(assembly.Location));
            foreach (var dependency in assembly.GetReferencedAssemblies())
            {
                if (frameworkNames.Contains(dependency.Name!) || seen.Contains(dependency.Name!)) continue;
                try
                {
                    pending.Push(Assembly.Load(dependency));
                }
                catch (FileNotFoundException)
                {
                    // Not needed by anything the sources use.
                }
            }
        }
        return framework;
    }

    // One service per file; which rule-breaking patterns a file holds depends on its number, so the 200 files differ.
    private static string Source(int i) => string.Create(CultureInfo.InvariantCulture, $$"""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading;
        using System.Threading.Tasks;
        using InfluxDB.Client;
        using InfluxDB.Client.Api.Domain;
        using InfluxDB.Client.Core;
        using InfluxDB.Client.Writes;

        namespace Bench.Services.Area{{i % 10}};

        [Measurement("reading_{{i}}")]
        public sealed class Reading{{i}}
        {
            [Column("room", IsTag = true)] public string Room { get; set; } = "";
            [Column("sensor", IsTag = true)] public string Sensor { get; set; } = "";
            [Column("value")] public double Value { get; set; }
            [Column("battery")] public long Battery { get; set; }
            [Column(IsTimestamp = true)] public DateTime Time { get; set; }
        }

        /// <summary>Reads and writes the readings of area {{i % 10}}, service {{i}}.</summary>
        public sealed class Service{{i}} : IDisposable
        {
            private const string Url = "http://localhost:8086";
            private const string Token = "token-{{i}}";
            private const string Bucket = "home";
            private const string Org = "homeiq";
            private readonly InfluxDBClient _client;
            private readonly Dictionary<string, double> _last = new();

            public Service{{i}}(InfluxDBClient client) => _client = client;

            public async Task WriteAsync(IReadOnlyList<Reading{{i}}> readings, CancellationToken cancellationToken)
            {
                var api = _client.GetWriteApiAsync();
                foreach (var chunk in readings.Chunk(500))
                    await api.WriteMeasurementsAsync(chunk.ToList(), WritePrecision.Ns, Bucket, Org, cancellationToken);
                foreach (var reading in readings) _last[reading.Sensor] = reading.Value;
            }

            public async Task WritePointAsync(string room, double value, CancellationToken cancellationToken)
            {
                var point = PointData.Measurement("reading_{{i}}")
                    .Tag("room", room)
                    .Field("value", value)
                    .Field("battery", {{i}}L)
                    .Timestamp({{(i % 5 == 2 ? "DateTime.Now" : "DateTime.UtcNow")}}, WritePrecision.Ms);
                await _client.GetWriteApiAsync().WritePointAsync(point, Bucket, Org, cancellationToken);
            }

            public void WriteBatched(Reading{{i}} reading)
            {
        {{(i % 3 == 0
            ? "        var writeApi = _client.GetWriteApi();\n                writeApi.WriteMeasurement(reading, WritePrecision.Ns, Bucket, Org);\n                writeApi.Dispose();"
            : "        _client.GetWriteApiAsync().WriteMeasurementAsync(reading, WritePrecision.Ns, Bucket, Org).GetAwaiter().GetResult();")}}
            }

            public async Task<List<Reading{{i}}>> ReadRoomAsync(string room, int hours, CancellationToken cancellationToken)
            {
        {{(i % 6 == 5 ? "        if (!_client.PingAsync().Result) return new List<Reading" + i + ">();" : "")}}
        {{(i % 2 == 0
            ? "        var flux = $\"from(bucket: \\\"home\\\") |> range(start: -{hours}h) |> filter(fn: (r) => r.room == \\\"{room}\\\")\";"
            : "        var flux = \"from(bucket: \\\"home\\\") |> range(start: -1h) |> filter(fn: (r) => r._measurement == \\\"reading_" + i + "\\\")\";")}}
                var rows = await _client.GetQueryApi().QueryAsync<Reading{{i}}>(flux, Org, cancellationToken);
                return rows.Where(r => r.Room == room).OrderBy(r => r.Time).ToList();
            }

            public async Task<double> AverageAsync(string sensor, CancellationToken cancellationToken)
            {
                var tables = await _client.GetQueryApi().QueryAsync(
                    "from(bucket: \"home\") |> range(start: -1d) |> filter(fn: (r) => r._field == \"value\") |> mean()", Org, cancellationToken);
                var values = tables.SelectMany(t => t.Records).Select(r => Convert.ToDouble(r.GetValue())).ToList();
                return values.Count == 0 ? _last.GetValueOrDefault(sensor) : values.Average();
            }

            public static async Task<bool> PingAsync(CancellationToken cancellationToken)
            {
        {{(i % 4 == 1
            ? "        var client = new InfluxDBClient(Url, Token);\n                return await client.PingAsync();"
            : "        using var client = new InfluxDBClient(Url, Token);\n                return await client.PingAsync();")}}
            }

            public async Task<int> CountAsync(string measurement, DateTime since, CancellationToken cancellationToken)
            {
                var query = "from(bucket: \"home\") |> range(start: " + since.ToString("o") + ") |> filter(fn: (r) => r._measurement == \"" + measurement + "\") |> count()";
                var tables = await _client.GetQueryApi().QueryAsync(query, Org, cancellationToken);
                int total = 0;
                foreach (var table in tables)
                    foreach (var record in table.Records)
                        total += Convert.ToInt32(record.GetValue());
                return total;
            }

            public void Backfill(IEnumerable<Reading{{i}}> readings)
            {
        {{(i % 5 == 4
            ? "        var writeApi = new InfluxDBClient(Url, Token).GetWriteApi();\n                writeApi.WriteMeasurements(readings.ToList(), WritePrecision.Ns, Bucket, Org);"
            : "        using var writeApi = _client.GetWriteApi();\n                writeApi.WriteMeasurements(readings.ToList(), WritePrecision.Ns, Bucket, Org);")}}
            }

            public IEnumerable<(string Sensor, double Value)> Latest() =>
                _last.OrderByDescending(p => p.Value).Take({{5 + i % 7}}).Select(p => (p.Key, Math.Round(p.Value * 1.8 + 32, 1)));

            public void Dispose() => _last.Clear();
        }
        """);
}
