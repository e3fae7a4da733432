using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core;
using InfluxDB.Client.Writes;

namespace Home.Climate.Storage;

/// <summary>Stores and reads room climate for the home apps (shared NuGet package).</summary>
public sealed class ClimateRepository
{
    private readonly string _url;
    private readonly string _token;
    private readonly string _org;
    private readonly string _bucket;

    public ClimateRepository(string url, string token, string org, string bucket)
    {
        _url = url;
        _token = token;
        _org = org;
        _bucket = bucket;
    }

    public async Task SaveAsync(ClimateSample sample, CancellationToken cancellationToken = default)
    {
        using var client = new InfluxDBClient(_url, _token); // expect: HIQ002
        await client.GetWriteApiAsync().WriteMeasurementAsync(sample, WritePrecision.S, _bucket, _org, cancellationToken);
    }

    public async Task<List<ClimateSample>> RoomAsync(string room, TimeSpan window, CancellationToken cancellationToken = default)
    {
        using var client = new InfluxDBClient(_url, _token); // expect: HIQ002
        var flux = $@"from(bucket: ""{_bucket}"")
            |> range(start: -{(int)window.TotalSeconds}s)
            |> filter(fn: (r) => r._measurement == ""climate"" and r.room == ""{room}"")
            |> pivot(rowKey: [""_time""], columnKey: [""_field""], valueColumn: ""_value"")";
        return await client.GetQueryApi().QueryAsync<ClimateSample>(flux, _org, cancellationToken); // expect: HIQ004
    }

    public IAsyncEnumerable<ClimateSample> StreamAsync(string flux, CancellationToken cancellationToken = default)
    {
        var client = new InfluxDBClient(_url, _token); // expect: HIQ001, HIQ002
        return client.GetQueryApi().QueryAsyncEnumerable<ClimateSample>(flux, _org, cancellationToken);
    }

    public static InfluxDBClient CreateClient(string url, string token) => new(url, token);
}

[Measurement("climate")]
public sealed class ClimateSample // expect: HIQ008
{
    [Column("room", IsTag = true)] public string? Room { get; set; }
    [Column("temperature")] public double Temperature { get; set; }
    [Column("humidity")] public double Humidity { get; set; }
    [Column(IsTimestamp = true)] public DateTime Time { get; set; }

    public static ClimateSample Now(string room, double temperature, double humidity)
        => new() { Room = room, Temperature = temperature, Humidity = humidity, Time = DateTime.Now }; // expect: HIQ005
}
