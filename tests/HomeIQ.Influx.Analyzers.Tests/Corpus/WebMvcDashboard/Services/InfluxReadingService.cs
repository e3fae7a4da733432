using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Microsoft.Extensions.Options;

namespace Dashboard.Services;

public sealed class InfluxReadingService : IReadingService
{
    private readonly IQueryApi _queries;
    private readonly InfluxSettings _settings;

    public InfluxReadingService(IQueryApi queries, IOptions<InfluxSettings> settings)
    {
        _queries = queries;
        _settings = settings.Value;
    }

    public async Task<IReadOnlyList<RoomReading>> LatestAsync(string measurement, CancellationToken cancellationToken)
    {
        var flux = $"from(bucket: \"{_settings.Bucket}\") |> range(start: -1h) |> filter(fn: (r) => r._measurement == \"{measurement}\") |> last()";
        var tables = await _queries.QueryAsync(flux, _settings.Org, cancellationToken); // expect: HIQ004
        return tables.SelectMany(t => t.Records)
            .Select(r => new RoomReading((string)r.GetValueByKey("room"), Convert.ToDouble(r.GetValue()), r.GetTimeInDateTime() ?? default))
            .ToList();
    }

    public async Task<IReadOnlyList<RoomReading>> HistoryAsync(string room, TimeSpan window, CancellationToken cancellationToken)
    {
        // Safe by construction: the room is compared against a constant list first.
        if (!KnownRooms.Contains(room)) return [];
        var flux = "from(bucket: \"home\") |> range(start: -" + (int)window.TotalMinutes + "m) |> filter(fn: (r) => r.room == \"" + room + "\")";
        var tables = await _queries.QueryAsync(flux, _settings.Org, cancellationToken); // expect: HIQ004
        return tables.SelectMany(t => t.Records).Select(r => new RoomReading(room, Convert.ToDouble(r.GetValue()), r.GetTimeInDateTime() ?? default)).ToList();
    }

    // Writes go to the second server with its own credentials; a client per call.
    public async Task RecordAsync(RoomReading reading, CancellationToken cancellationToken)
    {
        using var client = new InfluxDBClient(_settings.Url, _settings.Token); // expect: HIQ002
        var point = PointData.Measurement("manual").Tag("room", reading.Room).Field("value", reading.Value).Timestamp(reading.Time, WritePrecision.S);
        await client.GetWriteApiAsync().WritePointAsync(point, _settings.Bucket, _settings.Org, cancellationToken);
    }

    private static readonly HashSet<string> KnownRooms = ["kitchen", "living room", "office", "bedroom"];
}
