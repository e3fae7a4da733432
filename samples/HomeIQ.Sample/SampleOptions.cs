using System.Globalization;

namespace HomeIQ.Sample;

/// <summary>The command line: <c>--duration &lt;seconds&gt;</c>, <c>--sensors &lt;n&gt;</c>, <c>--durable-buffer &lt;folder&gt;</c>, <c>--help</c>.</summary>
public sealed record SampleOptions(TimeSpan Duration, int Sensors, bool Help, string? DurableBuffer = null)
{
    /// <summary>The defaults finish in about fifteen seconds, server start and query included.</summary>
    public static readonly SampleOptions Default = new(TimeSpan.FromSeconds(8), 18, false);

    /// <summary>The usage text.</summary>
    public const string Usage =
        "usage: dotnet run --project samples/HomeIQ.Sample [-- --duration <seconds>] [--sensors <n>] [--durable-buffer <folder>]\n" +
        "  --duration <seconds>       how long the sensors run (default 8)\n" +
        "  --sensors <n>              how many sensors, three per room in turn: climate, power, binary (default 18)\n" +
        "  --durable-buffer <folder>  keep every point on disk until the server has it (a subfolder per writer); the\n" +
        "                             progress lines then show points and bytes on disk, the oldest point's age, the replay\n" +
        "Target: INFLUXDB_URL (with INFLUXDB_TOKEN/_USERNAME/_PASSWORD/_DATABASE/_BUCKET/_ORG/_API) when set; otherwise a\n" +
        "private influxd when installed; otherwise a line-protocol spool file.";

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad argument and value.</summary>
    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        var options = Default;
        for (int i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--duration":
                    options = options with { Duration = TimeSpan.FromSeconds(Number(args, ++i, "--duration", 1, 24 * 3600)) };
                    break;
                case "--sensors":
                    options = options with { Sensors = (int)Number(args, ++i, "--sensors", 1, 100_000) };
                    break;
                case "--durable-buffer":
                    if (++i >= args.Count || string.IsNullOrWhiteSpace(args[i])) throw new ArgumentException("--durable-buffer needs a folder.");
                    options = options with { DurableBuffer = args[i] };
                    break;
                case "-h" or "--help" or "-?":
                    options = options with { Help = true };
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        return options;
    }

    private static double Number(IReadOnlyList<string> args, int index, string name, double min, double max)
    {
        if (index >= args.Count) throw new ArgumentException($"{name} needs a value.");
        if (!double.TryParse(args[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new ArgumentException($"{name} must be a number from {min} to {max}, not '{args[index]}'.");
        return value;
    }
}
