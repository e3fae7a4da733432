using HomeIQ.Influx.Analyzers.Rules;
using HomeIQ.Influx.Analyzers.Tests.Infrastructure;
using HomeIQ.Influx.CodeFixes.Fixers;
using Xunit;

namespace HomeIQ.Influx.Analyzers.Tests.CodeFixes;

/// <summary>HIQ008's fix: <c>partial</c> on the class (and the classes it is nested in); Fix All over a file.</summary>
public sealed class InfluxDBClientMeasurementNotPartialCodeFixTests
{
    private static Task VerifyAsync(string before, string after, string? batchAfter = null) =>
        Verify.CodeFixAsync<InfluxDBClientMeasurementNotPartialAnalyzer, InfluxDBClientMeasurementNotPartialCodeFix>(
            Sources.Usings + before + Sources.Support, Sources.Usings + after + Sources.Support, InfluxDBClientMeasurementNotPartialCodeFix.EquivalenceKey,
            batchAfter is null ? null : Sources.Usings + batchAfter + Sources.Support);

    [Fact]
    public Task AddsPartialAfterTheOtherModifiers() => VerifyAsync("""
        /// <summary>A reading.</summary>
        [InfluxDB.Client.Core.Measurement("climate")]
        public sealed class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
        """, """
        /// <summary>A reading.</summary>
        [InfluxDB.Client.Core.Measurement("climate")]
        public sealed partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
        """);

    [Fact]
    public Task WithoutModifiersKeepsTheTrivia() => VerifyAsync("""
        [InfluxDB.Client.Core.Measurement("climate")]
        // kept
        class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
        """, """
        [InfluxDB.Client.Core.Measurement("climate")]
        // kept
        partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
        """);

    [Fact]
    public Task NestedClassMakesItsContainersPartialToo() => VerifyAsync("""
        public static class Models
        {
            [InfluxDB.Client.Core.Measurement("climate")]
            public class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
        }
        """, """
        public static partial class Models
        {
            [InfluxDB.Client.Core.Measurement("climate")]
            public partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }
        }
        """);

    [Fact]
    public Task FixAllMakesEveryMeasurementInTheFilePartial() => VerifyAsync("""
        [InfluxDB.Client.Core.Measurement("climate")]
        public class {|HIQ008:Climate|} { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }

        [InfluxDB.Client.Core.Measurement("power")]
        internal sealed class {|HIQ008:Power|} { [InfluxDB.Client.Core.Column("w")] public double W { get; set; } }

        [InfluxDB.Client.Core.Measurement("door")]
        public record {|HIQ008:Door|} { [InfluxDB.Client.Core.Column("open")] public bool Open { get; set; } }
        """, """
        [InfluxDB.Client.Core.Measurement("climate")]
        public partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }

        [InfluxDB.Client.Core.Measurement("power")]
        internal sealed partial class Power { [InfluxDB.Client.Core.Column("w")] public double W { get; set; } }

        [InfluxDB.Client.Core.Measurement("door")]
        public partial record Door { [InfluxDB.Client.Core.Column("open")] public bool Open { get; set; } }
        """, batchAfter: """
        [InfluxDB.Client.Core.Measurement("climate")]
        public partial class Climate { [InfluxDB.Client.Core.Column("t")] public double T { get; set; } }

        [InfluxDB.Client.Core.Measurement("power")]
        internal sealed partial class Power { [InfluxDB.Client.Core.Column("w")] public double W { get; set; } }

        [InfluxDB.Client.Core.Measurement("door")]
        public partial record Door { [InfluxDB.Client.Core.Column("open")] public bool Open { get; set; } }
        """);
}
