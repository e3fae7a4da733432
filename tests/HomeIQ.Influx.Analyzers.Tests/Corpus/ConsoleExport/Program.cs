using Export;

// Exports the last week of every measurement to CSV files for the energy advisor.
var outDir = args.Length > 0 ? args[0] : "export";
Directory.CreateDirectory(outDir);
var settings = new ExportSettings(
    Environment.GetEnvironmentVariable("INFLUXDB_URL") ?? "http://localhost:8086",
    Environment.GetEnvironmentVariable("INFLUXDB_TOKEN") ?? "",
    "home",
    "sensors");

var exporter = new Exporter(settings);
var measurements = await exporter.ListMeasurementsAsync();
foreach (var measurement in measurements)
{
    var rows = await exporter.ExportAsync(measurement, Path.Combine(outDir, measurement + ".csv"));
    Console.WriteLine($"{measurement}: {rows} rows");
}

await exporter.WriteSummaryAsync(Path.Combine(outDir, "summary.txt"));
