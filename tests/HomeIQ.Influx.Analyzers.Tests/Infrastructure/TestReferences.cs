using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using HomeIQ.Influx.Tests.Shared;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Analyzers.Tests.Infrastructure;

/// <summary>
/// The assemblies test compilations see: .NET 10 reference assemblies (Basic.Reference.Assemblies, nothing downloaded)
/// plus the REAL InfluxDB.Client 5.1.0, InfluxDB3.Client 1.10.0, HomeIQ.Influx and DI abstractions assemblies restored
/// into this test project, and the non-framework assemblies they depend on.
/// </summary>
internal static class TestReferences
{
    public static ImmutableArray<MetadataReference> Influx { get; } = PackageReferences.Collect(
        typeof(InfluxDB.Client.InfluxDBClient).Assembly,
        typeof(InfluxDB3.Client.InfluxDBClient).Assembly,
        typeof(HomeIQ.Influx.InfluxClient).Assembly,
        typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly);

    /// <summary>
    /// What the corpus projects compile against: the framework, ASP.NET Core (web and worker projects), the clients, and
    /// HomeIQ.Influx.Hosting. Assemblies the packages bring are preferred over the shared framework's copies.
    /// </summary>
    public static ImmutableArray<MetadataReference> Corpus => s_corpus.Value;

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_corpus = new(BuildCorpus);

    public static ImmutableArray<MetadataReference> Framework { get; } = [.. Basic.Reference.Assemblies.Net100.References.All];

    /// <summary>
    /// The installed ASP.NET Core shared framework (implementation assemblies: no reference pack is served here), for
    /// the Minimal API cases. Assemblies the test already references from packages are skipped to avoid duplicates.
    /// Empty when ASP.NET Core is not installed.
    /// </summary>
    public static ImmutableArray<MetadataReference> AspNetCore { get; } = FindAspNetCore();

    private static ImmutableArray<MetadataReference> BuildCorpus()
    {
        var packages = PackageReferences.Collect(
            typeof(InfluxDB.Client.InfluxDBClient).Assembly,
            typeof(InfluxDB3.Client.InfluxDBClient).Assembly,
            typeof(HomeIQ.Influx.InfluxClient).Assembly,
            typeof(Microsoft.Extensions.DependencyInjection.InfluxServiceCollectionExtensions).Assembly);
        var taken = new HashSet<string>(packages.OfType<PortableExecutableReference>().Select(r => Path.GetFileName(r.FilePath!)), StringComparer.OrdinalIgnoreCase);
        var aspNet = AspNetCore.OfType<PortableExecutableReference>().Where(r => !taken.Contains(Path.GetFileName(r.FilePath!)));
        return [.. Framework, .. packages, .. aspNet];
    }

    private static ImmutableArray<MetadataReference> FindAspNetCore()
    {
        var netCoreApp = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var shared = netCoreApp.Parent?.Parent;
        var aspNet = shared is null ? null : new DirectoryInfo(Path.Combine(shared.FullName, "Microsoft.AspNetCore.App", netCoreApp.Name));
        if (aspNet is null || !aspNet.Exists) return [];
        var taken = new HashSet<string>(Influx.OfType<PortableExecutableReference>().Select(r => Path.GetFileName(r.FilePath!)), StringComparer.OrdinalIgnoreCase);
        return [.. aspNet.GetFiles("*.dll").Where(f => !taken.Contains(f.Name)).Select(f => (MetadataReference)MetadataReference.CreateFromFile(f.FullName))];
    }
}
