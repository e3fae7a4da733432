using System.Collections.Generic;
using System.Linq;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Generators.Parser;

/// <summary>Decides how a member's type is written, for the kind (tag, field, timestamp) it is marked as.</summary>
internal static class MemberTypeClassifier
{
    public const string SupportedTagTypes = "string, enums, bool, char, integers, Guid and their nullables";
    public const string SupportedFieldTypes = "double, float, decimal, integers, bool, string, char, enums and their nullables";
    public const string SupportedTimestampTypes = "DateTime, DateTimeOffset, long and their nullables";
    public const string SupportedMeasurementNameTypes = "string";
    public const string SupportedClientFieldTypes = "double, float, decimal, integers, bool, string, char, enums, Guid and their nullables";

    /// <summary>The classified type, or <see langword="null"/> when the kind cannot hold it.</summary>
    public sealed class Result
    {
        public Result(ValueCategory category, ITypeSymbol valueType, bool isNullableValueType)
        {
            Category = category;
            ValueType = valueType;
            IsNullableValueType = isNullableValueType;
        }

        public ValueCategory Category { get; }
        public ITypeSymbol ValueType { get; }
        public bool IsNullableValueType { get; }
    }

    /// <summary>
    /// How a member of <paramref name="origin"/>'s mapping is written, or <see langword="null"/> when the kind cannot hold
    /// it. For InfluxDB.Client's <c>[Column]</c> the choice reproduces its reflection mapper (InfluxDB.Client 5.1.0, measured):
    /// <c>ushort</c> and <c>uint</c> fields are unsigned (<c>u</c>) and <c>byte</c> fields integers (<c>i</c>), and a
    /// <see cref="System.Guid"/> field is a string; a model keeps the field types its data already has on the server.
    /// </summary>
    public static Result? Classify(ITypeSymbol type, MemberKind kind, MappingOrigin origin = MappingOrigin.Toolkit)
    {
        bool nullableValue = false;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
            nullableValue = true;
        }

        ValueCategory? category = Category(type);
        if (category is null) return null;
        bool allowed = kind switch
        {
            MemberKind.Tag => category is ValueCategory.String or ValueCategory.Enum or ValueCategory.Bool or ValueCategory.Char
                or ValueCategory.Int64 or ValueCategory.UInt64 or ValueCategory.Guid,
            MemberKind.Field => category is ValueCategory.Double or ValueCategory.Float or ValueCategory.Decimal or ValueCategory.Int64
                or ValueCategory.UInt64 or ValueCategory.Bool or ValueCategory.String or ValueCategory.Char or ValueCategory.Enum
                || (category is ValueCategory.Guid && origin == MappingOrigin.InfluxDBClient),
            MemberKind.MeasurementName => category is ValueCategory.String,
            _ => category is ValueCategory.DateTime or ValueCategory.DateTimeOffset
                || (category is ValueCategory.Int64 && type.SpecialType == SpecialType.System_Int64),
        };
        if (!allowed) return null;
        if (kind == MemberKind.Timestamp && category == ValueCategory.Int64) category = ValueCategory.LongTimestamp;
        // Every byte, ushort and uint value fits in an int64: written as an `i` field, which InfluxDB 1.x reads (it
        // refuses `u` fields with "invalid number"). Only ulong stays unsigned (HIQ111 says what that means on 1.x).
        // InfluxDB.Client writes ushort and uint as `u`, and a migrated model must keep the field's type on the server.
        bool clientUnsigned = origin == MappingOrigin.InfluxDBClient && type.SpecialType is SpecialType.System_UInt16 or SpecialType.System_UInt32;
        if (kind == MemberKind.Field && category == ValueCategory.UInt64 && type.SpecialType != SpecialType.System_UInt64 && !clientUnsigned)
            category = ValueCategory.Int64;
        return new Result(category.Value, type, nullableValue);
    }

    public static string Supported(MemberKind kind, MappingOrigin origin = MappingOrigin.Toolkit) => kind switch
    {
        MemberKind.Tag => SupportedTagTypes,
        MemberKind.Field => origin == MappingOrigin.InfluxDBClient ? SupportedClientFieldTypes : SupportedFieldTypes,
        MemberKind.MeasurementName => SupportedMeasurementNameTypes,
        _ => SupportedTimestampTypes,
    };

    /// <summary>The enum's named members, one per distinct value (the first declared wins, as a switch needs).</summary>
    public static string[] EnumMemberNames(ITypeSymbol enumType)
    {
        var seen = new HashSet<object>();
        var names = new List<string>();
        foreach (var member in enumType.GetMembers().OfType<IFieldSymbol>())
        {
            if (!member.HasConstantValue || member.ConstantValue is null) continue;
            if (seen.Add(member.ConstantValue)) names.Add(member.Name);
        }
        return names.ToArray();
    }

    private static ValueCategory? Category(ITypeSymbol type)
    {
        if (type.TypeKind == TypeKind.Enum) return ValueCategory.Enum;
        switch (type.SpecialType)
        {
            case SpecialType.System_String: return ValueCategory.String;
            case SpecialType.System_Boolean: return ValueCategory.Bool;
            case SpecialType.System_Char: return ValueCategory.Char;
            case SpecialType.System_SByte:
            case SpecialType.System_Int16:
            case SpecialType.System_Int32:
            case SpecialType.System_Int64: return ValueCategory.Int64;
            case SpecialType.System_Byte:
            case SpecialType.System_UInt16:
            case SpecialType.System_UInt32:
            case SpecialType.System_UInt64: return ValueCategory.UInt64;
            case SpecialType.System_Double: return ValueCategory.Double;
            case SpecialType.System_Single: return ValueCategory.Float;
            case SpecialType.System_Decimal: return ValueCategory.Decimal;
            case SpecialType.System_DateTime: return ValueCategory.DateTime;
        }
        if (type is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named && named.Arity == 0)
        {
            if (named.Name == "Guid") return ValueCategory.Guid;
            if (named.Name == "DateTimeOffset") return ValueCategory.DateTimeOffset;
        }
        return null;
    }
}
