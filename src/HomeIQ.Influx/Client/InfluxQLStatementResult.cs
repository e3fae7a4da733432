using System.Text.Json;

namespace HomeIQ.Influx.Client;

/// <summary>
/// The first statement's result of a small, non-chunked InfluxQL answer (<c>SHOW ...</c>, <c>CREATE ...</c>): its
/// error, which InfluxQL reports inside a 200 answer, or its rows as text (every series, the columns by name). For the
/// probes and schema statements, whose answers are a few rows; query results stream through <c>QueryResultReader</c>.
/// </summary>
internal sealed class InfluxQLStatementResult
{
    private InfluxQLStatementResult(string? error, List<Dictionary<string, string?>> rows)
    {
        Error = error;
        Rows = rows;
    }

    /// <summary>The statement's error (or the answer's top-level error), or <see langword="null"/>.</summary>
    public string? Error { get; }

    /// <summary>Each row as column name to value (numbers and booleans as their JSON text, null as <see langword="null"/>).</summary>
    public IReadOnlyList<Dictionary<string, string?>> Rows { get; }

    /// <summary>The values of <paramref name="column"/> that are not null, in row order.</summary>
    public IEnumerable<string> Column(string column) => Rows.Select(r => r.GetValueOrDefault(column)).OfType<string>();

    public static InfluxQLStatementResult Parse(byte[] body)
    {
        var rows = new List<Dictionary<string, string?>>();
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.TryGetProperty("error", out var top)) return new(top.GetString(), rows);
            if (!root.TryGetProperty("results", out var results) || results.GetArrayLength() == 0) return new(null, rows);
            var result = results[0];
            if (result.TryGetProperty("error", out var error)) return new(error.GetString(), rows);
            if (!result.TryGetProperty("series", out var series)) return new(null, rows);
            foreach (var s in series.EnumerateArray())
            {
                var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString() ?? "").ToArray();
                if (!s.TryGetProperty("values", out var values)) continue;
                foreach (var value in values.EnumerateArray())
                {
                    var row = new Dictionary<string, string?>(StringComparer.Ordinal);
                    int i = 0;
                    foreach (var cell in value.EnumerateArray())
                    {
                        if (i < columns.Length) row[columns[i]] = cell.ValueKind switch
                        {
                            JsonValueKind.String => cell.GetString(),
                            JsonValueKind.Null => null,
                            _ => cell.GetRawText(),
                        };
                        i++;
                    }
                    rows.Add(row);
                }
            }
            return new(null, rows);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return new("the answer was not the JSON InfluxQL returns", []);
        }
    }
}
