using HomeIQ.Influx;
using HomeIQ.Influx.Querying;

namespace ClimateService.Storage;

/// <summary>Reads and writes room climate through the shared client and writer.</summary>
public sealed class ClimateStore(InfluxClient client, IMeasurementWriter<RoomClimate> writer, ILogger<ClimateStore> logger)
{
    public ValueTask RecordAsync(RoomClimate reading, CancellationToken cancellationToken)
    {
        reading.Time = reading.Time == default ? DateTimeOffset.UtcNow : reading.Time;
        return writer.WriteAsync(reading, cancellationToken);
    }

    public async Task<IReadOnlyList<RoomClimate>> HistoryAsync(string room, TimeSpan window, CancellationToken cancellationToken)
    {
        var readings = new List<RoomClimate>();
        await foreach (var reading in client.QueryRoomClimate().WhereRoom(room).Last(window).OrderByTimeDescending().Limit(1000).ExecuteAsync(cancellationToken))
            readings.Add(reading);
        logger.LogDebug("{Count} readings for {Room}", readings.Count, room);
        return readings;
    }

    public async Task<double?> AverageAsync(string room, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var query = "SELECT mean(temperature) FROM room_climate WHERE room = " + InfluxQLText.QuoteString(room)
            + " AND time >= " + InfluxQLText.FormatTime(from) + " AND time < " + InfluxQLText.FormatTime(to);
        await using var reader = await client.QueryInfluxQLAsync(query, cancellationToken: cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.Row.IsNull(1) ? reader.Row.GetDouble(1) : null;
    }

    public async Task<IReadOnlyList<string>> RoomsAsync(CancellationToken cancellationToken)
    {
        var rooms = new List<string>();
        await using var reader = await client.QueryInfluxQLAsync("SHOW TAG VALUES FROM room_climate WITH KEY = \"room\"", cancellationToken: cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) rooms.Add(reader.Row.GetString(1));
        return rooms;
    }
}
