using HomeIQ.Influx;
using HomeIQ.Influx.Querying;

namespace AdminTool;

internal static class Commands
{
    public static async Task<int> PingAsync(InfluxClientOptions options)
    {
        await using var client = new InfluxClient(options);
        Console.WriteLine(await client.PingAsync() ?? "no answer");
        return 0;
    }

    public static async Task<int> ListDatabasesAsync(InfluxClientOptions options)
    {
        await using var client = new InfluxClient(options);
        await using var reader = await client.QueryInfluxQLAsync("SHOW DATABASES");
        while (await reader.ReadAsync()) Console.WriteLine(Name(reader));
        return 0;
    }

    public static async Task<int> CreateDatabaseAsync(InfluxClientOptions options, string name)
    {
        await using var client = new InfluxClient(options);
        await using var reader = await client.QueryInfluxQLAsync("CREATE DATABASE " + InfluxQLText.QuoteIdentifier(name));
        return 0;
    }

    public static async Task<int> DropMeasurementAsync(InfluxClientOptions options, string measurement)
    {
        await using var client = new InfluxClient(options);
        await using var reader = await client.QueryInfluxQLAsync($"DROP MEASUREMENT \"{measurement}\""); // expect: HIQ004
        return 0;
    }

    public static async Task<int> ShowRetentionAsync(InfluxClientOptions options)
    {
        var client = new InfluxClient(options); // expect: HIQ001
        await using var reader = await client.QueryInfluxQLAsync("SHOW RETENTION POLICIES");
        while (await reader.ReadAsync()) Console.WriteLine(Name(reader));
        return 0;
    }

    private static string Name(QueryResultReader reader) => reader.Row.GetString(0);
}
