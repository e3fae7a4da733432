using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using Xunit;

namespace HomeIQ.Influx.Architecture.Tests;

/// <summary>
/// The build's check of the layer picture: every type of HomeIQ.Influx has a layer, and no type uses a type of a higher
/// layer or of another layer on its level (which also rules out every cycle between layers). Checked by adding an
/// upward reference on purpose (a Client type calling into Writing): <see cref="NoTypeUsesAHigherOrSiblingLayer"/> failed
/// and named the two types.
/// </summary>
public class LayerTests
{
    private static readonly Lazy<ArchUnitNET.Domain.Architecture> s_library =
        new(() => new ArchLoader().LoadAssemblies(typeof(InfluxClient).Assembly).Build());

    private static IEnumerable<IType> LibraryTypes() =>
        s_library.Value.Types.Where(t => t.Assembly.FullName == typeof(InfluxClient).Assembly.FullName && !IsCompilerMade(t));

    [Fact]
    public void EveryTypeHasALayer()
    {
        var missing = LibraryTypes().Select(t => t.FullName).Where(name => Layer.Of(name) is null).Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0,
            "These types have no layer. Put an internal type in the namespace of its folder (HomeIQ.Influx.Writing.Batching, ...), " +
            "or add a public one to Layer.All in Layers.cs (and docs/architecture.md):\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void NoTypeUsesAHigherOrSiblingLayer()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in LibraryTypes())
        {
            var from = Layer.Of(type.FullName);
            if (from is null) continue; // reported by EveryTypeHasALayer
            foreach (var dependency in type.Dependencies)
            {
                var target = dependency.Target;
                // No assembly: a type parameter of a compiler-made helper (Task.WhenAny(a, b, c) takes a params span, whose
                // inline array comes with <PrivateImplementationDetails>.InlineArrayElementRef<TBuffer, TElement>).
                if (target.Assembly?.FullName != typeof(InfluxClient).Assembly.FullName || IsCompilerMade(target)) continue;
                if (Layer.Of(target.FullName) is { } to && !from.MayUse(to))
                    violations.Add($"{Layer.Outermost(type.FullName)} [{from}] -> {Layer.Outermost(target.FullName)} [{to}]");
            }
        }

        Assert.True(violations.Count == 0,
            "Upward or sideways references between layers (see docs/architecture.md):\n  " + string.Join("\n  ", violations));
    }

    [Fact]
    public void TheCheckSeesReferencesMadeOnlyInsideMethodBodies()
    {
        // The rule is only as good as the dependencies it is given: WriterEngine creates a MemoryBatchStore only in its
        // constructor's body (no field, parameter or return type of that type), and that must be seen.
        var engine = LibraryTypes().Single(t => t.FullName == "HomeIQ.Influx.Writing.WriterEngine");
        Assert.Contains(engine.Dependencies, d => d.Target.FullName == "HomeIQ.Influx.Writing.Stores.MemoryBatchStore");
    }

    // Types the compiler or a source generator adds: attributes it embeds, <PrivateImplementationDetails>, the regex
    // generator's helpers. Nested compiler types (state machines, closures) belong to their outer type instead.
    private static bool IsCompilerMade(IType type) =>
        type.FullName.StartsWith('<')
        || type.Namespace.FullName.StartsWith("System.", StringComparison.Ordinal)
        || type.Namespace.FullName.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal);
}
