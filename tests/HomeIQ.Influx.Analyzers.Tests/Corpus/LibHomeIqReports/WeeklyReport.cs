using HomeIQ.Influx;
using HomeIQ.Influx.Querying;

namespace Home.Reports;

/// <summary>Builds the weekly climate report; the caller owns the client.</summary>
public sealed class WeeklyReport(InfluxClient client)
{
    public async Task<IReadOnlyDictionary<string, double>> AveragesAsync(IEnumerable<string> rooms, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, double>();
        foreach (var room in rooms)
        {
            var sum = 0.0;
            var n = 0;
            await foreach (var reading in client.QueryClimate().WhereRoom(room).Last(TimeSpan.FromDays(7)).ExecuteAsync(cancellationToken))
            {
                sum += reading.Temperature;
                n++;
            }

            result[room] = n == 0 ? double.NaN : sum / n;
        }

        return result;
    }

    public async Task<long> CountAsync(string room, CancellationToken cancellationToken = default)
    {
        var reader = await client.QueryInfluxQLAsync("SELECT count(temperature) FROM climate WHERE room = " + InfluxQLText.QuoteString(room), cancellationToken: cancellationToken); // expect: HIQ001
        return await reader.ReadAsync(cancellationToken) ? reader.Row.GetInt64(1) : 0;
    }

    public async Task<string> HottestRoomAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var query = "SELECT max(temperature) FROM climate WHERE time > '" + since.ToString("O") + "' GROUP BY room";
        await using var reader = await client.QueryInfluxQLAsync(query, cancellationToken: cancellationToken); // expect: HIQ004
        var best = ("", double.MinValue);
        while (await reader.ReadAsync(cancellationToken))
        {
            var value = reader.Row.GetDouble(1);
            if (value > best.Item2) best = (reader.SeriesName ?? "", value);
        }

        return best.Item1;
    }

    /// <summary>Opens a client for a one-off report; the caller disposes it.</summary>
    public static InfluxClient Connect(Uri url, string database) => new(new InfluxClientOptions { Url = url, Api = InfluxApiVersion.V1, Database = database });
}
