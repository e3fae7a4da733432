using System.IO.Compression;

namespace HomeIQ.Influx.Packaging.Tests;

/// <summary>
/// The packages as a user gets them: packed, restored from a feed into a plain project (no project reference), built
/// and run. The generator and analyzers inside HomeIQ.Influx must work there.
/// </summary>
public sealed class PackageTests(PackedConsumerFixture fixture) : IClassFixture<PackedConsumerFixture>
{
    [Fact]
    public void EveryPackageIsPackedWithTheUniqueVersion()
    {
        AssertPacked();
        foreach (var id in new[] { "HomeIQ.Influx", "HomeIQ.Influx.Hosting", "HomeIQ.Influx.Testing", "HomeIQ.Influx.Testing.Xunit", "HomeIQ.Influx.OpenTelemetry" })
            Assert.True(File.Exists(Path.Combine(fixture.Feed, $"{id}.{fixture.Version}.nupkg")), $"{id}.{fixture.Version}.nupkg is missing from {fixture.Feed}.");
    }

    [Fact]
    public void HomeIQInfluxHoldsTheRuntimeForBothFrameworksAndTheCompilerPluginsUnderAnalyzers()
    {
        AssertPacked();
        using var package = ZipFile.OpenRead(Path.Combine(fixture.Feed, $"HomeIQ.Influx.{fixture.Version}.nupkg"));
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        string[] expected =
        [
            "lib/net8.0/HomeIQ.Influx.dll", "lib/net10.0/HomeIQ.Influx.dll", "lib/net8.0/HomeIQ.Influx.xml",
            "analyzers/dotnet/cs/HomeIQ.Influx.Generators.dll", "analyzers/dotnet/cs/HomeIQ.Influx.Analyzers.dll",
            "analyzers/dotnet/cs/HomeIQ.Influx.CodeFixes.dll", "README.md",
        ];
        foreach (var entry in expected) Assert.Contains(entry, entries);
        // The compiler plug-ins are not runtime references of the package.
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generators", StringComparison.Ordinal));

        var nuspec = ReadEntry(package, "HomeIQ.Influx.nuspec");
        Assert.Contains("<license type=\"expression\">MIT</license>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<repository type=\"git\" url=\"https://github.com/homeiq/HomeIQ.Influx\"", nuspec, StringComparison.Ordinal);
        Assert.Contains("<description>", nuspec, StringComparison.Ordinal);
        Assert.Contains("<tags>", nuspec, StringComparison.Ordinal);
    }

