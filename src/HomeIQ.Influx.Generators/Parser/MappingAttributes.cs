using System.Collections.Generic;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Generators.Parser;

/// <summary>
/// The mapping attributes of one compilation, looked up once per parse, and what a member carries of them. Two sets of
/// attributes map members: this toolkit's (<c>[Tag]</c>, <c>[Field]</c>, <c>[Timestamp]</c>, <c>[MeasurementName]</c>) and
/// InfluxDB.Client's single <c>[Column]</c>, whose <c>IsTag</c>, <c>IsTimestamp</c> and <c>IsMeasurement</c> say the kind.
/// </summary>
internal sealed class MappingAttributes
{
    public const string MeasurementAttributeName = "HomeIQ.Influx.MeasurementAttribute";
    public const string TagAttributeName = "HomeIQ.Influx.TagAttribute";
    public const string FieldAttributeName = "HomeIQ.Influx.FieldAttribute";
    public const string TimestampAttributeName = "HomeIQ.Influx.TimestampAttribute";
    public const string MeasurementNameAttributeName = "HomeIQ.Influx.MeasurementNameAttribute";

    // InfluxDB.Client 4.x/5.x (InfluxDB.Client.Core.dll): the classes are named without the Attribute suffix.
    public const string ClientMeasurementAttributeName = "InfluxDB.Client.Core.Measurement";
    public const string ClientColumnAttributeName = "InfluxDB.Client.Core.Column";

    private readonly INamedTypeSymbol? _tag;
    private readonly INamedTypeSymbol? _field;
    private readonly INamedTypeSymbol? _timestamp;
    private readonly INamedTypeSymbol? _measurementName;
    private readonly INamedTypeSymbol? _column;

    private MappingAttributes(MappingOrigin origin, Compilation compilation)
    {
        Origin = origin;
        if (origin == MappingOrigin.InfluxDBClient)
        {
            _column = compilation.GetTypeByMetadataName(ClientColumnAttributeName);
            return;
        }
        _tag = compilation.GetTypeByMetadataName(TagAttributeName);
        _field = compilation.GetTypeByMetadataName(FieldAttributeName);
        _timestamp = compilation.GetTypeByMetadataName(TimestampAttributeName);
        _measurementName = compilation.GetTypeByMetadataName(MeasurementNameAttributeName);
    }

    /// <summary>Whose attributes these are.</summary>
    public MappingOrigin Origin { get; }

    /// <summary>The attributes a <c>[Measurement]</c> of <paramref name="origin"/> reads its members with.</summary>
    public static MappingAttributes For(MappingOrigin origin, Compilation compilation) => new(origin, compilation);

    /// <summary>The mapping attributes declared on <paramref name="member"/> itself, or <see langword="null"/> when it has none.</summary>
    public Marks? Read(ISymbol member)
    {
        Marks? marks = null;
        foreach (var data in member.GetAttributes())
        {
            var cls = data.AttributeClass;
            if (cls is null) continue;
            if (Origin == MappingOrigin.InfluxDBClient)
            {
                if (SymbolEqualityComparer.Default.Equals(cls, _column)) marks = ReadColumn(data, marks);
                continue;
            }
            MemberKind kind;
            if (SymbolEqualityComparer.Default.Equals(cls, _tag)) kind = MemberKind.Tag;
            else if (SymbolEqualityComparer.Default.Equals(cls, _field)) kind = MemberKind.Field;
            else if (SymbolEqualityComparer.Default.Equals(cls, _timestamp)) kind = MemberKind.Timestamp;
            else if (SymbolEqualityComparer.Default.Equals(cls, _measurementName)) kind = MemberKind.MeasurementName;
            else continue;
            if (marks is null) marks = new Marks(kind, data, Origin);
            else marks.Add(kind);
        }
        return marks;
    }

    // [Column] is a field unless IsTag, IsTimestamp or IsMeasurement says otherwise. InfluxDB.Client tests them in the
    // order IsMeasurement, IsTag, IsTimestamp and takes the first, so two of them on one member is a model whose meaning
    // hangs on that order: reported as a conflict (HIQ106), as two of this toolkit's attributes are.
    private Marks ReadColumn(AttributeData data, Marks? marks)
    {
        var kinds = new List<MemberKind>();
        foreach (var argument in data.NamedArguments)
        {
            if (argument.Value.Value is not true) continue;
            switch (argument.Key)
            {
                case "IsMeasurement": kinds.Add(MemberKind.MeasurementName); break;
                case "IsTag": kinds.Add(MemberKind.Tag); break;
                case "IsTimestamp": kinds.Add(MemberKind.Timestamp); break;
            }
        }
        if (kinds.Count == 0) kinds.Add(MemberKind.Field);
        kinds.Sort();
        foreach (var kind in kinds)
        {
            if (marks is null) marks = new Marks(kind, data, Origin);
            else marks.Add(kind);
        }
        return marks!;
    }

    /// <summary>The attribute as written in messages: <c>[Tag]</c>, or <c>[Column(IsTag = true)]</c> for InfluxDB.Client.</summary>
    public static string Display(MemberKind kind, MappingOrigin origin) => (origin, kind) switch
    {
        (MappingOrigin.InfluxDBClient, MemberKind.Tag) => "[Column(IsTag = true)]",
        (MappingOrigin.InfluxDBClient, MemberKind.Field) => "[Column]",
        (MappingOrigin.InfluxDBClient, MemberKind.Timestamp) => "[Column(IsTimestamp = true)]",
        (MappingOrigin.InfluxDBClient, _) => "[Column(IsMeasurement = true)]",
        (_, MemberKind.Tag) => "[Tag]",
        (_, MemberKind.Field) => "[Field]",
        (_, MemberKind.Timestamp) => "[Timestamp]",
        _ => "[MeasurementName]",
    };

    /// <summary>The name given as the attribute's argument (<c>[Tag("room")]</c>, <c>[Column("room")]</c>), or <see langword="null"/>.</summary>
    public static string? NameArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name ? name : null;

    /// <summary>
    /// The tag or field key of a member: the attribute's name, else the member's name. InfluxDB.Client also takes an
    /// empty <c>[Column("")]</c> as no name; this toolkit reports an empty key (HIQ104).
    /// </summary>
    public string Key(Marks marks, ISymbol member) =>
        NameArgument(marks.Data) is { } name && (name.Length > 0 || Origin == MappingOrigin.Toolkit) ? name : member.Name;

    /// <summary>The mapping attributes found on one member declaration: the first, and which kinds in all.</summary>
    public sealed class Marks
    {
        private readonly MappingOrigin _origin;
        private int _kinds;

        public Marks(MemberKind kind, AttributeData data, MappingOrigin origin)
        {
            Kind = kind;
            Data = data;
            _origin = origin;
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
                if (Has(kind)) names.Add(Display(kind, _origin));
            return string.Join(" and ", names);
        }
    }
}
