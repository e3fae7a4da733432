using HomeIQ.Influx.Testing;
using HomeIQ.Influx.Writer.Tests.TestTypes;
using Microsoft.Extensions.Logging;
using Xunit;

namespace HomeIQ.Influx.Writer.Tests.Infrastructure;

/// <summary>Shared set-up: clients, short-backoff options, fresh databases and the exactly-once checks.</summary>
public static class WriterKit
{
    private static int s_names;

    /// <summary>A fresh database on the shared real server.</summary>
    public static async Task<(InfluxServer Server, string Database)> NewDatabaseAsync(string prefix = "w")
    {
        var server = await InfluxServer.SharedAsync();
        return (server, await server.CreateDatabaseAsync(prefix));
    }

    public static InfluxClient Client(Uri url, string database, ILoggerFactory? loggers = null, string? token = null, bool gzip = false, TimeSpan? timeout = null) =>
        new(new InfluxClientOptions
        {
            Url = url,
            Database = database,
            Api = InfluxApiVersion.V1,
            Token = token,
            Gzip = gzip,
            Timeout = timeout ?? TimeSpan.FromSeconds(5),
        }, loggers);

    /// <summary>Options with short backoffs so fault tests stay quick; a unique writer name isolates metrics.</summary>
    public static WriteOptions FastOptions(string name, Action<WriteFailedEventArgs>? onFailed = null) => new()
    {
        Name = $"{name}-{Interlocked.Increment(ref s_names)}",
        FlushInterval = TimeSpan.FromMilliseconds(100),
        OnWriteFailed = onFailed,
        DisposeTimeout = TimeSpan.FromSeconds(30),
        Resilience = new InfluxResilienceOptions
        {
            MaxRetryAttempts = 100,
            RetryDelay = TimeSpan.FromMilliseconds(20),
            MaxRetryDelay = TimeSpan.FromMilliseconds(250),
            MaxRetryAfter = TimeSpan.FromSeconds(3),
            MaxTotalRetryTime = TimeSpan.FromSeconds(60),
            RequestTimeout = TimeSpan.FromSeconds(5), // generous: the machine is shared and busy
            CircuitBreakerBreakDuration = TimeSpan.FromSeconds(1),
        },
    };

    public static async Task<long> ScalarAsync(InfluxServer server, string database, string influxql)
    {
        var rows = await server.QueryRowsAsync(database, influxql);
        if (rows.Count == 0) return 0;
        var value = rows[0].Where(kv => kv.Key != "time").First().Value;
        return value.ValueKind == System.Text.Json.JsonValueKind.Number ? (long)value.GetDouble() : 0;
    }

    /// <summary>Asserts that readings 0..n-1 are in the database exactly once each: count, distinct count, sum and a sample of rows.</summary>
    public static async Task AssertReadingsExactlyAsync(InfluxServer server, string database, long n, int producers = 8, IEnumerable<long>? expectedSeqs = null)
    {
        var seqs = (expectedSeqs ?? LongRange(0, n)).ToArray();
        Assert.Equal(seqs.Length, await ScalarAsync(server, database, "SELECT COUNT(\"seq\") FROM \"reading\""));
        Assert.Equal(seqs.Length, await ScalarAsync(server, database, "SELECT COUNT(DISTINCT(\"seq\")) FROM \"reading\""));
        Assert.Equal(seqs.Sum(), await ScalarAsync(server, database, "SELECT SUM(\"seq\") FROM \"reading\""));
        var random = new Random(42);
        for (int i = 0; i < 25; i++)
        {
            var seq = seqs[random.Next(seqs.Length)];
            var expected = SensorReading.For(seq, producers);
            var rows = await server.QueryRowsAsync(database, $"SELECT \"seq\", \"value\", \"room\", \"producer\" FROM \"reading\" WHERE time = {expected.TimestampNs}");
            var row = Assert.Single(rows);
            Assert.Equal(expected.Seq, row["seq"].GetInt64());
            Assert.Equal(expected.Value, row["value"].GetDouble());
            Assert.Equal(expected.Room, row["room"].GetString());
            Assert.Equal(expected.Producer.ToString(System.Globalization.CultureInfo.InvariantCulture), row["producer"].GetString());
        }
    }

    public static IEnumerable<long> LongRange(long from, long count)
    {
        for (long i = 0; i < count; i++) yield return from + i;
    }

    /// <summary>Writes readings 0..n-1 from <paramref name="producers"/> concurrent tasks (producer p writes seq p, p+P, ...).</summary>
    public static Task ProduceAsync(IMeasurementWriter<SensorReading> writer, long n, int producers = 8) =>
        Task.WhenAll(Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (long seq = p; seq < n; seq += producers) await writer.WriteAsync(SensorReading.For(seq, producers));
        })));

    /// <summary>The environment knob for big sizes: <c>HOMEIQ_WRITER_SOAK_POINTS</c>, else <paramref name="fallback"/>.</summary>
    public static int SoakPoints(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("HOMEIQ_WRITER_SOAK_POINTS"), out var n) && n > 0 ? n : fallback;
}
