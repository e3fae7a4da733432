using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ005's fix: the UTC twin of each local-time source; ToUniversalTime() at the timestamp through a local.</summary>
public sealed class LocalTimeAsTimestampCodeFixTests
{
    private const string Models = """

        public sealed class Climate
        {
            [HomeIQ.Influx.Timestamp] public DateTime Time { get; set; }
        }
        """;

    private static Task VerifyAsync(string before, string after, string? batchAfter = null)
        => Verify.CodeFixAsync<LocalTimeAsTimestampAnalyzer, LocalTimeAsTimestampCodeFix>(Sources.Class(before) + Models, Sources.Class(after) + Models, LocalTimeAsTimestampCodeFix.EquivalenceKey,
            batchAfter is null ? null : Sources.Class(batchAfter) + Models);

    [Fact]
    public Task NowBecomesUtcNow() => VerifyAsync("""
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp({|HIQ005:DateTime.Now|}.AddMinutes(-5), WritePrecision.S);
        """, """
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp(DateTime.UtcNow.AddMinutes(-5), WritePrecision.S);
        """);

    [Fact]
    public Task TodayBecomesUtcNowDate() => VerifyAsync("""
            public Climate Run() => new Climate { Time = {|HIQ005:DateTime.Today|} };
        """, """
            public Climate Run() => new Climate { Time = DateTime.UtcNow.Date };
        """);

    [Fact]
    public Task FileTimesBecomeTheirUtcVariants() => VerifyAsync("""
            public Climate One(string path) => new Climate { Time = {|HIQ005:System.IO.File.GetLastWriteTime(path)|} };
            public Climate Two(System.IO.FileInfo file) => new Climate { Time = {|HIQ005:file.LastWriteTime|} };
            public Climate Three(long fileTime) => new Climate { Time = {|HIQ005:DateTime.FromFileTime(fileTime)|} };
        """, """
            public Climate One(string path) => new Climate { Time = System.IO.File.GetLastWriteTimeUtc(path) };
            public Climate Two(System.IO.FileInfo file) => new Climate { Time = file.LastWriteTimeUtc };
            public Climate Three(long fileTime) => new Climate { Time = DateTime.FromFileTimeUtc(fileTime) };
        """);

    [Fact]
    public Task ThroughALocalTheTimestampIsConvertedAndTheLocalKept() => VerifyAsync("""
            public InfluxDB.Client.Writes.PointData Run()
            {
                var now = DateTime.Now;
                Console.WriteLine($"sampled at {now:T}");
                return InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp({|HIQ005:now|}, WritePrecision.S);
            }
        """, """
            public InfluxDB.Client.Writes.PointData Run()
            {
                var now = DateTime.Now;
                Console.WriteLine($"sampled at {now:T}");
                return InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp(now.ToUniversalTime(), WritePrecision.S);
            }
        """);

    [Fact]
    public Task FixAllInADocument() => VerifyAsync("""
            public Climate One() => new Climate { Time = {|HIQ005:DateTime.Now|} };
            public Climate Two(DateTime utc) => new Climate { Time = {|HIQ005:utc.ToLocalTime()|} };
            public InfluxDB3.Client.Write.PointData Three(DateTimeOffset at) => InfluxDB3.Client.Write.PointData.Measurement("m").SetTimestamp({|HIQ005:at.LocalDateTime|});
            public Climate Four() => new Climate { Time = {|HIQ005:DateTimeOffset.Now.DateTime|} };
        """, """
            public Climate One() => new Climate { Time = DateTime.UtcNow };
            public Climate Two(DateTime utc) => new Climate { Time = utc.ToUniversalTime() };
            public InfluxDB3.Client.Write.PointData Three(DateTimeOffset at) => InfluxDB3.Client.Write.PointData.Measurement("m").SetTimestamp(at.UtcDateTime);
            public Climate Four() => new Climate { Time = DateTimeOffset.UtcNow.UtcDateTime };
        """);

    [Fact]
    public Task NoFixForAValueMadeWithDateTimeKindLocal() => VerifyAsync("""
            public Climate Run() => new Climate { Time = {|HIQ005:new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local)|} };
        """, """
            public Climate Run() => new Climate { Time = {|HIQ005:new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local)|} };
        """);
}
