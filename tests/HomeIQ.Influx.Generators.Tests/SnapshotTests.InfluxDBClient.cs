using HomeIQ.Influx.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>
/// Snapshot of what a model with InfluxDB.Client's own attributes gets when made partial (#21): the serializer (written as
/// InfluxDB.Client writes it), the typed writer, the query side and the extension class on InfluxDB.Client's write and
/// query APIs, compiled against the real InfluxDB.Client 5.1.0.
/// </summary>
public partial class SnapshotTests
{
    private const string InfluxDBClientSource = Pragma + """
        using System;
        using InfluxDB.Client.Core;

        namespace Home.Migrated;

        public enum Hvac { Off, Heat, Cool }

        // A typical InfluxDB.Client model, unchanged but for 'partial'.
        [Measurement("climate")]
        public partial class ClimateReading
        {
            [Column("room", IsTag = true)] public string? Room { get; set; }
            [Column(IsTag = true)] public string? Floor { get; set; }
            [Column("mode", IsTag = true)] public Hvac Mode { get; set; }
            [Column("occupied", IsTag = true)] public bool Occupied { get; set; }
            [Column("temperature")] public double Temperature { get; set; }
            [Column("humidity")] public double? Humidity { get; set; }
            [Column("pulses")] public uint Pulses { get; set; }
            [Column("label")] public string? Label { get; set; }
            [Column("state")] public Hvac State { get; set; }
            [Column(IsTimestamp = true)] public DateTime Time { get; set; }
            public string? Note { get; set; }
        }
        """;

    private static readonly string[] InfluxDBClientPurposes = { "LineProtocol", "Writer", "Query", "InfluxDBClient" };

    [Fact]
    public async Task InfluxDBClientModel()
    {
        const string baseName = "Home.Migrated.ClimateReading";
        var test = new GeneratorTest { TestState = { Sources = { InfluxDBClientSource } } };
        test.TestState.AdditionalReferences.AddRange(TestReferences.InfluxDBClient);
        var compilation = TestReferences.CreateInfluxDBClientCompilation(InfluxDBClientSource);
        foreach (var purpose in InfluxDBClientPurposes)
        {
            string hintName = baseName + "." + purpose + ".g.cs";
            SaveReceived(compilation, hintName);
            test.TestState.GeneratedSources.Add((typeof(MeasurementGenerator), hintName, Snapshot.Read(hintName)));
        }
        await test.RunAsync();
    }
}
