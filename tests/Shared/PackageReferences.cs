using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Tests.Shared;

/// <summary>
/// Metadata references for test compilations: the given assemblies and everything they depend on outside the shared
/// framework (the reference assemblies cover that). One copy, linked into the analyzer and generator test projects.
/// </summary>
internal static class PackageReferences
{
    /// <summary>Walks the dependencies of <paramref name="roots"/> and keeps those that are not part of the shared framework.</summary>
    public static ImmutableArray<MetadataReference> Collect(params Assembly[] roots)
    {
        var runtimeDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory());
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = ImmutableArray.CreateBuilder<MetadataReference>();
        var pending = new Stack<Assembly>(roots);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location)) continue;
            var location = Path.GetFullPath(assembly.Location);
            if (location.StartsWith(runtimeDirectory, StringComparison.OrdinalIgnoreCase) || !seen.Add(location)) continue;
            result.Add(MetadataReference.CreateFromFile(location));
            foreach (var name in assembly.GetReferencedAssemblies())
            {
                try
                {
                    pending.Push(Assembly.Load(name));
                }
                catch (FileNotFoundException)
                {
                    // An optional dependency that is not deployed; the compiler only needs it if a test touches its types.
                }
            }
        }
        return result.ToImmutable();
    }
}
