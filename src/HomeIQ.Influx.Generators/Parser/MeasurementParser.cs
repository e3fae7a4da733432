using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HomeIQ.Influx.Generators.Common;
using HomeIQ.Influx.Generators.Diagnostics;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HomeIQ.Influx.Generators.Parser;

/// <summary>
/// Symbols in, model out: reads one <c>[Measurement]</c> type into a <see cref="ParseResult"/>. The members come from
/// <see cref="MemberCollector"/> (inheritance rules), the constructor from <see cref="ConstructorPlanner"/>.
/// </summary>
internal static class MeasurementParser
{
    public const string MeasurementAttributeName = MappingAttributes.MeasurementAttributeName;
    public const string ClientMeasurementAttributeName = MappingAttributes.ClientMeasurementAttributeName;

    private static readonly SymbolDisplayFormat DisplayFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    /// <summary>A type with this toolkit's <c>[Measurement]</c>.</summary>
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, MappingOrigin.Toolkit, cancellationToken);

    /// <summary>
    /// The syntactic filter for InfluxDB.Client's <c>[Measurement]</c>: a <c>partial</c> class. Making the class partial is
    /// the opt-in; one that is not stays InfluxDB.Client's alone and never reaches the semantic transform (no diagnostic
    /// from here: the HIQ008 analyzer suggests <c>partial</c>).
    /// </summary>
    public static bool IsPartialClass(SyntaxNode node) =>
        node is ClassDeclarationSyntax or RecordDeclarationSyntax && ((TypeDeclarationSyntax)node).Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>
    /// A partial class with InfluxDB.Client's <c>[Measurement]</c>, read by InfluxDB.Client's rules: public properties with
    /// <c>[Column]</c>, base classes included, and InfluxDB.Client's text for values.
    /// </summary>
    public static ParseResult ParseInfluxDBClient(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context, MappingOrigin.InfluxDBClient, cancellationToken);

    private static ParseResult Parse(GeneratorAttributeSyntaxContext context, MappingOrigin origin, CancellationToken cancellationToken)
    {
        bool client = origin == MappingOrigin.InfluxDBClient;
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var compilation = context.SemanticModel.Compilation;
        var diagnostics = new List<DiagnosticInfo>();
        string displayName = type.ToDisplayString(DisplayFormat);
        var typeLocation = syntax.Identifier.GetLocation();
        bool canEmit = true;

        // The type and every type it is nested in need 'partial' for the generated part to join them.
        for (var declaration = syntax; declaration is not null; declaration = declaration.Parent as TypeDeclarationSyntax)
        {
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TypeNotPartial, declaration.Identifier.GetLocation(),
                    declaration.Identifier.ValueText, displayName));
                canEmit = false;
            }
        }

        var attribute = context.Attributes[0];
        // InfluxDB.Client's [Measurement] takes its name as a required argument; a null one fails there at run time.
        string measurementName = MappingAttributes.NameArgument(attribute) ?? (client ? string.Empty : type.Name);
        if (LineProtocolNames.MeasurementProblem(measurementName) is { } measurementProblem)
        {
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? typeLocation;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ForbiddenName, location, "Measurement name", measurementName, measurementProblem));
            canEmit = false;
        }

        var attributes = MappingAttributes.For(origin, compilation);
        var candidates = MemberCollector.Collect(type, attributes, diagnostics, typeLocation, cancellationToken);
        if (client) candidates = PublicOnly(type, candidates, diagnostics, typeLocation);
        int reported = diagnostics.Count;
        var mapped = ToMembers(type, compilation, attributes, candidates, diagnostics, typeLocation);
        if (!candidates.Any(c => c.Marks!.Has(MemberKind.Field)))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoField, typeLocation, displayName));
        }
        // A member InfluxDB.Client maps in a way the generated code cannot repeat leaves the type to InfluxDB.Client.
        if (client && diagnostics.Skip(reported).Any(d => d.Id == DiagnosticDescriptors.ClientMappingKeptId)) canEmit = false;

        MeasurementSpec? spec = null;
        if (canEmit)
        {
            var plan = ConstructorPlanner.Choose(type, mapped, cancellationToken);
            if (plan.Problem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoQueryMapper, typeLocation, displayName, plan.Problem));
            }
            var containing = new List<TypeSpec>();
            for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) containing.Insert(0, ToTypeSpec(outer));
            spec = new MeasurementSpec(
                type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
                ToTypeSpec(type),
                containing.ToEquatableArray(),
                ContainerPrefix(type),
                displayName,
                measurementName,
                LineOrder(mapped.Select(m => m.Spec)).ToEquatableArray(),
                plan.Constructor,
                plan.Problem,
                origin);
        }
        // HIQ109 (attributes outside a measurement) is about this toolkit's attributes: InfluxDB.Client's types do not count.
        return new ParseResult(spec, diagnostics.ToEquatableArray(), client ? EquatableArray<string>.Empty : BaseTypeNames(type));
    }

    // InfluxDB.Client reads Type.GetProperties(): public properties only. [Column] on any other member was never written or
    // read, and the generated code keeps it that way (a migration must not start writing new keys), but says so (HIQ114).
    private static List<MemberCollector.Candidate> PublicOnly(INamedTypeSymbol type, List<MemberCollector.Candidate> candidates,
        List<DiagnosticInfo> diagnostics, Location typeLocation)
    {
        var kept = new List<MemberCollector.Candidate>(candidates.Count);
        foreach (var candidate in candidates)
        {
            var member = candidate.Symbol;
            if (member.DeclaredAccessibility == Accessibility.Public)
            {
                kept.Add(candidate);
                continue;
            }
            bool own = SymbolEqualityComparer.Default.Equals(member.ContainingType, type);
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClientColumnIgnored, own ? MemberCollector.InSource(member) ?? typeLocation : typeLocation,
                MemberCollector.DisplayName(member, type), AccessibilityText(member.DeclaredAccessibility)));
        }
        return kept;
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    // Checks each candidate (readable, supported type, key, one timestamp, one measurement name) and describes it.
    private static List<(ISymbol Symbol, MemberSpec Spec)> ToMembers(INamedTypeSymbol type, Compilation compilation, MappingAttributes attributes,
        List<MemberCollector.Candidate> candidates, List<DiagnosticInfo> diagnostics, Location typeLocation)
    {
        bool client = attributes.Origin == MappingOrigin.InfluxDBClient;
        var result = new List<(ISymbol, MemberSpec)>();
        var keys = new Dictionary<string, string>(System.StringComparer.Ordinal);
        string? timestamp = null, measurementName = null;
        int declarationIndex = 0;
        foreach (var candidate in candidates)
        {
            var member = candidate.Symbol;
            var marks = candidate.Marks!;
            bool own = SymbolEqualityComparer.Default.Equals(member.ContainingType, type);
            // Problems of inherited members are reported at the measurement: the base may serve several measurements
            // (one report each, not a pile at the base) or sit in another assembly.
            var location = own ? MemberCollector.InSource(member) ?? typeLocation : typeLocation;
            string name = MemberCollector.DisplayName(member, type);

            if (marks.Conflicting)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingMapping, location, name, marks.Describe()));
                continue;
            }
            var kind = marks.Kind;
            var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
            string typeText = memberType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            if (client && ClientOnlyReason(member, kind) is { } kept)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClientMappingKept, location, DisplayName(type), name, kept));
                continue;
            }
            if (UnreadableReason(member, type, compilation) is { } reason)
            {
                // InfluxDB.Client reads it by reflection (or fails at run time as before): its type stays with InfluxDB.Client.
                diagnostics.Add(client
                    ? DiagnosticInfo.Create(DiagnosticDescriptors.ClientMappingKept, location, DisplayName(type), name, "cannot be read by generated code: " + reason)
                    : DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableMember, location, name, reason));
                continue;
            }

            var classified = MemberTypeClassifier.Classify(memberType, kind, attributes.Origin);
            if (classified is null)
            {
                diagnostics.Add(client
                    ? DiagnosticInfo.Create(DiagnosticDescriptors.ClientMappingKept, location, DisplayName(type), name, ClientTypeReason(kind, typeText))
                    : DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMemberType, location, name, typeText, KindText(kind), MemberTypeClassifier.Supported(kind)));
                continue;
            }

            string key = string.Empty;
            if (kind == MemberKind.Timestamp)
            {
                if (timestamp is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MultipleTimestamps, location, name, timestamp));
                    continue;
                }
                timestamp = name;
            }
            else if (kind == MemberKind.MeasurementName)
            {
                if (measurementName is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MultipleMeasurementNames, location, name, measurementName));
                    continue;
                }
                measurementName = name;
            }
            else
            {
                key = attributes.Key(marks, member);
                if (LineProtocolNames.KeyProblem(key) is { } problem)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ForbiddenName, location, kind == MemberKind.Tag ? "Tag key" : "Field key", key, problem));
                    continue;
                }
                if (keys.TryGetValue(key, out var owner))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateKey, location, name, key, owner));
                    continue;
                }
                keys.Add(key, name);
                // InfluxDB.Client's models keep the unsigned fields their data already has (InfluxDB.Client targets 2.x).
                if (kind == MemberKind.Field && classified.Category == ValueCategory.UInt64 && !client)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsignedField, location, name, key));
                }
            }

            result.Add((member, ToMemberSpec(member, type, compilation, key, kind, classified, memberType, declarationIndex++)));
        }
        return result;
    }

    // Line order, fixed at compile time so that every type has one canonical line: the measurement name, tags and
    // fields by key in UTF-8 byte order, the timestamp.
    private static List<MemberSpec> LineOrder(IEnumerable<MemberSpec> members)
    {
        var list = members.ToList();
        int Rank(MemberKind kind) => kind switch { MemberKind.MeasurementName => 0, MemberKind.Tag => 1, MemberKind.Field => 2, _ => 3 };
        list.Sort((a, b) => Rank(a.Kind) != Rank(b.Kind) ? Rank(a.Kind).CompareTo(Rank(b.Kind)) : LineProtocolNames.CompareOrdinalUtf8(a.Key, b.Key));
        return list;
    }

    private static MemberSpec ToMemberSpec(ISymbol member, INamedTypeSymbol type, Compilation compilation, string key, MemberKind kind,
        MemberTypeClassifier.Result classified, ITypeSymbol memberType, int declarationIndex)
    {
        bool settable, initOnly = false, required, isField;
        if (member is IPropertySymbol property)
        {
            settable = property.SetMethod is { } setter && Reachable(setter, type, compilation);
            initOnly = property.SetMethod?.IsInitOnly == true;
            required = property.IsRequired;
            isField = false;
        }
        else
        {
            var field = (IFieldSymbol)member;
            settable = !field.IsReadOnly && !field.IsConst;
            required = field.IsRequired;
            isField = true;
        }

        bool nullable = classified.IsNullableValueType || (memberType.IsReferenceType && memberType.NullableAnnotation == NullableAnnotation.Annotated);
        var enumMembers = classified.Category == ValueCategory.Enum
            ? MemberTypeClassifier.EnumMemberNames(classified.ValueType).Select(n => new EnumMemberSpec(Identifier(n), n)).ToEquatableArray()
            : EquatableArray<EnumMemberSpec>.Empty;

        return new MemberSpec(
            Identifier(member.Name),
            member.Name,
            key,
            kind is MemberKind.Tag or MemberKind.Field ? LineProtocolNames.EscapeKey(key) : string.Empty,
            kind,
            classified.Category,
            ToTypeRef(classified.ValueType),
            classified.IsNullableValueType,
            nullable,
            enumMembers,
            settable,
            initOnly,
            required,
            isField,
            declarationIndex);
    }

    // What InfluxDB.Client maps and the generated code does not repeat (the HIQ113 text after "member 'X' ").
    private static string? ClientOnlyReason(ISymbol member, MemberKind kind)
    {
        if (kind == MemberKind.MeasurementName)
            return "is [Column(IsMeasurement = true)] in a type with [Measurement], which InfluxDB.Client refuses at run time ('Unable to determine Measurement')";
        if (member.IsStatic) return "is static: InfluxDB.Client writes public static properties, the generated serializer instance members only";
        return null;
    }

    private static string ClientTypeReason(MemberKind kind, string typeText) => kind switch
    {
        MemberKind.Tag => "is a " + typeText + " tag, which InfluxDB.Client writes with ToString() in the current culture; generated tags are " +
            MemberTypeClassifier.SupportedTagTypes,
        MemberKind.Field => "is a " + typeText + " field, which InfluxDB.Client writes as the text of ToString() in the current culture; generated fields are " +
            MemberTypeClassifier.SupportedClientFieldTypes,
        _ => "is a " + typeText + " timestamp; generated timestamps are " + MemberTypeClassifier.SupportedTimestampTypes +
            " (InfluxDB.Client also takes TimeSpan and NodaTime's Instant, and skips other types)",
    };

    private static string DisplayName(INamedTypeSymbol type) => type.ToDisplayString(DisplayFormat);

    private static string? UnreadableReason(ISymbol member, INamedTypeSymbol type, Compilation compilation)
    {
        if (member.IsStatic) return "it is static; only instance members belong to a point";
        // A base type's private member (or an internal one of another assembly) is out of the generated code's reach.
        if (!Reachable(member, type, compilation))
            return "it is " + AccessText(member.DeclaredAccessibility) + " to " + member.ContainingType.Name + "; make it protected or public";
        if (member is IPropertySymbol property)
        {
            if (property.IsIndexer) return "it is an indexer";
            if (property.GetMethod is null) return "it is write-only (it has no getter)";
            if (!property.ExplicitInterfaceImplementations.IsEmpty) return "it is an explicit interface implementation";
            if (!Reachable(property.GetMethod, type, compilation))
                return "its getter is " + AccessText(property.GetMethod.DeclaredAccessibility) + " to " + property.ContainingType.Name + "; make it protected or public";
        }
        return null;
    }

    // The generated code is part of the measurement type: its own members are always reachable (the common case, and
    // the parse runs again on every edit), base members when C# says so from inside the type.
    private static bool Reachable(ISymbol symbol, INamedTypeSymbol type, Compilation compilation) =>
        SymbolEqualityComparer.Default.Equals(symbol.ContainingType, type) || compilation.IsSymbolAccessibleWithin(symbol, type, type);

    private static string AccessText(Accessibility accessibility) =>
        accessibility is Accessibility.Internal or Accessibility.ProtectedAndInternal ? "internal" : "private";

    private static string KindText(MemberKind kind) => kind switch
    {
        MemberKind.Tag => "tag",
        MemberKind.Field => "field",
        MemberKind.MeasurementName => "measurement name",
        _ => "timestamp",
    };

    // The base classes of the measurement, so that attributes on them are not reported as outside a measurement (HIQ109).
    private static EquatableArray<string> BaseTypeNames(INamedTypeSymbol type)
    {
        if (type.BaseType is null or { SpecialType: SpecialType.System_Object or SpecialType.System_ValueType }) return EquatableArray<string>.Empty;
        var names = new List<string>();
        for (var t = type.BaseType; t is not null && t.SpecialType is not (SpecialType.System_Object or SpecialType.System_ValueType); t = t.BaseType)
            names.Add(t.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        return names.ToEquatableArray();
    }

    /// <summary>The name as C# needs it in code: reserved keywords get an <c>@</c>.</summary>
    private static string Identifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    private static TypeRef ToTypeRef(ITypeSymbol type) =>
        new(Identifier(type.Name), type.Name, type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), type.SpecialType);

    // Where the types generated beside the measurement (query class, writer) live: its namespace or containing type.
    private static string ContainerPrefix(INamedTypeSymbol type)
    {
        if (type.ContainingType is { } outer) return outer.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ".";
        return type.ContainingNamespace.IsGlobalNamespace
            ? "global::"
            : type.ContainingNamespace.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + ".";
    }

    private static TypeSpec ToTypeSpec(INamedTypeSymbol type)
    {
        var kind = type.TypeKind switch
        {
            TypeKind.Struct => type.IsRecord ? TypeKindSpec.RecordStruct : TypeKindSpec.Struct,
            TypeKind.Interface => TypeKindSpec.Interface,
            _ => type.IsRecord ? TypeKindSpec.RecordClass : TypeKindSpec.Class,
        };
        string typeParameters = type.TypeParameters.IsEmpty ? string.Empty : "<" + string.Join(", ", type.TypeParameters.Select(t => Identifier(t.Name))) + ">";
        return new TypeSpec(ToTypeRef(type), typeParameters, kind, ToAccessibility(type.DeclaredAccessibility), type.IsSealed);
    }

    private static AccessibilitySpec ToAccessibility(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => AccessibilitySpec.Public,
        Accessibility.Internal => AccessibilitySpec.Internal,
        Accessibility.Protected => AccessibilitySpec.Protected,
        Accessibility.ProtectedOrInternal => AccessibilitySpec.ProtectedInternal,
        Accessibility.ProtectedAndInternal => AccessibilitySpec.PrivateProtected,
        _ => AccessibilitySpec.Private,
    };
}
