using HomeIQ.Influx.Testing;

namespace HomeIQ.Influx.Schema.Tests.V1;

/// <summary>client.Schema.DeletePointsAsync on InfluxDB 1.x (DELETE and DROP SERIES), against the real influxd 1.6.7.</summary>
public sealed class DeletePointsTests : IAsyncLifetime
{
    private const string Measurement = "climate \"x\", a\\b 🏠";
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private InfluxServer _server = null!;
    private string _database = null!;
    private InfluxClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await InfluxServer.SharedAsync();
        _database = EnsureDatabaseTests.Unique("delete");
        _client = new InfluxClient(new InfluxClientOptions { Url = _server.Url, Api = InfluxApiVersion.V1, Database = _database });
        await _client.Schema.EnsureDatabaseAsync();
        // Three rooms (one with a quote and a backslash in its name), one point per minute for five minutes.
        var lines = new List<string>();
        foreach (var room in new[] { "kitchen", "bath", "o'brien's \"den\" a\\b" })
        {
            for (int minute = 0; minute < 5; minute++)
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>();
                var writer = new LineProtocolWriter(buffer, WritePrecision.Seconds);
                writer.BeginPoint(Measurement);
                writer.WriteTag("room"u8, room);
                writer.WriteField("t"u8, minute);
                writer.WriteTimestamp(T0.AddMinutes(minute));
                writer.EndPoint();
                lines.Add(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan).TrimEnd('\n'));
            }
        }
        await _server.WriteLineProtocolAsync(_database, string.Join('\n', lines), "s");
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task ATimeRangeAndATagDeleteExactlyThosePointsStartInclusiveStopExclusive()
    {
        await _client.Schema.DeletePointsAsync(new InfluxDeleteRequest
        {
            Measurement = Measurement,
            Tags = new Dictionary<string, string> { ["room"] = "o'brien's \"den\" a\\b" },
            Start = T0.AddMinutes(1),
            Stop = T0.AddMinutes(3),
        });

        Assert.Equal([0, 3, 4], await MinutesAsync("o'brien's \"den\" a\\b"));
        Assert.Equal([0, 1, 2, 3, 4], await MinutesAsync("kitchen"));
        Assert.Equal([0, 1, 2, 3, 4], await MinutesAsync("bath"));
    }

    [Fact]
    public async Task WithoutATimeRangeTheSeriesIsDroppedFromTheIndexToo()
    {
        await _client.Schema.DeletePointsAsync(new InfluxDeleteRequest { Measurement = Measurement, Tags = new Dictionary<string, string> { ["room"] = "kitchen" } });

        Assert.Empty(await MinutesAsync("kitchen"));
        var series = await _server.QueryRowsAsync(_database, "SHOW SERIES");
        Assert.Equal(2, series.Count);
        Assert.DoesNotContain(series, s => s["key"].GetString()!.Contains("room=kitchen", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyAStartDeletesFromThereOn()
    {
        await _client.Schema.DeletePointsAsync(new InfluxDeleteRequest { Measurement = Measurement, Start = T0.AddMinutes(4) });

        Assert.Equal([0, 1, 2, 3], await MinutesAsync("bath"));
        Assert.Equal([0, 1, 2, 3], await MinutesAsync("kitchen"));
    }

    [Fact]
    public async Task ARequestThatWouldDeleteEverythingOrHasAnEmptyRangeIsRefusedBeforeSending()
    {
        var everything = await Assert.ThrowsAsync<ArgumentException>(() => _client.Schema.DeletePointsAsync(new InfluxDeleteRequest { Start = T0 }));
        Assert.Contains("give a Measurement or at least one tag", everything.Message, StringComparison.Ordinal);
        var backwards = await Assert.ThrowsAsync<ArgumentException>(() => _client.Schema.DeletePointsAsync(new InfluxDeleteRequest { Measurement = "m", Start = T0, Stop = T0 }));
        Assert.Contains("must be before Stop", backwards.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => _client.Schema.DeletePointsAsync(new InfluxDeleteRequest { Measurement = "m", Tags = new Dictionary<string, string> { ["room"] = "a\nb" } }));
        await Assert.ThrowsAsync<ArgumentException>(() => _client.Schema.DeletePointsAsync(new InfluxDeleteRequest { Measurement = "m", Tags = new Dictionary<string, string> { ["time"] = "x" } }));
        Assert.Equal([0, 1, 2, 3, 4], await MinutesAsync("kitchen"));
    }

    private async Task<List<long>> MinutesAsync(string room)
    {
        var rows = await _server.QueryRowsAsync(_database,
            $"SELECT t FROM {Querying.InfluxQLText.QuoteIdentifier(Measurement)} WHERE room = {Querying.InfluxQLText.QuoteString(room)}");
        return rows.Select(r => r["t"].GetInt64()).ToList();
    }
}
