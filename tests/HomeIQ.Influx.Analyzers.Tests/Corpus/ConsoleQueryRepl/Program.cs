using HomeIQ.Influx;
using HomeIQ.Influx.Querying;

// An interactive InfluxQL shell for the HomeIQ database: type a query, see the rows.
var url = new Uri(args.Length > 0 ? args[0] : "http://localhost:8086");
Console.WriteLine($"connected to {url}; type a query, or 'exit'");
while (Console.ReadLine() is { } line && line != "exit")
{
    if (line.StartsWith("measurements", StringComparison.OrdinalIgnoreCase))
    {
        await Shell.ShowMeasurementsAsync(url);
        continue;
    }

    await Shell.RunAsync(url, line);
}

static class Shell
{
    public static async Task RunAsync(Uri url, string query)
    {
        await using var client = new InfluxClient(new InfluxClientOptions { Url = url, Api = InfluxApiVersion.V1, Database = "home" }); // expect: HIQ002
        try
        {
            await using var reader = await client.QueryInfluxQLAsync(query);
            await PrintAsync(reader);
        }
        catch (InfluxQueryException e)
        {
            Console.WriteLine("error: " + e.ServerMessage);
        }
    }

    public static async Task ShowMeasurementsAsync(Uri url)
    {
        await using var client = new InfluxClient(new InfluxClientOptions { Url = url, Api = InfluxApiVersion.V1, Database = "home" }); // expect: HIQ002
        var reader = await client.QueryInfluxQLAsync("SHOW MEASUREMENTS"); // expect: HIQ001
        await PrintAsync(reader);
    }

    private static async Task PrintAsync(QueryResultReader reader)
    {
        while (await reader.ReadAsync())
        {
            var cells = new string[reader.ColumnCount];
            for (var i = 0; i < cells.Length; i++) cells[i] = Cell(reader, i);
            Console.WriteLine(string.Join('\t', cells));
        }
    }

    private static string Cell(QueryResultReader reader, int ordinal)
    {
        var row = reader.Row;
        return row.IsNull(ordinal) ? "" : System.Text.Encoding.UTF8.GetString(row.GetRawUtf8(ordinal));
    }
}
