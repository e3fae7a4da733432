using System.Globalization;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;

namespace CsvImport;

// Imports a CSV export of the heating controller into InfluxDB 2.x, once, from the command line:
//   csv-import readings.csv --bucket home
internal static class Program
{
    private static readonly string Url = Environment.GetEnvironmentVariable("INFLUXDB_URL") ?? "http://localhost:8086";
    private static readonly string Token = Environment.GetEnvironmentVariable("INFLUXDB_TOKEN") ?? "";
    private const string Org = "home";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: csv-import <file> [--bucket name]");
            return 2;
        }

        var bucket = args.Length > 2 && args[1] == "--bucket" ? args[2] : "home";
        Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] importing {args[0]} into {bucket}");

        if (!await ServerIsUpAsync())
        {
            Console.Error.WriteLine("InfluxDB is not reachable at " + Url);
            return 1;
        }

        await EnsureBucketAsync(bucket);

        using var client = new InfluxDBClient(Url, Token);
        using var writeApi = client.GetWriteApi(new WriteOptions { BatchSize = 5000, FlushInterval = 1000 });
        var count = 0;
        foreach (var line in System.IO.File.ReadLines(args[0]).Skip(1))
        {
            var cells = line.Split(';');
            var time = DateTime.ParseExact(cells[0], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            var point = PointData.Measurement("heating")
                .Tag("circuit", cells[1])
                .Field("flow", double.Parse(cells[2], CultureInfo.InvariantCulture))
                .Field("return", double.Parse(cells[3], CultureInfo.InvariantCulture))
                .Timestamp(time, WritePrecision.S);
            writeApi.WritePoint(point, bucket, Org);
            count++;
        }

        // A marker so the dashboard can show when the last import ran.
        writeApi.WritePoint(PointData.Measurement("import_run").Field("rows", count).Timestamp(DateTime.Now, WritePrecision.S), bucket, Org); // expect: HIQ005

        Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {count} rows written, flushing...");
        await PrintSummaryAsync(bucket);
        return 0;
    }

    // Each helper runs once per invocation of the tool; a short-lived client is fine here.
    private static async Task<bool> ServerIsUpAsync()
    {
        using var client = new InfluxDBClient(Url, Token);
        return await client.PingAsync();
    }

    private static async Task EnsureBucketAsync(string name)
    {
        using var client = new InfluxDBClient(Url, Token);
        var buckets = client.GetBucketsApi();
        if (await buckets.FindBucketByNameAsync(name) is null)
        {
            var org = (await client.GetOrganizationsApi().FindOrganizationsAsync(org: Org)).First();
            await buckets.CreateBucketAsync(name, org.Id);
        }
    }

    private static async Task PrintSummaryAsync(string bucket)
    {
        using var client = new InfluxDBClient(Url, Token);
        var tables = await client.GetQueryApi().QueryAsync("from(bucket: \"" + bucket + "\") |> range(start: -30d) |> count()", Org); // expect: HIQ004
        foreach (var record in tables.SelectMany(t => t.Records))
            Console.WriteLine($"{record.GetField()}: {record.GetValue()}");
    }
}
