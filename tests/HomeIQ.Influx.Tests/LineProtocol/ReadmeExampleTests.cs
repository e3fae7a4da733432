using System.Buffers;
using System.Text;

namespace HomeIQ.Influx.Tests.LineProtocol;

/// <summary>Keeps the README's first example honest: the same calls give the line it shows.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void TheREADMEExampleWritesTheLineItShows()
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new LineProtocolWriter(output, WritePrecision.Milliseconds);
        writer.BeginPoint("sensor"u8);
        writer.WriteTag("room"u8, "living room");
        writer.WriteField("temperature"u8, 21.5);
        writer.WriteField("battery"u8, 87);
        writer.WriteTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(1764230400000)); // README: DateTimeOffset.UtcNow
        writer.EndPoint();
        Assert.Equal("sensor,room=living\\ room temperature=21.5,battery=87i 1764230400000\n", Encoding.UTF8.GetString(output.WrittenSpan));

        var readme = File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md"));
        Assert.Contains("// sensor,room=living\\ room temperature=21.5,battery=87i 1764230400000", readme, StringComparison.Ordinal);
    }

    private sealed record Reading(string Room, double Temperature) : ILineProtocolPoint<Reading>
    {
        public static string MeasurementName => "reading";

        public static void WriteLineProtocol(ref LineProtocolWriter writer, in Reading point)
        {
            writer.BeginPoint("reading"u8);
            writer.WriteTag("room"u8, point.Room);
            writer.WriteField("temperature"u8, point.Temperature);
            writer.EndPoint();
        }
    }

    [Fact]
    public void LineProtocolWriteAndToLineUseThePointType()
    {
        var output = new ArrayBufferWriter<byte>();
        HomeIQ.Influx.LineProtocol.Write(output, new Reading("a b", 1.5));
        HomeIQ.Influx.LineProtocol.Write(output, new Reading("c", 2));
        Assert.Equal("reading,room=a\\ b temperature=1.5\nreading,room=c temperature=2\n", Encoding.UTF8.GetString(output.WrittenSpan));
        Assert.Equal("reading,room=a\\ b temperature=1.5", HomeIQ.Influx.LineProtocol.ToLine(new Reading("a b", 1.5)));
        Assert.Throws<LineProtocolException>(() => HomeIQ.Influx.LineProtocol.ToLine(new Reading("x", double.NaN)));
        Assert.Equal("reading,room=d temperature=3", HomeIQ.Influx.LineProtocol.ToLine(new Reading("d", 3)));
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HomeIQ.Influx.Generators.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (HomeIQ.Influx.Generators.sln) above " + AppContext.BaseDirectory);
    }
}
