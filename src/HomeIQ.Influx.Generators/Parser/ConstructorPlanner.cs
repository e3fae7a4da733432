using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using HomeIQ.Influx.Generators.Common;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HomeIQ.Influx.Generators.Parser;

/// <summary>
/// Decides how the query mapper creates a value, with no reflection, the way System.Text.Json's generator does:
/// <list type="number">
/// <item>the primary constructor (positional records, C# 12 primary constructors);</item>
/// <item>else a parameterless constructor (any accessibility: the mapper is generated inside the type; a struct's
/// implicit one counts only when the struct declares no constructor, as a class's default constructor does);</item>
/// <item>else the single public constructor, or the only constructor.</item>
/// </list>
/// Parameters are matched to mapped members by name, ignoring case; a parameter of another type than its member, a
/// <c>ref</c>/<c>out</c> parameter, or two members that both match is a problem (HIQ108). A parameter that matches no
/// mapped member gets its default value (or <c>default</c>), as it does in System.Text.Json. Mapped members not passed to
/// the constructor are set afterwards: <c>init</c> and <c>required</c> ones in an object initializer.
/// </summary>
internal static class ConstructorPlanner
{
    public readonly struct Plan
    {
        public Plan(ConstructorSpec? constructor, string? problem)
        {
            Constructor = constructor;
            Problem = problem;
        }

        public ConstructorSpec? Constructor { get; }

        public string? Problem { get; }
    }