    [Fact]
    public void HostingTestingAndOpenTelemetryDependOnHomeIQInfluxWithItsGenerator()
    {
        AssertPacked();
        foreach (var id in new[] { "HomeIQ.Influx.Hosting", "HomeIQ.Influx.Testing", "HomeIQ.Influx.OpenTelemetry" })
        {
            using var package = ZipFile.OpenRead(Path.Combine(fixture.Feed, $"{id}.{fixture.Version}.nupkg"));
            var nuspec = ReadEntry(package, $"{id}.nuspec");
            // include="All", not the default exclude="Build,Analyzers": adding only the hosting package still runs the generator.
            Assert.Contains($"<dependency id=\"HomeIQ.Influx\" version=\"{fixture.Version}\" include=\"All\" />", nuspec, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheTestingKitDependsOnNoTestFrameworkAndItsXunitFixturesAreAPackageOfTheirOwn()
    {
        AssertPacked();
        // An app (the sample) may start a private influxd through HomeIQ.Influx.Testing without pulling xunit into its build.
        using (var kit = ZipFile.OpenRead(Path.Combine(fixture.Feed, $"HomeIQ.Influx.Testing.{fixture.Version}.nupkg")))
            Assert.DoesNotContain("<dependency id=\"xunit", ReadEntry(kit, "HomeIQ.Influx.Testing.nuspec"), StringComparison.OrdinalIgnoreCase);
        using var fixtures = ZipFile.OpenRead(Path.Combine(fixture.Feed, $"HomeIQ.Influx.Testing.Xunit.{fixture.Version}.nupkg"));
        var nuspec = ReadEntry(fixtures, "HomeIQ.Influx.Testing.Xunit.nuspec");
        Assert.Contains($"<dependency id=\"HomeIQ.Influx.Testing\" version=\"{fixture.Version}\" include=\"All\" />", nuspec, StringComparison.Ordinal);
        Assert.Contains("<dependency id=\"xunit.extensibility.core\"", nuspec, StringComparison.Ordinal);
    }

    [Fact]
    public void TheConsumerBuildsAndItsMeasurementSerializesThroughTheGeneratedCode()
    {
        AssertBuiltAndRan();
        var lines = fixture.Run!.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("line: " + PackedConsumerFixture.ExpectedLine, lines);
        Assert.Contains("recorded: " + PackedConsumerFixture.ExpectedLine, lines);
        Assert.Contains("registered: True", lines);
    }

    [Fact]
    public void TheOpenTelemetryPackageNeedsTheAPIOnlyNotTheSDK()
    {
        AssertPacked();
        using var package = ZipFile.OpenRead(Path.Combine(fixture.Feed, $"HomeIQ.Influx.OpenTelemetry.{fixture.Version}.nupkg"));
        var nuspec = ReadEntry(package, "HomeIQ.Influx.OpenTelemetry.nuspec");
        Assert.Contains("<dependency id=\"OpenTelemetry.Api\" version=\"1.20.1\"", nuspec, StringComparison.Ordinal);
        Assert.DoesNotContain("<dependency id=\"OpenTelemetry\" ", nuspec, StringComparison.Ordinal);
    }

    [Fact]
    public void ANet8ProjectUsingTheOpenTelemetryPackageBuildsWithoutWarnings()
    {
        AssertPacked();
        Assert.True(fixture.Net8Build is { ExitCode: 0 }, $"The net8.0 consumer did not build: {fixture.Net8Build}");
        Assert.DoesNotContain(": warning ", fixture.Net8Build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void FromThePackagesTheConsumerEnsuresItsDatabaseWritesThroughAFactoryClientAndExportsTelemetry()
    {
        AssertBuiltAndRan();
        var lines = fixture.Run!.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("ensured: Created", lines);
        Assert.Contains("read back: " + PackedConsumerFixture.ExpectedLine, lines);
        // SHOW DATABASES, CREATE DATABASE, the write, the query: every request through the app's own handler.
        Assert.Contains("handler saw: 4", lines);
        Assert.Contains("spans: CREATE DATABASE,SHOW DATABASES,query,write", lines);
        Assert.Contains("written metric: True", lines);
    }

    [Fact]
    public void TheUndisposedClientInTheConsumerRaisesHIQ001FromThePackagedAnalyzer()
    {
        AssertBuiltAndRan();
        var hiq001 = fixture.Build!.Output.Split('\n').Where(l => l.Contains("warning HIQ001", StringComparison.Ordinal)).ToList();
        Assert.True(hiq001.Count > 0, "The build did not report HIQ001:\n" + fixture.Build.Output);
        Assert.All(hiq001, l => Assert.Contains("Program.cs", l, StringComparison.Ordinal));
        Assert.Contains(hiq001, l => l.Contains("'InfluxClient'", StringComparison.Ordinal));
    }

    private void AssertPacked()
    {
        Assert.True(fixture.Pack is { ExitCode: 0 }, $"Packing failed: {fixture.Pack}");
    }

    private void AssertBuiltAndRan()
    {
        AssertPacked();
        Assert.True(fixture.Build is { ExitCode: 0 }, $"The consumer did not build: {fixture.Build}");
        Assert.True(fixture.Run is { ExitCode: 0 }, $"The consumer did not run: {fixture.Run}");
    }

    private static string ReadEntry(ZipArchive package, string name)
    {
        using var reader = new StreamReader(package.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}
