using System.Text.RegularExpressions;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

// Ships the router's syslog counters to InfluxDB every run (started by a systemd timer).
var client = new InfluxDBClient(Environment.GetEnvironmentVariable("INFLUXDB_URL") ?? "http://localhost:8086", // expect: HIQ001
    Environment.GetEnvironmentVariable("INFLUXDB_TOKEN") ?? "");
var writeApi = client.GetWriteApi(); // expect: HIQ007
var pattern = new Regex(@"^(?<time>\S+) (?<host>\S+) (?<facility>\w+): (?<message>.*)$");
var counts = new Dictionary<(string Host, string Facility), int>();
foreach (var line in System.IO.File.ReadLines("/var/log/router.log"))
{
    var match = pattern.Match(line);
    if (!match.Success) continue;
    var key = (match.Groups["host"].Value, match.Groups["facility"].Value);
    counts[key] = counts.GetValueOrDefault(key) + 1;
}

foreach (var ((host, facility), count) in counts)
{
    writeApi.WritePoint(PointData.Measurement("syslog").Tag("host", host).Tag("facility", facility).Field("lines", count)
        .Timestamp(DateTime.UtcNow, WritePrecision.S), "network", "home");
}

Console.WriteLine($"shipped {counts.Count} counters");