    public static Plan Choose(INamedTypeSymbol type, IReadOnlyList<(ISymbol Symbol, MemberSpec Spec)> mapped, CancellationToken cancellationToken)
    {
        if (type.IsAbstract) return Fail("it is abstract, so the generated code cannot create it");

        // The record copy constructor is for `with`; a struct's implicit parameterless constructor only zeroes it.
        var declared = type.InstanceConstructors
            .Where(c => !IsCopyConstructor(c, type) && !(type.IsValueType && c.IsImplicitlyDeclared))
            .ToList();
        IMethodSymbol? chosen = declared.FirstOrDefault(c => IsPrimary(c, cancellationToken));
        if (chosen is null && declared.Count == 0 && type.IsValueType)
        {
            return Finish(type, mapped, null, Array.Empty<ArgumentSpec>());
        }
        chosen ??= declared.FirstOrDefault(c => c.Parameters.Length == 0);
        if (chosen is null)
        {
            var candidates = declared.Where(c => c.DeclaredAccessibility == Accessibility.Public).ToList();
            string kind = " public";
            if (candidates.Count == 0) (candidates, kind) = (declared, "");
            if (candidates.Count != 1)
            {
                return Fail("it has " + candidates.Count.ToString(CultureInfo.InvariantCulture) + kind +
                    " constructors with parameters and none without, so the generated code cannot choose one; keep one public constructor or add a parameterless one");
            }
            chosen = candidates[0];
        }

        var arguments = new List<ArgumentSpec>(chosen.Parameters.Length);
        foreach (var parameter in chosen.Parameters)
        {
            if (parameter.RefKind is RefKind.Ref or RefKind.Out)
                return Fail("constructor parameter '" + parameter.Name + "' is passed by reference, so the generated code cannot pass a column's value");
            var matches = mapped.Where(m => string.Equals(m.Spec.MetadataName, parameter.Name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count > 1)
            {
                var exact = matches.Where(m => string.Equals(m.Spec.MetadataName, parameter.Name, StringComparison.Ordinal)).ToList();
                if (exact.Count != 1)
                    return Fail("constructor parameter '" + parameter.Name + "' matches members '" + matches[0].Spec.MetadataName + "' and '" +
                        matches[1].Spec.MetadataName + "', which differ only in case");
                matches = exact;
            }
            string defaultValue = DefaultValue(parameter);
            if (matches.Count == 0)
            {
                arguments.Add(new ArgumentSpec(null, defaultValue));
                continue;
            }
            var (symbol, spec) = matches[0];
            var memberType = symbol is IPropertySymbol p ? p.Type : ((IFieldSymbol)symbol).Type;
            if (!SymbolEqualityComparer.Default.Equals(parameter.Type, memberType))
            {
                return Fail("constructor parameter '" + parameter.Name + "' is " + Show(parameter.Type) + " but member '" + spec.MetadataName +
                    "' is " + Show(memberType) + ", and the generated code does not convert between them");
            }
            arguments.Add(new ArgumentSpec(spec.MetadataName, defaultValue));
        }
        return Finish(type, mapped, chosen, arguments);
    }

    // Required members must be set by the object initializer unless the constructor says it sets them.
    private static Plan Finish(INamedTypeSymbol type, IReadOnlyList<(ISymbol Symbol, MemberSpec Spec)> mapped, IMethodSymbol? constructor,
        IReadOnlyList<ArgumentSpec> arguments)
    {
        bool setsRequired = constructor is not null && constructor.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute");
        if (!setsRequired && (type.GetMembers().Any(IsRequired) || HasRequiredBase(type)))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var t = type; t is not null; t = t.BaseType)
            {
                foreach (var member in t.GetMembers())
                {
                    // A member overridden or hidden by a more derived one was already looked at under its name.
                    if (member is not (IPropertySymbol or IFieldSymbol) || !seen.Add(member.Name) || !IsRequired(member)) continue;
                    var match = mapped.FirstOrDefault(m => m.Symbol.Name == member.Name);
                    if (match.Spec is null)
                        return Fail("required member '" + member.Name + "' is not a tag, field or timestamp, so the generated code cannot set it");
                    if (!match.Spec.IsSettable)
                        return Fail("required member '" + member.Name + "' has no setter the generated code can reach");
                }
            }
        }
        return new Plan(new ConstructorSpec(arguments.ToEquatableArray()), null);
    }

    private static Plan Fail(string problem) => new(null, problem);

    private static bool IsRequired(ISymbol member) => member is IPropertySymbol { IsRequired: true } or IFieldSymbol { IsRequired: true };

    // Whether a base type declares a required member (a derived type need not repeat 'required').
    private static bool HasRequiredBase(INamedTypeSymbol type)
    {
        for (var t = type.BaseType; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                if (IsRequired(member)) return true;
            }
        }
        return false;
    }

    private static bool IsCopyConstructor(IMethodSymbol constructor, INamedTypeSymbol type) =>
        type.IsRecord && constructor.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(constructor.Parameters[0].Type, type);

    // A primary constructor is declared by the type declaration itself (its parameter list).
    private static bool IsPrimary(IMethodSymbol constructor, CancellationToken cancellationToken) =>
        constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax);

    private static string Show(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    /// <summary>The parameter's default value as a C# expression, or <c>default</c> (<c>default!</c> for a reference type).</summary>
    private static string DefaultValue(IParameterSymbol parameter)
    {
        var type = parameter.Type;
        string none = type.IsReferenceType && type.NullableAnnotation != NullableAnnotation.Annotated ? "default!" : "default";
        if (!parameter.HasExplicitDefaultValue) return none;
        object? value = parameter.ExplicitDefaultValue;
        if (value is null) return type.IsReferenceType ? "null" : "default";
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        string fullName = type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        switch (value)
        {
            case string text: return LineProtocolNames.ToLiteral(text);
            case bool flag: return flag ? "true" : "false";
            case char c: return "(char)" + ((int)c).ToString(CultureInfo.InvariantCulture);
            case double d: return Floating(d, "double");
            case float f: return "(float)" + Floating(f, "double");
            case decimal m: return m.ToString(CultureInfo.InvariantCulture) + "m";
        }
        // Integers, and enums (whose default value is their underlying number): cast, parenthesized so a negative works.
        return "(" + fullName + ")(" + Convert.ToString(value, CultureInfo.InvariantCulture) + ")";
    }

    private static string Floating(double value, string keyword)
    {
        if (double.IsNaN(value)) return keyword + ".NaN";
        if (double.IsPositiveInfinity(value)) return keyword + ".PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return keyword + ".NegativeInfinity";
        return "(" + value.ToString("R", CultureInfo.InvariantCulture) + "d)";
    }
}
