using HomeIQ.Influx;
using InfluxDB.Client;

// A probe run by cron every five minutes: checks the three stores the house uses and exits non-zero when one is down.
//   influx-probe --v2 http://nas:8086 --v3 http://nas:8181 --homeiq http://pi:8086
var settings = ProbeSettings.Parse(args);
var failures = 0;

failures += await CheckV2Async(settings) ? 0 : 1;
failures += await CheckV3Async(settings) ? 0 : 1;
failures += await CheckHomeIqAsync(settings) ? 0 : 1;
failures += CheckBucketsExist(settings) ? 0 : 1;
failures += await CheckQueryLatencyAsync(settings) ? 0 : 1;

Console.WriteLine(failures == 0 ? "all stores up" : $"{failures} store(s) down");
return failures == 0 ? 0 : 1;

static async Task<bool> CheckV2Async(ProbeSettings settings)
{
    using var client = new InfluxDBClient(settings.V2Url, settings.Token);
    var health = await client.HealthAsync();
    Console.WriteLine($"v2: {health.Status} {health.Version}");
    return health.Status == InfluxDB.Client.Api.Domain.HealthCheck.StatusEnum.Pass;
}

static async Task<bool> CheckV3Async(ProbeSettings settings)
{
    using var client = new InfluxDB3.Client.InfluxDBClient(settings.V3Url, settings.Token, database: "home");
    try
    {
        var version = await client.GetServerVersion();
        Console.WriteLine($"v3: {version}");
        return true;
    }
    catch (Exception e)
    {
        Console.WriteLine($"v3: {e.Message}");
        return false;
    }
}

static async Task<bool> CheckHomeIqAsync(ProbeSettings settings)
{
    var client = new InfluxClient(new InfluxClientOptions { Url = new Uri(settings.HomeIqUrl), Api = InfluxApiVersion.V1, Database = "home" }); // expect: HIQ001
    var version = await client.PingAsync();
    Console.WriteLine($"homeiq: {version ?? "no version header"}");
    return version is not null;
}

static bool CheckBucketsExist(ProbeSettings settings)
{
    using var client = new InfluxDBClient(settings.V2Url, settings.Token);
    var bucket = client.GetBucketsApi().FindBucketByNameAsync("home").Result;
    return bucket is not null;
}

static async Task<bool> CheckQueryLatencyAsync(ProbeSettings settings)
{
    using var client = new InfluxDBClient(settings.V2Url, settings.Token);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var tables = client.GetQueryApi().QueryAsync("from(bucket: \"home\") |> range(start: -5m) |> limit(n: 1)", "home").Result; // expect: HIQ006
    Console.WriteLine($"query: {tables.Count} tables in {watch.ElapsedMilliseconds} ms");
    await Task.CompletedTask;
    return watch.ElapsedMilliseconds < 2000;
}

sealed record ProbeSettings(string V2Url, string V3Url, string HomeIqUrl, string Token)
{
    public static ProbeSettings Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new ProbeSettings(Get("--v2", "http://localhost:8086"), Get("--v3", "http://localhost:8181"), Get("--homeiq", "http://localhost:8086"),
            Environment.GetEnvironmentVariable("INFLUXDB_TOKEN") ?? "");
    }
}
