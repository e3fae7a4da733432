using System.Collections.Generic;
using System.Threading;
using HomeIQ.Influx.Generators.Diagnostics;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Generators.Parser;

/// <summary>
/// Finds the mapped members of a measurement: its own and those of its base classes (abstract or not, generic,
/// from this or another assembly), with these rules, checked in this order from the measurement towards
/// <see cref="object"/>:
/// <list type="number">
/// <item>An <c>override</c> is the same member as the one it overrides: it keeps the overridden member's mapping unless
/// it has mapping attributes of its own, which then replace it (the most derived attribute wins).</item>
/// <item>A member that hides a base member (<c>new</c>, or the same name) is the member <c>point.Name</c> means, so the
/// hidden member is not written. When the hiding member has no mapping attribute but the hidden one has, the rules
/// cannot tell whether the mapping was meant to go: HIQ110.</item>
/// </list>
/// Private base members are read only when the generated code can reach them (the same rule as any code in the
/// measurement type); a base type's private members in another assembly are not visible to the compiler at all.
/// </summary>
internal static class MemberCollector
{
    /// <summary>One mapped member, before its type and key are checked.</summary>
    public sealed class Candidate
    {
        public Candidate(ISymbol symbol, MappingAttributes.Marks? marks, int depth, int index)
        {
            Symbol = symbol;
            Marks = marks;
            Depth = depth;
            Index = index;
        }

        /// <summary>The most derived declaration: the one <c>point.Name</c> binds to.</summary>
        public ISymbol Symbol { get; }

        /// <summary>The mapping: the member's own attributes, or those of the member it overrides.</summary>
        public MappingAttributes.Marks? Marks { get; set; }

        /// <summary>0 for the measurement type, 1 for its base type, ...: base members come first in declaration order.</summary>
        public int Depth { get; set; }

        public int Index { get; set; }
    }

    public static List<Candidate> Collect(INamedTypeSymbol type, MappingAttributes attributes, List<DiagnosticInfo> diagnostics,
        Location typeLocation, CancellationToken cancellationToken)
    {
        // Names are only compared across levels, so the dictionary is built when there is a base type to walk (the
        // parse runs again on every edit, and most measurements derive from object).
        Dictionary<string, Candidate>? byName = null;
        bool hasBase = type.BaseType is { SpecialType: not (SpecialType.System_Object or SpecialType.System_ValueType) };
        var order = new List<Candidate>();
        int depth = 0;
        for (var current = type; current is not null && current.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType);
             current = current.BaseType, depth++)
        {
            if (depth == 1)
            {
                byName = new Dictionary<string, Candidate>(System.StringComparer.Ordinal);
                foreach (var own in order) byName[own.Symbol.Name] = own;
            }
            int index = -1;
            foreach (var member in current.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                index++;
                if (member is not (IPropertySymbol or IFieldSymbol)) continue;
                if (member is IFieldSymbol { AssociatedSymbol: not null }) continue; // backing fields
                var marks = attributes.Read(member);

                if (byName is not null && byName.TryGetValue(member.Name, out var derived))
                {
                    if (Overrides(derived.Symbol, member))
                    {
                        // One member seen at two levels: the override inherits the mapping it does not replace, and takes
                        // the base declaration's place in declaration order.
                        derived.Marks ??= marks;
                        derived.Depth = depth;
                        derived.Index = index;
                    }
                    else if (marks is not null && derived.Marks is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.HiddenMappedMember,
                            InSource(derived.Symbol) ?? typeLocation,
                            DisplayName(derived.Symbol, type), MappingAttributes.Display(marks.Kind, attributes.Origin), DisplayName(member, type)));
                    }
                    continue; // hidden, or already represented by its override
                }

                // An unmapped member matters only if it might hide a mapped base member.
                if (marks is null && !hasBase) continue;
                var candidate = new Candidate(member, marks, depth, index);
                byName?.Add(member.Name, candidate);
                order.Add(candidate);
            }
        }

        var mapped = order.FindAll(c => c.Marks is not null);
        // Base types first, then declaration order inside each type: keys and the single timestamp are claimed by the
        // base, and a clash is reported at the more derived member.
        mapped.Sort((a, b) => a.Depth != b.Depth ? b.Depth.CompareTo(a.Depth) : a.Index.CompareTo(b.Index));
        return mapped;
    }

    /// <summary>The location of <paramref name="symbol"/> in source, or <see langword="null"/> for metadata.</summary>
    public static Location? InSource(ISymbol symbol)
    {
        foreach (var location in symbol.Locations)
        {
            if (location.IsInSource) return location;
        }
        return null;
    }

    /// <summary>The member's name for messages: qualified with its declaring type when that is a base type.</summary>
    public static string DisplayName(ISymbol member, INamedTypeSymbol measurement) =>
        SymbolEqualityComparer.Default.Equals(member.ContainingType, measurement)
            ? member.Name
            : member.ContainingType.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + "." + member.Name;

    private static bool Overrides(ISymbol derived, ISymbol member)
    {
        if (derived is not IPropertySymbol property || member is not IPropertySymbol) return false;
        for (var overridden = property.OverriddenProperty; overridden is not null; overridden = overridden.OverriddenProperty)
        {
            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member.OriginalDefinition)) return true;
        }
        return false;
    }
}
