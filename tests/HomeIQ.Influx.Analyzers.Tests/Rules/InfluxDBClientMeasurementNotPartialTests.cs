using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.Rules;

/// <summary>HIQ008: a class with InfluxDB.Client's [Measurement] that is not partial (mapped by reflection at run time).</summary>
public sealed class InfluxDBClientMeasurementNotPartialTests
{
    public static TheoryData<string, string> Flagged => new()
    {
        { "plain class", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public class {|HIQ008:Climate|}
            {
                [InfluxDB.Client.Core.Column("room", IsTag = true)] public string? Room { get; set; }
                [InfluxDB.Client.Core.Column("temperature")] public double Temperature { get; set; }
            }
            """ },
        { "sealed class", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public sealed class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "internal class", """
            [InfluxDB.Client.Core.Measurement("climate")]
            internal class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "abstract class", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public abstract class {|HIQ008:ClimateBase|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "record class", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public record {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "nested in a partial class", """
            public partial class Outer
            {
                [InfluxDB.Client.Core.Measurement("climate")]
                public class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            }
            """ },
        { "nested in a class that is not partial", """
            public static class Models
            {
                [InfluxDB.Client.Core.Measurement("climate")]
                public class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            }
            """ },
        { "generic class", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public class {|HIQ008:Climate|}<T> { [InfluxDB.Client.Core.Column("t")] public T? Value { get; set; } }
            """ },
        { "no [Column] at all", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public class {|HIQ008:Climate|} { public double T { get; set; } }
            """ },
        { "attribute written with its alias", """
            namespace Models
            {
                using Core = InfluxDB.Client.Core;
                [Core.Measurement("climate")]
                public class {|HIQ008:Climate|} { [Core.Column("t")] public double T { get; set; } }
            }
            """ },
        { "derived from another measurement", """
            public class Base { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            [InfluxDB.Client.Core.Measurement("climate")]
            public class {|HIQ008:Climate|} : Base { [InfluxDB.Client.Core.Column("h")] public double H { get; set; } }
            """ },
        { "file-scoped namespace and other attributes", """
            [System.Serializable, InfluxDB.Client.Core.Measurement("climate"), System.Obsolete("old")]
            public class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
    };

    public static TheoryData<string, string> NotFlagged => new()
    {
        { "partial class", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "sealed partial class", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public sealed partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "partial in another declaration only", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            public partial class Climate { public double Other { get; set; } }
            """ },
        { "partial record", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public partial record Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "no attribute", """
            public class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "this toolkit's [Measurement]", """
            [HomeIQ.Influx.Measurement("climate")]
            public partial class Climate { [HomeIQ.Influx.Field] public double T { get; set; } }
            """ },
        { "a different attribute named Measurement", """
            namespace Other { public sealed class MeasurementAttribute : System.Attribute { public MeasurementAttribute(string name) { } } }
            [Other.Measurement("climate")]
            public class Climate { public double T { get; set; } }
            """ },
        { "[Column(IsMeasurement = true)] without [Measurement]", """
            public class Climate
            {
                [InfluxDB.Client.Core.Column(IsMeasurement = true)] public string Name { get; set; } = "";
                [InfluxDB.Client.Core.Column("t")] public double T { get; set; }
            }
            """ },
        { "derived from a measurement, without its own attribute", """
            [InfluxDB.Client.Core.Measurement("climate")]
            public partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            public class Derived : Climate { }
            """ },
        { "a struct without the attribute", """
            public struct Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            """ },
        { "nested partial class", """
            public partial class Outer
            {
                [InfluxDB.Client.Core.Measurement("climate")]
                public partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
            }
            """ },
        { "a PointData user", """
            public class Sender
            {
                public InfluxDB.Client.Writes.PointData Point() => InfluxDB.Client.Writes.PointData.Measurement("climate").Field("t", 1.0);
            }
            """ },
    };

    [Theory]
    [MemberData(nameof(Flagged))]
    public Task Reports(string name, string source)
    {
        _ = name;
        return Verify.AnalyzerAsync<InfluxDBClientMeasurementNotPartialAnalyzer>(Sources.Usings + source + Sources.Support);
    }

    [Theory]
    [MemberData(nameof(NotFlagged))]
    public Task DoesNotReport(string name, string source)
    {
        _ = name;
        return Verify.AnalyzerAsync<InfluxDBClientMeasurementNotPartialAnalyzer>(Sources.Usings + source + Sources.Support);
    }

    [Fact]
    public void CasesCoverAtLeastTwelveEach()
    {
        Assert.True(Flagged.Count >= 12);
        Assert.True(NotFlagged.Count >= 12);
    }
}
