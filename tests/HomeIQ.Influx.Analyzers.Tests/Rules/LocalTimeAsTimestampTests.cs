using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>HIQ005: local time becomes a point's timestamp (InfluxDB.Client, InfluxDB3.Client, [Timestamp] members).</summary>
public sealed class LocalTimeAsTimestampTests
{
    // Models with timestamp members: this project's [Timestamp] and InfluxDB.Client's [Column(IsTimestamp = true)].
    internal const string Models = """

        public sealed class Climate
        {
            [HomeIQ.Influx.Timestamp] public DateTime Time { get; set; }
            [HomeIQ.Influx.Timestamp] public DateTime? Optional;
            public DateTime Created { get; set; }
        }

        public sealed class ClimateOffset
        {
            [HomeIQ.Influx.Timestamp] public DateTimeOffset Time { get; set; }
        }

        public sealed class Legacy
        {
            [InfluxDB.Client.Core.Column(IsTimestamp = true)] public DateTime Time { get; set; }
            [InfluxDB.Client.Core.Column("seen")] public DateTime Seen { get; set; }
        }
        """;

    public static TheoryData<string, string> Flagged => new()
    {
        { "DateTime.Now into PointData.Timestamp", """
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp({|HIQ005:DateTime.Now|}, WritePrecision.S);
        """ },
        { "DateTime.Now into PointData.Builder.Timestamp", """
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Builder.Measurement("m").Field("v", 1.0).Timestamp({|HIQ005:DateTime.Now|}, WritePrecision.S).ToPointData();
        """ },
        { "DateTime.Today", """
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp({|HIQ005:DateTime.Today|}, WritePrecision.S);
        """ },
        { "arithmetic on DateTime.Now", """
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp({|HIQ005:DateTime.Now|}.AddMinutes(-5).Date, WritePrecision.S);
        """ },
        { "through a local", """
            public InfluxDB.Client.Writes.PointData Run()
            {
                var now = DateTime.Now;
                return InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp({|HIQ005:now|}, WritePrecision.S);
            }
        """ },
        { "InfluxDB3 PointData.SetTimestamp", """
            public InfluxDB3.Client.Write.PointData Run()
                => InfluxDB3.Client.Write.PointData.Measurement("m").SetField("v", 1.0).SetTimestamp({|HIQ005:DateTime.Now|});
        """ },
        { "InfluxDB3 PointDataValues.SetTimestamp", """
            public InfluxDB3.Client.Write.PointDataValues Run()
                => new InfluxDB3.Client.Write.PointDataValues().SetTimestamp({|HIQ005:DateTime.Today|});
        """ },
        { "[Timestamp] member in an object initializer", """
            public Climate Run() => new Climate { Time = {|HIQ005:DateTime.Now|} };
        """ },
        { "[Timestamp] member assigned", """
            public void Run(Climate climate) { climate.Time = {|HIQ005:DateTime.Now|}; }
        """ },
        { "nullable [Timestamp] field", """
            public void Run(Climate climate) { climate.Optional = {|HIQ005:DateTime.Now|}; }
        """ },
        { "InfluxDB.Client [Column(IsTimestamp = true)] member", """
            public Legacy Run() => new Legacy { Time = {|HIQ005:DateTime.Now|} };
        """ },
        { "ToLocalTime()", """
            public Climate Run(DateTime utc) => new Climate { Time = {|HIQ005:utc.ToLocalTime()|} };
        """ },
        { "a file's local write time", """
            public Climate Run(string path) => new Climate { Time = {|HIQ005:System.IO.File.GetLastWriteTime(path)|} };
        """ },
        { "FileInfo.LastWriteTime", """
            public Climate Run(System.IO.FileInfo file) => new Climate { Time = {|HIQ005:file.LastWriteTime|} };
        """ },
        { "the fallback of ??", """
            public InfluxDB.Client.Writes.PointData Run(DateTime? sentAt)
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp(sentAt ?? {|HIQ005:DateTime.Now|}, WritePrecision.Ms);
        """ },
        { "DateTimeOffset.Now.DateTime (local wall clock, kind Unspecified)", """
            public Climate Run() => new Climate { Time = {|HIQ005:DateTimeOffset.Now.DateTime|} };
        """ },
        { "DateTimeKind.Local constructed", """
            public Climate Run() => new Climate { Time = {|HIQ005:new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local)|} };
        """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { "DateTime.UtcNow", """
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp(DateTime.UtcNow, WritePrecision.S);
        """ },
        { "DateTimeOffset.Now into the DateTimeOffset overload (an exact instant)", """
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp(DateTimeOffset.Now, WritePrecision.S);
        """ },
        { "DateTime.Now into a DateTimeOffset [Timestamp] (converted with its offset)", """
            public ClimateOffset Run() => new ClimateOffset { Time = DateTime.Now };
        """ },
        { "DateTime.Now in a log line", """
            public void Run() => Console.WriteLine($"started at {DateTime.Now:T}");
        """ },
        { "DateTime.Now into a member that is not the timestamp", """
            public Climate Run() => new Climate { Created = DateTime.Now, Time = DateTime.UtcNow };
        """ },
        { "a column that is not the timestamp", """
            public Legacy Run() => new Legacy { Seen = DateTime.Now, Time = DateTime.UtcNow };
        """ },
        { "a local that may hold UTC (not guessed)", """
            public InfluxDB.Client.Writes.PointData Run(bool utc)
            {
                var time = DateTime.Now;
                if (utc) time = DateTime.UtcNow;
                return InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp(time, WritePrecision.S);
            }
        """ },
        { "ToUniversalTime()", """
            public Climate Run(DateTime local) => new Climate { Time = local.ToUniversalTime() };
        """ },
        { "a file's UTC write time", """
            public Climate Run(string path) => new Climate { Time = System.IO.File.GetLastWriteTimeUtc(path) };
        """ },
        { "DateTimeKind.Utc constructed", """
            public Climate Run() => new Climate { Time = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) };
        """ },
        { "a Unix timestamp", """
            public InfluxDB.Client.Writes.PointData Run()
                => InfluxDB.Client.Writes.PointData.Measurement("m").Field("v", 1.0).Timestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), WritePrecision.S);
        """ },
        { "SpecifyKind to UTC", """
            public Climate Run(DateTime value) => new Climate { Time = DateTime.SpecifyKind(value, DateTimeKind.Utc) };
        """ },
        { "a parameter of unknown kind", """
            public Climate Run(DateTime at) => new Climate { Time = at };
        """ },
        { "a Timestamp method of another type", """
            private sealed class Other { public void Timestamp(DateTime time, int unit) { } }
            public void Run() => new Other().Timestamp(DateTime.Now, 0);
        """ },
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Reports(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<LocalTimeAsTimestampAnalyzer>(Sources.Class(members) + Models);
    }

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task DoesNotReport(string name, string members)
    {
        Assert.NotEmpty(name);
        return Verify.AnalyzerAsync<LocalTimeAsTimestampAnalyzer>(Sources.Class(members) + Models);
    }
}
