using System.Collections.Generic;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Generators.Parser;

/// <summary>The mapping attributes of one compilation, looked up once per parse, and what a member carries of them.</summary>
internal sealed class MappingAttributes
{
    public const string MeasurementAttributeName = "HomeIQ.Influx.MeasurementAttribute";
    public const string TagAttributeName = "HomeIQ.Influx.TagAttribute";
    public const string FieldAttributeName = "HomeIQ.Influx.FieldAttribute";
    public const string TimestampAttributeName = "HomeIQ.Influx.TimestampAttribute";
    public const string MeasurementNameAttributeName = "HomeIQ.Influx.MeasurementNameAttribute";

    private readonly INamedTypeSymbol? _tag;
    private readonly INamedTypeSymbol? _field;
    private readonly INamedTypeSymbol? _timestamp;
    private readonly INamedTypeSymbol? _measurementName;

    public MappingAttributes(Compilation compilation)
    {
        _tag = compilation.GetTypeByMetadataName(TagAttributeName);
        _field = compilation.GetTypeByMetadataName(FieldAttributeName);
        _timestamp = compilation.GetTypeByMetadataName(TimestampAttributeName);
        _measurementName = compilation.GetTypeByMetadataName(MeasurementNameAttributeName);
    }

    /// <summary>The mapping attributes declared on <paramref name="member"/> itself, or <see langword="null"/> when it has none.</summary>
    public Marks? Read(ISymbol member)
    {
        Marks? marks = null;
        foreach (var data in member.GetAttributes())
        {
            var cls = data.AttributeClass;
            if (cls is null) continue;
            MemberKind kind;
            if (SymbolEqualityComparer.Default.Equals(cls, _tag)) kind = MemberKind.Tag;
            else if (SymbolEqualityComparer.Default.Equals(cls, _field)) kind = MemberKind.Field;
            else if (SymbolEqualityComparer.Default.Equals(cls, _timestamp)) kind = MemberKind.Timestamp;
            else if (SymbolEqualityComparer.Default.Equals(cls, _measurementName)) kind = MemberKind.MeasurementName;
            else continue;
            if (marks is null) marks = new Marks(kind, data);
            else marks.Add(kind);
        }
        return marks;
    }

    /// <summary>The attribute's name as written in messages (<c>[Tag]</c>).</summary>
    public static string Display(MemberKind kind) => kind switch
    {
        MemberKind.Tag => "[Tag]",
        MemberKind.Field => "[Field]",
        MemberKind.Timestamp => "[Timestamp]",
        _ => "[MeasurementName]",
    };

    /// <summary>The key given as the attribute's argument (<c>[Tag("room")]</c>), or <see langword="null"/>.</summary>
    public static string? NameArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name ? name : null;

    /// <summary>The mapping attributes found on one member declaration: the first, and which kinds in all.</summary>
    public sealed class Marks
    {
        private int _kinds;

        public Marks(MemberKind kind, AttributeData data)
        {
            Kind = kind;
            Data = data;
            _kinds = 1 << (int)kind;
        }

        public MemberKind Kind { get; }

        public AttributeData Data { get; }

        public bool Conflicting { get; private set; }

        public void Add(MemberKind kind)
        {
            _kinds |= 1 << (int)kind;
            Conflicting = true;
        }

        public bool Has(MemberKind kind) => (_kinds & (1 << (int)kind)) != 0;

        public string Describe()
        {
            var names = new List<string>();
            foreach (var kind in new[] { MemberKind.Tag, MemberKind.Field, MemberKind.Timestamp, MemberKind.MeasurementName })
                if (Has(kind)) names.Add(Display(kind));
            return string.Join(" and ", names);
        }
    }
}
