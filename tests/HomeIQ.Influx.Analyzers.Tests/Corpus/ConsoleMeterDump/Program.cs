using HomeIQ.Influx;

namespace MeterDump;

[Measurement("meter_dump")]
public sealed partial class MeterSample
{
    [Tag("channel")] public string? Channel { get; set; }
    [Field("value")] public double Value { get; set; }
    [Timestamp] public DateTime Time { get; set; }
}

// Dumps the meter's ring buffer (one file per channel) into InfluxDB 1.x once.
public static class Program
{
    private static readonly InfluxClient Client = new(InfluxClientOptions.FromEnvironment());

    public static async Task Main(string[] args)
    {
        var writer = Client.CreateWriter<MeterSample>(); // expect: HIQ001
        foreach (var file in Directory.GetFiles(args.Length > 0 ? args[0] : "/var/lib/meter", "*.csv"))
        {
            var channel = Path.GetFileNameWithoutExtension(file);
            foreach (var line in await File.ReadAllLinesAsync(file))
            {
                var cells = line.Split(',');
                await writer.WriteAsync(new MeterSample
                {
                    Channel = channel,
                    Value = double.Parse(cells[1], System.Globalization.CultureInfo.InvariantCulture),
                    Time = File.GetLastWriteTime(file), // expect: HIQ005
                });
            }
        }

        await writer.FlushAsync();
        Console.WriteLine("done");
    }
}
