using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Writes;
using Microsoft.Extensions.Options;

namespace EnergyAggregator;

/// <summary>Sums the last hour of raw meter readings into the hourly bucket.</summary>
public sealed class HourlyAggregator(IInfluxDBClient client, IOptions<AggregatorOptions> options, ILogger<HourlyAggregator> logger)
{
    private readonly AggregatorOptions _options = options.Value;

    public async Task<int> AggregateAsync(DateTimeOffset hourStart, CancellationToken cancellationToken)
    {
        // Parameters travel in the Query object (InfluxDB Cloud binds them; the bucket names are our own configuration).
        var query = new Query(
            query: "from(bucket: params.source) |> range(start: time(v: params.start), stop: time(v: params.stop)) |> filter(fn: (r) => r._measurement == \"meter\") |> sum()",
            _params: new Dictionary<string, object>
            {
                ["source"] = _options.SourceBucket,
                ["start"] = hourStart.UtcDateTime.ToString("O"),
                ["stop"] = hourStart.AddHours(1).UtcDateTime.ToString("O"),
            });
        var tables = await client.GetQueryApi().QueryAsync(query, _options.Org, cancellationToken);
        var points = tables.SelectMany(t => t.Records)
            .Select(r => PointData.Measurement("meter_hourly")
                .Tag("meter", (string)r.GetValueByKey("meter"))
                .Field("kwh", Convert.ToDouble(r.GetValue()))
                .Timestamp(hourStart, WritePrecision.S))
            .ToList();
        await client.GetWriteApiAsync().WritePointsAsync(points, _options.TargetBucket, _options.Org, cancellationToken);
        logger.LogInformation("aggregated {Count} meters for {Hour:u}", points.Count, hourStart);
        return points.Count;
    }
}
