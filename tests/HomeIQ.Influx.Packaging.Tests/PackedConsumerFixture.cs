using System.Globalization;

namespace HomeIQ.Influx.Packaging.Tests;

/// <summary>
/// Packs HomeIQ.Influx, HomeIQ.Influx.Hosting, HomeIQ.Influx.Testing, HomeIQ.Influx.Testing.Xunit and HomeIQ.Influx.OpenTelemetry from a copy of the sources (so the repository's
/// bin/obj folders are not touched) with a unique version into a temporary feed, then restores, builds and runs a small
/// consumer project from those packages, once for all the tests of <see cref="PackageTests"/>.
/// </summary>
public sealed class PackedConsumerFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(6);

    /// <summary>The expected line: tags, then fields (the generator orders both by key), then seconds.</summary>
    internal const string ExpectedLine = @"climate,room=living\ room,sensor=s-1 humidity=40,temperature=21.5 1764230400";

    /// <summary>A version no other run used, so no stale copy in any cache can be picked up.</summary>
    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The temporary folder holding the source copy, the feed, the consumer and its private package folder.</summary>
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "homeiq-packaging-" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>The folder the packages were packed into (a local NuGet feed).</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The pack command's result.</summary>
    public DotnetCli.Result? Pack { get; private set; }

    /// <summary>The consumer's restore-and-build result (its output holds the analyzer warnings).</summary>
    public DotnetCli.Result? Build { get; private set; }

    /// <summary>The consumer's run.</summary>
    public DotnetCli.Result? Run { get; private set; }

    /// <summary>A net8.0 project that uses the OpenTelemetry package, restored and built (its output holds any warning).</summary>
    public DotnetCli.Result? Net8Build { get; private set; }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        var repository = FindRepositoryRoot();
        var sources = Path.Combine(Root, "repo");
        CopySources(repository, sources);

        // One MSBuild invocation packs the packable projects. The compiler plug-ins are listed too, so that they
        // are built in Release like the project that packs their dlls (a solution builds unlisted references in Debug).
        var slnx = Path.Combine(sources, "packages.slnx");
        File.WriteAllText(slnx, """
            <Solution>
              <Project Path="src/HomeIQ.Influx/HomeIQ.Influx.csproj" />
              <Project Path="src/HomeIQ.Influx.Hosting/HomeIQ.Influx.Hosting.csproj" />
              <Project Path="src/HomeIQ.Influx.Testing/HomeIQ.Influx.Testing.csproj" />
              <Project Path="src/HomeIQ.Influx.Testing.Xunit/HomeIQ.Influx.Testing.Xunit.csproj" />
              <Project Path="src/HomeIQ.Influx.OpenTelemetry/HomeIQ.Influx.OpenTelemetry.csproj" />
              <Project Path="src/HomeIQ.Influx.Generators/HomeIQ.Influx.Generators.csproj" />
              <Project Path="src/HomeIQ.Influx.Analyzers/HomeIQ.Influx.Analyzers.csproj" />
              <Project Path="src/HomeIQ.Influx.CodeFixes/HomeIQ.Influx.CodeFixes.csproj" />
            </Solution>
            """);
        Pack = await DotnetCli.RunAsync(sources, s_commandTimeout,
            "pack", slnx, "-c", "Release", "-o", Feed, $"-p:Version={Version}", "--disable-build-servers", "-nologo");
        if (Pack.ExitCode != 0) return;

        var consumer = Path.Combine(Root, "consumer");
        WriteConsumer(consumer);
        Build = await DotnetCli.RunAsync(consumer, s_commandTimeout,
            "build", "Consumer.csproj", "-c", "Release", "--disable-build-servers", "-nologo", "-p:TreatWarningsAsErrors=false",
            // A private package folder: what is restored comes from the feed (or the global cache as a plain source).
            "-p:RestorePackagesPath=" + Path.Combine(Root, "packages"));
        if (Build.ExitCode != 0) return;

        Run = await DotnetCli.RunAsync(consumer, s_commandTimeout, Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"));

        // net8.0 is the other target framework the packages support: a dependency without a net8.0 build warns there
        // (OpenTelemetry.Api 1.21.0 did, through System.Diagnostics.DiagnosticSource 11: "doesn't support net8.0"), in
        // every user's build.
        var net8 = Path.Combine(Root, "net8-consumer");
        WriteNet8Consumer(net8);
        Net8Build = await DotnetCli.RunAsync(net8, s_commandTimeout,
            "build", "Net8Consumer.csproj", "-c", "Release", "--disable-build-servers", "-nologo",
            "-p:RestorePackagesPath=" + Path.Combine(Root, "packages"));
    }

    private void WriteNet8Consumer(string folder)
    {
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(Root, "consumer", "nuget.config"), Path.Combine(folder, "nuget.config"));
        File.WriteAllText(Path.Combine(folder, "Net8Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="HomeIQ.Influx.OpenTelemetry" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using OpenTelemetry.Metrics;
            System.Console.WriteLine(typeof(MeterProviderBuilder).Assembly.GetName().Version);
            System.Console.WriteLine(nameof(OpenTelemetry.Metrics.InfluxMeterProviderBuilderExtensions.AddInfluxInstrumentation));
            """);
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { } // best effort: the temp folder is cleaned by the OS otherwise
        catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeIQ.Influx.Generators.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"The repository root (with HomeIQ.Influx.Generators.sln) is not above {AppContext.BaseDirectory}.");
    }

    // The packable projects, the compiler plug-ins they carry, and the shared build files; never bin/obj.
    private static void CopySources(string repository, string target)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "README.md", "src/Directory.Build.props", ".editorconfig" })
            File.Copy(Path.Combine(repository, file), Path.Combine(target, file).EnsureParent());
        foreach (var project in new[] { "HomeIQ.Influx", "HomeIQ.Influx.Generators", "HomeIQ.Influx.Analyzers", "HomeIQ.Influx.CodeFixes", "HomeIQ.Influx.Hosting", "HomeIQ.Influx.Testing", "HomeIQ.Influx.Testing.Xunit", "HomeIQ.Influx.OpenTelemetry" })
        {
            var from = Path.Combine(repository, "src", project);
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(from, file);
                var first = relative.Split(Path.DirectorySeparatorChar)[0];
                if (first is "bin" or "obj") continue;
                File.Copy(file, Path.Combine(target, "src", project, relative).EnsureParent());
            }
        }
    }

    private void WriteConsumer(string folder)
    {
        Directory.CreateDirectory(folder);
        var globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // The feed beside the default sources (nuget.org stays, for the third-party packages); the machine's global
        // package folder is a plain local source too, so what it already holds is not downloaded again.
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="homeiq-test-feed" value="{Feed}" />
                {(Directory.Exists(globalPackages) ? $"<add key=\"machine-global-packages\" value=\"{globalPackages}\" />" : "")}
              </packageSources>
            </configuration>
            """);
        // Outside the repository: none of its Directory.*.props apply; the consumer is a plain user project.
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="HomeIQ.Influx" Version="{Version}" />
                <PackageReference Include="HomeIQ.Influx.Hosting" Version="{Version}" />
                <PackageReference Include="HomeIQ.Influx.Testing" Version="{Version}" />
                <PackageReference Include="HomeIQ.Influx.OpenTelemetry" Version="{Version}" />
                <PackageReference Include="OpenTelemetry" Version="1.21.0" />
                <PackageReference Include="OpenTelemetry.Exporter.InMemory" Version="1.21.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using System.Diagnostics;
            using HomeIQ.Influx;
            using HomeIQ.Influx.Testing;
            using Microsoft.Extensions.DependencyInjection;
            using OpenTelemetry;
            using OpenTelemetry.Metrics;
            using OpenTelemetry.Trace;

            var reading = new Climate
            {
                Room = "living room", Sensor = "s-1", Temperature = 21.5, Humidity = 40,
                Time = DateTimeOffset.FromUnixTimeSeconds(1764230400),
            };
            // The generated serializer (HomeIQ.Influx's analyzers/dotnet/cs generator made Climate an ILineProtocolPoint).
            Console.WriteLine("line: " + LineProtocol.ToLine(reading, WritePrecision.Seconds));

            // The testing package's recording writer, through the same generated code.
            using (var recorder = new RecordingMeasurementWriter<Climate>(WritePrecision.Seconds))
            {
                await recorder.WriteAsync(reading);
                Console.WriteLine("recorded: " + recorder.Lines[0]);
            }

            // The hosting package: the generated type registers as a typed writer.
            var services = new ServiceCollection().AddMeasurementWriter<Climate>();
            Console.WriteLine("registered: " + services.Any(d => d.ServiceType == typeof(IMeasurementWriter<Climate>)));

            // The whole path against a private real influxd from the testing package: OpenTelemetry wired in one call per
            // signal, the client's HttpClient from IHttpClientFactory with a handler of the app's own, the database ensured.
            var spans = new List<Activity>();
            var metrics = new List<Metric>();
            using var tracing = Sdk.CreateTracerProviderBuilder().AddInfluxInstrumentation().AddInMemoryExporter(spans).Build();
            using var meters = Sdk.CreateMeterProviderBuilder().AddInfluxInstrumentation().AddInMemoryExporter(metrics).Build();
            await using (var server = await InfluxServer.StartNewAsync())
            {
                var app = new ServiceCollection();
                app.AddInflux(o => { o.Url = server.Url; o.Api = InfluxApiVersion.V1; o.Database = "consumer_db"; })
                    .AddHttpMessageHandler(() => new CountingHandler());
                app.AddMeasurementWriter<Climate>(w => w.Precision = WritePrecision.Seconds);
                await using var provider = app.BuildServiceProvider();
                var client = provider.GetRequiredService<InfluxClient>();
                // Ten years: the reading is from 2025, and InfluxDB drops points older than the retention.
                var ensured = await client.Schema.EnsureDatabaseAsync(retention: new InfluxRetention(TimeSpan.FromDays(3650)));
                Console.WriteLine("ensured: " + ensured.Outcome);
                var writer = provider.GetRequiredService<IMeasurementWriter<Climate>>();
                await writer.WriteAsync(reading);
                await writer.FlushAsync();
                await foreach (var row in client.QueryInfluxQLAsync<Climate>("SELECT * FROM climate"))
                    Console.WriteLine("read back: " + LineProtocol.ToLine(row, WritePrecision.Seconds));
                Console.WriteLine("handler saw: " + CountingHandler.Count);
            }
            tracing.ForceFlush();
            meters.ForceFlush();
            Console.WriteLine("spans: " + string.Join(",", spans.Select(s => (string?)s.GetTagItem("db.operation.name")).Distinct().OrderBy(s => s, StringComparer.Ordinal)));
            Console.WriteLine("written metric: " + metrics.Any(m => m.Name == "homeiq.influx.points.written"));

            // Deliberately never disposed: HIQ001 must report it at build time.
            var leaked = new InfluxClient(new InfluxClientOptions { Url = new Uri("http://127.0.0.1:8086"), Api = InfluxApiVersion.V1, Database = "db" });
            Console.WriteLine("client: " + leaked.Options.Database);

            sealed class CountingHandler : DelegatingHandler
            {
                public static int Count;

                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    Interlocked.Increment(ref Count);
                    return base.SendAsync(request, cancellationToken);
                }
            }

            [Measurement("climate")]
            public sealed partial class Climate
            {
                [Tag("room")] public string? Room { get; set; }
                [Tag("sensor")] public string? Sensor { get; set; }
                [Field("temperature")] public double Temperature { get; set; }
                [Field("humidity")] public double Humidity { get; set; }
                [Timestamp] public DateTimeOffset Time { get; set; }
            }
            """);
    }
}

internal static class PathExtensions
{
    /// <summary>Creates the parent folder of <paramref name="path"/> and returns the path.</summary>
    public static string EnsureParent(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
