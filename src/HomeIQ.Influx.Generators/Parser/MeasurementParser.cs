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

/// <summary>Symbols in, model out: reads one <c>[Measurement]</c> type into a <see cref="ParseResult"/>.</summary>
internal static class MeasurementParser
{
    public const string MeasurementAttributeName = "HomeIQ.Influx.MeasurementAttribute";
    private const string TagAttributeName = "HomeIQ.Influx.TagAttribute";
    private const string FieldAttributeName = "HomeIQ.Influx.FieldAttribute";
    private const string TimestampAttributeName = "HomeIQ.Influx.TimestampAttribute";

    private static readonly SymbolDisplayFormat DisplayFormat =
        SymbolDisplayFormat.FullyQualifiedFormat.WithGlobalNamespaceStyle(SymbolDisplayGlobalNamespaceStyle.Omitted);

    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var type = (INamedTypeSymbol)context.TargetSymbol;
        var syntax = (TypeDeclarationSyntax)context.TargetNode;
        var compilation = context.SemanticModel.Compilation;
        var diagnostics = new List<DiagnosticInfo>();
        string displayName = type.ToDisplayString(DisplayFormat);
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
        string measurementName = NameArgument(attribute) ?? type.Name;
        if (LineProtocolNames.MeasurementProblem(measurementName) is { } measurementProblem)
        {
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? syntax.Identifier.GetLocation();
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ForbiddenName, location, "Measurement name", measurementName, measurementProblem));
            canEmit = false;
        }

        var members = ParseMembers(type, compilation, diagnostics, cancellationToken, out bool anyFieldAttribute);
        if (!anyFieldAttribute)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoField, syntax.Identifier.GetLocation(), displayName));
        }

        MeasurementSpec? spec = null;
        string? queryProblem = null;
        if (canEmit)
        {
            queryProblem = QueryMapperProblem(type, members);
            if (queryProblem is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoQueryMapper, syntax.Identifier.GetLocation(), displayName, queryProblem));
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
                members.ToEquatableArray(),
                HasParameterlessConstructor(type),
                queryProblem);
        }
        return new ParseResult(spec, diagnostics.ToEquatableArray());
    }

    private static List<MemberSpec> ParseMembers(INamedTypeSymbol type, Compilation compilation, List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken, out bool anyFieldAttribute)
    {
        var tagAttribute = compilation.GetTypeByMetadataName(TagAttributeName);
        var fieldAttribute = compilation.GetTypeByMetadataName(FieldAttributeName);
        var timestampAttribute = compilation.GetTypeByMetadataName(TimestampAttributeName);

        var tags = new List<MemberSpec>();
        var fields = new List<MemberSpec>();
        MemberSpec? timestamp = null;
        var keys = new Dictionary<string, string>(System.StringComparer.Ordinal);
        anyFieldAttribute = false;

        int declarationIndex = -1;
        foreach (var member in type.GetMembers())
        {
            cancellationToken.ThrowIfCancellationRequested();
            declarationIndex++;
            if (member is not (IPropertySymbol or IFieldSymbol)) continue;
            if (member is IFieldSymbol { AssociatedSymbol: not null }) continue; // backing fields

            AttributeData? tag = null, field = null, time = null;
            foreach (var data in member.GetAttributes())
            {
                var cls = data.AttributeClass;
                if (cls is null) continue;
                if (SymbolEqualityComparer.Default.Equals(cls, tagAttribute)) tag = data;
                else if (SymbolEqualityComparer.Default.Equals(cls, fieldAttribute)) field = data;
                else if (SymbolEqualityComparer.Default.Equals(cls, timestampAttribute)) time = data;
            }
            int marks = (tag is null ? 0 : 1) + (field is null ? 0 : 1) + (time is null ? 0 : 1);
            if (marks == 0) continue;
            if (field is not null) anyFieldAttribute = true;

            var location = member.Locations.FirstOrDefault(l => l.IsInSource);
            if (marks > 1)
            {
                var names = new List<string>();
                if (tag is not null) names.Add("[Tag]");
                if (field is not null) names.Add("[Field]");
                if (time is not null) names.Add("[Timestamp]");
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ConflictingMapping, location, member.Name, string.Join(" and ", names)));
                continue;
            }

            if (UnreadableReason(member) is { } reason)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnreadableMember, location, member.Name, reason));
                continue;
            }

            var kind = tag is not null ? MemberKind.Tag : field is not null ? MemberKind.Field : MemberKind.Timestamp;
            var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
            var classified = MemberTypeClassifier.Classify(memberType, kind);
            if (classified is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMemberType, location, member.Name,
                    memberType.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), KindText(kind), MemberTypeClassifier.Supported(kind)));
                continue;
            }

            string key = string.Empty;
            if (kind == MemberKind.Timestamp)
            {
                if (timestamp is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MultipleTimestamps, location, member.Name, timestamp.MetadataName));
                    continue;
                }
            }
            else
            {
                key = NameArgument(tag ?? field!) ?? member.Name;
                if (LineProtocolNames.KeyProblem(key) is { } problem)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ForbiddenName, location, kind == MemberKind.Tag ? "Tag key" : "Field key", key, problem));
                    continue;
                }
                if (keys.TryGetValue(key, out var owner))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateKey, location, member.Name, key, owner));
                    continue;
                }
                keys.Add(key, member.Name);
            }

            var spec = ToMemberSpec(member, key, kind, classified, memberType, declarationIndex);
            if (kind == MemberKind.Tag) tags.Add(spec);
            else if (kind == MemberKind.Field) fields.Add(spec);
            else timestamp = spec;
        }

        // Sorted at compile time so that every type has one canonical line: tags and fields by key, UTF-8 byte order.
        tags.Sort((a, b) => LineProtocolNames.CompareOrdinalUtf8(a.Key, b.Key));
        fields.Sort((a, b) => LineProtocolNames.CompareOrdinalUtf8(a.Key, b.Key));
        var all = new List<MemberSpec>(tags.Count + fields.Count + 1);
        all.AddRange(tags);
        all.AddRange(fields);
        if (timestamp is not null) all.Add(timestamp);
        return all;
    }

    private static MemberSpec ToMemberSpec(ISymbol member, string key, MemberKind kind, MemberTypeClassifier.Result classified, ITypeSymbol memberType, int declarationIndex)
    {
        bool settable, initOnly = false, required, isField;
        if (member is IPropertySymbol property)
        {
            // The query mapper is generated inside the type, so a private setter or init accessor is fine.
            settable = property.SetMethod is not null;
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
            kind == MemberKind.Timestamp ? string.Empty : LineProtocolNames.EscapeKey(key),
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

    // The mapper is generated inside the type, so any parameterless constructor will do, private ones included; a
    // struct always has one.
    private static bool HasParameterlessConstructor(INamedTypeSymbol type) =>
        type.IsValueType || type.InstanceConstructors.Any(c => c.Parameters.Length == 0);

    /// <summary>Why rows cannot be read into the type (no query mapper, no query class), or null when they can.</summary>
    private static string? QueryMapperProblem(INamedTypeSymbol type, List<MemberSpec> mapped)
    {
        if (type.IsAbstract) return "it is abstract, so the generated code cannot create it";
        if (!HasParameterlessConstructor(type)) return "it has no parameterless constructor for the generated code to call";
        var constructor = type.IsValueType ? null : type.InstanceConstructors.First(c => c.Parameters.Length == 0);
        bool setsRequired = constructor is not null && constructor.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == "System.Diagnostics.CodeAnalysis.SetsRequiredMembersAttribute");
        if (setsRequired) return null;
        var names = new HashSet<string>(mapped.Select(m => m.MetadataName), System.StringComparer.Ordinal);
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var member in t.GetMembers())
            {
                bool required = member is IPropertySymbol { IsRequired: true } || member is IFieldSymbol { IsRequired: true };
                if (required && (!SymbolEqualityComparer.Default.Equals(t, type) || !names.Contains(member.Name)))
                    return "required member '" + member.Name + "' is not a tag, field or timestamp, so the generated code cannot set it";
            }
        }
        return null;
    }

    private static string? UnreadableReason(ISymbol member)
    {
        if (member.IsStatic) return "it is static; only instance members belong to a point";
        if (member is IPropertySymbol property)
        {
            if (property.IsIndexer) return "it is an indexer";
            if (property.GetMethod is null) return "it is write-only (it has no getter)";
            if (!property.ExplicitInterfaceImplementations.IsEmpty) return "it is an explicit interface implementation";
        }
        return null;
    }

    private static string? NameArgument(AttributeData attribute) =>
        attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is string name ? name : null;

    private static string KindText(MemberKind kind) => kind switch
    {
        MemberKind.Tag => "tag",
        MemberKind.Field => "field",
        _ => "timestamp",
    };

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
        return new TypeSpec(ToTypeRef(type), typeParameters, kind, ToAccessibility(type.DeclaredAccessibility));
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
