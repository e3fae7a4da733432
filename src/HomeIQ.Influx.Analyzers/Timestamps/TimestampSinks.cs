using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Timestamps;

/// <summary>
/// The places a <see cref="System.DateTime"/> becomes a point's timestamp: InfluxDB.Client's
/// <c>PointData.Timestamp(DateTime, ...)</c> (and its <c>Builder</c>), InfluxDB3.Client's
/// <c>PointData.SetTimestamp(DateTime)</c> (and <c>PointDataValues</c>), and an assignment to a <c>DateTime</c> member
/// marked with this project's <c>[Timestamp]</c> or InfluxDB.Client's <c>[Column(IsTimestamp = true)]</c>.
/// A <see cref="System.DateTimeOffset"/> sink is not one: a local <c>DateTime</c> converts to it with its offset, exactly.
/// </summary>
internal static class TimestampSinks
{
    /// <summary>The value that becomes a timestamp in <paramref name="operation"/>, or <see langword="null"/>; <paramref name="sink"/> names the place.</summary>
    public static IOperation? Value(IOperation operation, InfluxTypes types, out string sink)
    {
        sink = string.Empty;
        switch (operation)
        {
            case IInvocationOperation invocation when invocation.Arguments.Length > 0:
            {
                var method = invocation.TargetMethod;
                var first = method.Parameters.Length > 0 ? method.Parameters[0] : null;
                if (first is null || !IsDateTime(first.Type, types)) return null;
                var owner = method.ContainingType;
                if (method.Name == "Timestamp" && (InfluxTypes.IsType(owner, types.V2PointData) || InfluxTypes.IsType(owner, types.V2PointDataBuilder)))
                    sink = "PointData.Timestamp";
                else if (method.Name == "SetTimestamp" && (InfluxTypes.IsType(owner, types.V3PointData) || InfluxTypes.IsType(owner, types.V3PointDataValues)))
                    sink = owner.Name + ".SetTimestamp";
                else
                    return null;

                foreach (var argument in invocation.Arguments)
                {
                    if (SymbolEqualityComparer.Default.Equals(argument.Parameter, first)) return argument.Value;
                }

                return null;
            }

            case ISimpleAssignmentOperation assignment:
            {
                var member = assignment.Target switch
                {
                    IPropertyReferenceOperation property => (ISymbol)property.Property,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };
                if (member is null || !IsDateTime(assignment.Target.Type, types) || !IsTimestampMember(member, types)) return null;
                sink = "[Timestamp] " + member.ContainingType.Name + "." + member.Name;
                return assignment.Value;
            }

            default:
                return null;
        }
    }

    private static bool IsTimestampMember(ISymbol member, InfluxTypes types)
    {
        foreach (var attribute in member.GetAttributes())
        {
            var type = attribute.AttributeClass;
            if (InfluxTypes.IsType(type, types.TimestampAttribute)) return true;
            if (!InfluxTypes.IsType(type, types.V2ColumnAttribute)) continue;
            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "IsTimestamp" && named.Value.Value is true) return true;
            }
        }

        return false;
    }

    private static bool IsDateTime(ITypeSymbol? type, InfluxTypes types)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
        return SymbolEqualityComparer.Default.Equals(type, types.DateTime);
    }
}
