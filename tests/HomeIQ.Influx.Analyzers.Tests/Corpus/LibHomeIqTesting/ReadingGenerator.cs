using HomeIQ.Influx;

namespace Home.Testing;

[Measurement("test_reading")]
public sealed partial class TestReading
{
    [Tag("sensor")] public string? Sensor { get; set; }
    [Field("value")] public double Value { get; set; }
    [Timestamp] public DateTimeOffset Time { get; set; }
}

/// <summary>Generates deterministic readings for integration tests of the home apps.</summary>
public static class ReadingGenerator
{
    public static IEnumerable<TestReading> Sine(string sensor, DateTimeOffset start, TimeSpan step, int count)
    {
        for (var i = 0; i < count; i++)
            yield return new TestReading { Sensor = sensor, Value = Math.Sin(i / 10.0) * 10 + 20, Time = start + step * i };
    }

    /// <summary>Writes the readings through a short-lived writer and waits until the server has them.</summary>
    public static async Task WriteAllAsync(InfluxClient client, IEnumerable<TestReading> readings, CancellationToken cancellationToken = default)
    {
        await using var writer = new TestReadingWriter(client);
        await writer.WriteAsync(readings, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    public static string LineProtocolOf(TestReading reading) => LineProtocol.ToLine(reading);
}
