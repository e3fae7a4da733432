namespace HomeIQ.Influx.Generators.Model;

// The model between the parser and the emitters. It must stay immutable and structurally equal (strings, enums,
// EquatableArray, other records of the same kind): the incremental pipeline compares it with the previous run's
// copy to decide whether to emit again. No ISymbol, SyntaxNode, Location or Compilation may ever be stored here.
//
// It carries what every emitter needs (accessibility, settable members, enum names, the constructor to call), so an
// emitter never goes back to symbols.

/// <summary>One <c>[Measurement]</c> type, ready to emit.</summary>
/// <param name="Namespace">The namespace, or <see langword="null"/> for the global namespace.</param>
/// <param name="Type">The type itself.</param>
/// <param name="ContainingTypes">Types the measurement is nested in, outermost first.</param>
/// <param name="ContainerPrefix">The <c>global::</c>-qualified namespace or containing type followed by a dot (<c>global::</c>
/// alone in the global namespace): the start of the full name of every type generated beside the measurement.</param>
/// <param name="DisplayName">The name without <c>global::</c> (namespace, containing types, type), for messages.</param>
/// <param name="MeasurementName">The measurement name, unescaped.</param>
/// <param name="Members">The run-time measurement-name member if any, then tags (by key, ordinal), then fields (by key,
/// ordinal), then the timestamp if any: line order. Inherited members are included.</param>
/// <param name="Constructor">How the query mapper creates a value (null when it cannot: see <paramref name="QueryMapperProblem"/>).</param>
/// <param name="QueryMapperProblem">Why rows cannot be read into the type (HIQ108), or <see langword="null"/> when the query mapper and query class are generated.</param>
/// <param name="Origin">Whose attributes mapped the type: this toolkit's, or InfluxDB.Client's (whose text for some values the
/// emitters reproduce, see <see cref="MappingOrigin"/>).</param>
internal sealed record MeasurementSpec(
    string? Namespace,
    TypeSpec Type,
    EquatableArray<TypeSpec> ContainingTypes,
    string ContainerPrefix,
    string DisplayName,
    string MeasurementName,
    EquatableArray<MemberSpec> Members,
    ConstructorSpec? Constructor,
    string? QueryMapperProblem,
    MappingOrigin Origin)
{
    /// <summary>The measurement type's <c>global::</c>-qualified name, usable in generated code.</summary>
    public string FullyQualifiedName => Type.Ref.FullyQualifiedName;

    /// <summary>The member that names the measurement per point (<c>[MeasurementName]</c>), or <see langword="null"/>.</summary>
    public MemberSpec? MeasurementNameMember => Members.Count > 0 && Members[0].Kind == MemberKind.MeasurementName ? Members[0] : null;

    /// <summary>The generated file's hint name: <c>{Namespace}.{Type}.{purpose}.g.cs</c> (containing types included).</summary>
    /// <remarks>Hint names may not hold <c>@</c>, which a keyword-named type (<c>@event</c>) has in its display name.</remarks>
    public string HintName(string purpose) => DisplayName.Replace("@", "").Replace('<', '{').Replace('>', '}') + "." + purpose + ".g.cs";
}

/// <summary>Whose attributes mapped a measurement.</summary>
internal enum MappingOrigin
{
    /// <summary><c>[HomeIQ.Influx.Measurement]</c> with <c>[Tag]</c>, <c>[Field]</c>, <c>[Timestamp]</c>, <c>[MeasurementName]</c>.</summary>
    Toolkit,

    /// <summary>
    /// InfluxDB.Client's <c>[InfluxDB.Client.Core.Measurement]</c> with <c>[Column]</c> on a partial class: the generated code
    /// must write what InfluxDB.Client's reflection mapper wrote (bool tags as <c>True</c>/<c>False</c>, <c>ushort</c> and
    /// <c>uint</c> fields as unsigned), so that a migrated model keeps its series and field types, and it also gets
    /// extension methods on InfluxDB.Client's write and query APIs.
    /// </summary>
    InfluxDBClient,
}

/// <summary>
/// The constructor the query mapper calls: the primary constructor, else a parameterless one, else the single public
/// (or only) constructor. Its parameters are matched to mapped members by name, ignoring case, as System.Text.Json does.
/// </summary>
/// <param name="Arguments">One per parameter, in order.</param>
internal sealed record ConstructorSpec(EquatableArray<ArgumentSpec> Arguments);

/// <summary>One constructor argument.</summary>
/// <param name="MemberName">The <see cref="MemberSpec.MetadataName"/> of the member whose column it reads, or
/// <see langword="null"/> when no mapped member has the parameter's name.</param>
/// <param name="DefaultValue">The C# expression passed when the member's column is missing or there is no member: the
/// parameter's default value, or <c>default</c>.</param>
internal sealed record ArgumentSpec(string? MemberName, string DefaultValue);

/// <summary>A type declaration as it must be repeated in a partial declaration.</summary>
/// <param name="Ref">The type's names.</param>
/// <param name="TypeParameters">The type parameter list as written (<c>&lt;T&gt;</c>), or an empty string.</param>
/// <param name="Kind">class, struct, record class or record struct.</param>
/// <param name="Accessibility">The declared accessibility.</param>
/// <param name="IsSealed">No type can derive from it (sealed classes, structs): a value of it is never a derived type's.</param>
internal sealed record TypeSpec(TypeRef Ref, string TypeParameters, TypeKindSpec Kind, AccessibilitySpec Accessibility, bool IsSealed = false)
{
    /// <summary>The keywords that start a partial declaration of this type, e.g. <c>partial record struct</c>.</summary>
    public string PartialKeywords => Kind switch
    {
        TypeKindSpec.Struct => "partial struct",
        TypeKindSpec.RecordClass => "partial record",
        TypeKindSpec.RecordStruct => "partial record struct",
        TypeKindSpec.Interface => "partial interface",
        _ => "partial class",
    };

    /// <summary>The start of a partial declaration: keywords, identifier and type parameters (<c>partial class Outer&lt;T&gt;</c>).</summary>
    public string PartialDeclaration => PartialKeywords + " " + Ref.Identifier + TypeParameters;
}

/// <summary>The kind of a declared type.</summary>
internal enum TypeKindSpec
{
    Class,
    Struct,
    RecordClass,
    RecordStruct,
    Interface,
}

/// <summary>Declared accessibility of a type or member.</summary>
internal enum AccessibilitySpec
{
    Public,
    Internal,
    Protected,
    ProtectedInternal,
    PrivateProtected,
    Private,
}
