using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HomeIQ.Influx.Testing;
using Xunit;

namespace HomeIQ.Influx.Reliability.Tests.Infrastructure;

/// <summary>Shared set-up: sizes from environment knobs, dead endpoints, and exact checks of stored <see cref="CrashPoint"/>s.</summary>
public static class ReliabilityKit
{
    /// <summary>An integer environment knob, else <paramref name="fallback"/>.</summary>
    public static int Knob(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    /// <summary>The seed: <paramref name="knob"/> when set, else a fresh one (printed by the tests so a failure can be replayed).</summary>
    public static int Seed(string knob) => Knob(knob, Random.Shared.Next(1, int.MaxValue));

    /// <summary>A loopback URL where nothing listens (connection refused).</summary>
    public static Uri DeadUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    public static string TempFolder(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"homeiq-{prefix}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static async Task<long> ScalarAsync(InfluxServer server, string database, string influxql)
    {
        var rows = await server.QueryRowsAsync(database, influxql);
        if (rows.Count == 0) return 0;
        var value = rows[0].Where(kv => kv.Key != "time").First().Value;
        return value.ValueKind == System.Text.Json.JsonValueKind.Number ? (long)value.GetDouble() : 0;
    }

    /// <summary>
    /// Asserts that run <paramref name="run"/> holds exactly the points 0..n-1, each once and exactly as written (every row
    /// is read back and compared: time, seq, value, label), and nothing else.
    /// </summary>
    public static async Task AssertExactlyAsync(InfluxServer server, string database, string run, long n, string context)
    {
        var where = $"WHERE \"run\" = '{run}'";
        Assert.True(n == await ScalarAsync(server, database, $"SELECT COUNT(\"seq\") FROM \"crash\" {where}"), $"{context}: count of stored points");
        Assert.True(n == await ScalarAsync(server, database, $"SELECT COUNT(DISTINCT(\"seq\")) FROM \"crash\" {where}"), $"{context}: distinct seq");
        const long page = 10_000;
        for (long from = 0; from < n; from += page)
        {
            long to = Math.Min(n, from + page);
            var lo = new CrashPoint(run, from).TimestampNs;
            var hi = new CrashPoint(run, to).TimestampNs;
            var rows = await server.QueryRowsAsync(database, $"SELECT \"seq\", \"value\", \"label\" FROM \"crash\" {where} AND time >= {lo} AND time < {hi}");
            Assert.True(to - from == rows.Count, $"{context}: rows {from}..{to - 1}: {rows.Count}");
            long expected = from;
            foreach (var row in rows)
            {
                var point = new CrashPoint(run, expected++);
                Assert.Equal(point.TimestampNs, row["time"].GetInt64());
                Assert.Equal(point.Seq, row["seq"].GetInt64());
                Assert.Equal(point.Value, row["value"].GetDouble());
                Assert.Equal(point.Label, row["label"].GetString());
            }
        }
    }
}
