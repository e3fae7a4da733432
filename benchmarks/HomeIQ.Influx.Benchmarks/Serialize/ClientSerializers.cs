using System.Text;
using HomeIQ.Influx.Benchmarks.Infrastructure;
using HomeIQ.Influx.Benchmarks.Models;
using ClientPoint = InfluxDB.Client.Writes.PointData;
using ClientPrecision = InfluxDB.Client.Api.Domain.WritePrecision;
using IDomainObjectMapper = InfluxDB.Client.IDomainObjectMapper;
using V3Point = InfluxDB3.Client.Write.PointData;

namespace HomeIQ.Influx.Benchmarks.Serialize;

/// <summary>
/// Each serializer variant as one call that appends one line (with <c>\n</c>) to a <see cref="ByteBuffer"/>.
/// The client libraries produce a <see cref="string"/>; it is UTF-8 encoded into the buffer (no allocation) so that every
/// variant ends with the same bytes, which is also the work their write APIs do before sending.
/// </summary>
public static class ClientSerializers
{
    /// <summary>
    /// InfluxDB.Client's default domain-object mapper: what <c>WriteApi.WriteMeasurement</c> and
    /// <c>WriteApiAsync.WriteMeasurementsAsync</c> call per POCO (<c>IDomainObjectMapper.ConvertToPointData</c>, which runs
    /// the internal reflection-based <c>MeasurementMapper</c>). The class <c>InfluxDB.Client.Internal.DefaultDomainObjectMapper</c>
    /// is internal, so it is created once by reflection; every call after that is an ordinary interface call.
    /// </summary>
    public static readonly IDomainObjectMapper PocoMapper = CreateDefaultMapper();

    /// <summary>HomeIQ: <see cref="ILineProtocolPoint{TSelf}"/> through <see cref="LineProtocol.Write{T}"/> (the generated serializer).</summary>
    public static void HomeIQ(SensorPoint point, ByteBuffer output) => LineProtocol.Write(output, in point);

    /// <summary>InfluxDB.Client 5.1.0: the immutable <c>PointData</c> builder, then <c>ToLineProtocol()</c>.</summary>
    public static void ClientPointData(SensorPoint point, ByteBuffer output) =>
        Append(ClientPoint.Measurement("sensor")
            .Tag("home", point.Home)
            .Tag("room", point.Room)
            .Tag("sensor_id", point.SensorId)
            .Field("temperature", point.Temperature)
            .Field("humidity", point.Humidity)
            .Field("battery", point.Battery)
            .Field("status", point.Status)
            .Timestamp(point.Time, ClientPrecision.Ns)
            .ToLineProtocol(), output);

    /// <summary>InfluxDB.Client 5.1.0: the POCO mapper (<c>[Measurement]</c>/<c>[Column]</c>), then <c>ToLineProtocol()</c>.</summary>
    public static void ClientPocoMapper<T>(T poco, ByteBuffer output) =>
        Append(PocoMapper.ConvertToPointData(poco, ClientPrecision.Ns).ToLineProtocol(), output);

    /// <summary>InfluxDB3.Client 1.10.0: the mutable <c>PointData</c>, then <c>ToLineProtocol()</c> (nanoseconds).</summary>
    public static void V3PointData(SensorPoint point, ByteBuffer output) =>
        Append(V3Point.Measurement("sensor")
            .SetTag("home", point.Home)
            .SetTag("room", point.Room)
            .SetTag("sensor_id", point.SensorId)
            .SetField("temperature", point.Temperature)
            .SetField("humidity", point.Humidity)
            .SetField("battery", point.Battery)
            .SetField("status", point.Status)
            .SetTimestamp(point.Time)
            .ToLineProtocol(), output);

    private static void Append(string line, ByteBuffer output)
    {
        var span = output.Reserve(Encoding.UTF8.GetMaxByteCount(line.Length) + 1);
        int written = Encoding.UTF8.GetBytes(line, span);
        span[written] = (byte)'\n';
        output.Advance(written + 1);
    }

    private static IDomainObjectMapper CreateDefaultMapper()
    {
        const string name = "InfluxDB.Client.Internal.DefaultDomainObjectMapper";
        var type = typeof(InfluxDB.Client.InfluxDBClient).Assembly.GetType(name, throwOnError: false)
            ?? throw new InvalidOperationException($"{name} was not found in InfluxDB.Client; the POCO mapper benchmark needs InfluxDB.Client 5.1.0.");
        return (IDomainObjectMapper)Activator.CreateInstance(type, nonPublic: true)!;
    }
}
