using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Flux.Domain;
using InfluxDB.Client.Writes;

namespace Home.Influx.Extensions;

public static class ClientExtensions
{
    public static async Task<bool> IsHealthyAsync(this IInfluxDBClient client)
    {
        try
        {
            return (await client.HealthAsync()).Status == HealthCheck.StatusEnum.Pass;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public static Task<List<FluxTable>> LastAsync(this IQueryApi queries, string bucket, string measurement, string org, CancellationToken cancellationToken = default)
        => queries.QueryAsync($"from(bucket: \"{bucket}\") |> range(start: -1h) |> filter(fn: (r) => r._measurement == \"{measurement}\") |> last()", org, cancellationToken); // expect: HIQ004

    public static List<FluxTable> LastSync(this IQueryApiSync queries, string bucket, string org)
        => queries.QuerySync("from(bucket: \"" + bucket + "\") |> range(start: -1h) |> last()", org); // expect: HIQ004

    public static void WriteNow(this IWriteApi writes, string measurement, string field, double value, HomeInfluxOptions options)
        => writes.WritePoint(PointData.Measurement(measurement).Field(field, value).Timestamp(DateTime.UtcNow, WritePrecision.Ms), options.Bucket, options.Org);

    public static PointData Stamped(this PointData point, DateTime localTime)
        => point.Timestamp(localTime.ToUniversalTime(), WritePrecision.Ms);
}
