using System.Reflection;
using HomeIQ.Influx.Generators.Emitter;
using HomeIQ.Influx.Generators.Tests.Infrastructure;
using HomeIQ.Influx.Querying;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace HomeIQ.Influx.Generators.Tests;

/// <summary>
/// The names a generated <c>Where{Member}</c> method must not take are checked against the real types, not trusted:
/// the base class as the runtime assembly declares it, and the generated query class as the generator emits it.
/// </summary>
public class QueryMethodNamesTests
{
    [Fact]
    public void BaseMemberNamesAreExactlyThoseMeasurementQueryBaseDeclares()
    {
        const BindingFlags declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var names = typeof(MeasurementQueryBase<,>).GetMembers(declared)
            .Where(m => m is not ConstructorInfo && !(m is MethodBase { IsSpecialName: true }) && VisibleToDerived(m))
            .Select(m => m.Name)
            .ToHashSet(StringComparer.Ordinal);

        Assert.True(names.Count > 10, "reflection found too few members to compare");
        Assert.Equal(names.Order(StringComparer.Ordinal), QueryMethodNames.BaseMembers.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GeneratedMemberNamesAreExactlyThoseTheQueryClassDeclaresBesidesItsWhereMethods()
    {
        var compilation = TestReferences.CreateCompilation("""
            using HomeIQ.Influx;
            namespace Home;
            public enum Mode { Off, On }
            [Measurement]
            public partial class Sensor
            {
                [Tag] public string? Room { get; set; }
                [Tag] public Mode Mode { get; set; }
                [Field] public double Value { get; set; }
            }
            """);
        CSharpGeneratorDriver.Create(new MeasurementGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var query = output.GetTypeByMetadataName("Home.SensorQuery");
        Assert.NotNull(query);

        var names = query.GetMembers()
            .Where(m => !m.IsImplicitlyDeclared && m is not IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.PropertyGet or MethodKind.PropertySet })
            .Select(m => m.Name)
            .Where(n => !n.StartsWith("WhereRoom", StringComparison.Ordinal) && !n.StartsWith("WhereMode", StringComparison.Ordinal) &&
                        !n.StartsWith("WhereValue", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(names.Order(StringComparer.Ordinal), QueryMethodNames.GeneratedMembers.Distinct().Order(StringComparer.Ordinal));
    }

    private static bool VisibleToDerived(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        PropertyInfo p => (p.GetMethod ?? p.SetMethod) is { } accessor && VisibleToDerived(accessor),
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        EventInfo e => e.AddMethod is { } add && VisibleToDerived(add),
        Type t => t.IsNestedPublic || t.IsNestedFamily || t.IsNestedFamORAssem,
        _ => false,
    };
}
