using System.Text;
using HomeIQ.Influx.Querying;

namespace HomeIQ.Influx.Query.Tests;

internal static class Rows
{
    public static QueryResultReader InfluxQL(string json, int chunk = int.MaxValue) =>
        QueryResultReader.CreateInfluxQL(new TrickleStream(Encoding.UTF8.GetBytes(json), chunk));

    public static QueryResultReader Flux(string csv, int chunk = int.MaxValue) =>
        QueryResultReader.CreateFluxCsv(new TrickleStream(Encoding.UTF8.GetBytes(csv), chunk));

    /// <summary>Reads every row as column name → text (null for null), so tests can compare whole results.</summary>
    public static async Task<List<Dictionary<string, string?>>> ReadAllAsync(QueryResultReader reader)
    {
        var rows = new List<Dictionary<string, string?>>();
        await using (reader)
        {
            while (await reader.ReadAsync())
                rows.Add(Snapshot(reader.Row));
        }
        return rows;
    }

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source) list.Add(item);
        return list;
    }

    private static Dictionary<string, string?> Snapshot(QueryRow row)
    {
        var values = new Dictionary<string, string?>();
        for (int i = 0; i < row.ColumnCount; i++)
            values[row.GetName(i)] = row.IsNull(i) ? null : Encoding.UTF8.GetString(row.GetRawUtf8(i));
        return values;
    }
}
