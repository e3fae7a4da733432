using System;
using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports (HIQ100-HIQ199). Each id has a page docs/rules/{id}.md whose title line
/// matches <see cref="DiagnosticDescriptor.Title"/>; a test checks that.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "HomeIQ.Influx.Generator";
    private const string HelpLinkBase = "https://github.com/homeiq/HomeIQ.Influx/blob/main/docs/rules/";

    public const string TypeNotPartialId = "HIQ100";
    public const string NoFieldId = "HIQ101";
    public const string UnsupportedMemberTypeId = "HIQ102";
    public const string DuplicateKeyId = "HIQ103";
    public const string ForbiddenNameId = "HIQ104";
    public const string MultipleTimestampsId = "HIQ105";
    public const string ConflictingMappingId = "HIQ106";
    public const string UnreadableMemberId = "HIQ107";
    public const string NoQueryMapperId = "HIQ108";
    public const string AttributeWithoutMeasurementId = "HIQ109";
    public const string HiddenMappedMemberId = "HIQ110";
    public const string UnsignedFieldId = "HIQ111";
    public const string MultipleMeasurementNamesId = "HIQ112";
    public const string ClientMappingKeptId = "HIQ113";
    public const string ClientColumnIgnoredId = "HIQ114";

    /// <summary>The measurement type, or a type it is nested in, is not <c>partial</c>: nothing can be generated.</summary>
    public static readonly DiagnosticDescriptor TypeNotPartial = Create(
        TypeNotPartialId,
        "Measurement type must be partial",
        "Type '{0}' must be declared partial so that the line-protocol serializer for measurement type '{1}' can be generated");

    /// <summary>The measurement maps no member with <c>[Field]</c>; InfluxDB rejects a point without fields.</summary>
    public static readonly DiagnosticDescriptor NoField = Create(
        NoFieldId,
        "Measurement has no field",
        "Measurement type '{0}' has no member marked [Field]; InfluxDB rejects a point without fields");

    /// <summary>A member's type cannot be written as the tag, field or timestamp it is marked as.</summary>
    public static readonly DiagnosticDescriptor UnsupportedMemberType = Create(
        UnsupportedMemberTypeId,
        "Member type is not supported",
        "Member '{0}' has type '{1}', which cannot be written as a {2}; supported: {3}");

    /// <summary>Two members map to the same tag or field key.</summary>
    public static readonly DiagnosticDescriptor DuplicateKey = Create(
        DuplicateKeyId,
        "Two members map to the same key",
        "Member '{0}' maps to key '{1}', which member '{2}' already uses");

    /// <summary>A key or measurement name that line protocol or InfluxDB forbids.</summary>
    public static readonly DiagnosticDescriptor ForbiddenName = Create(
        ForbiddenNameId,
        "Key or measurement name is not allowed",
        "{0} '{1}' cannot be used: {2}");

    /// <summary>More than one member is marked <c>[Timestamp]</c>.</summary>
    public static readonly DiagnosticDescriptor MultipleTimestamps = Create(
        MultipleTimestampsId,
        "More than one timestamp",
        "Member '{0}' is marked [Timestamp], but member '{1}' already is; a point has one timestamp");

    /// <summary>A member has more than one of <c>[Tag]</c>, <c>[Field]</c>, <c>[Timestamp]</c> and <c>[MeasurementName]</c>.</summary>
    public static readonly DiagnosticDescriptor ConflictingMapping = Create(
        ConflictingMappingId,
        "Member is both tag and field",
        "Member '{0}' is marked {1}; a member is either a tag, a field, the timestamp or the measurement name");

    /// <summary>The generated code cannot read the member.</summary>
    public static readonly DiagnosticDescriptor UnreadableMember = Create(
        UnreadableMemberId,
        "Member cannot be read",
        "Member '{0}' cannot be read by the generated serializer: {1}");

    /// <summary>
    /// Rows cannot be read into the type (abstract, no constructor the generated code can choose, a constructor
    /// parameter whose type differs from its member, an unmapped <c>required</c> member), so no query mapper and no
    /// <c>{Type}Query</c> are generated. A warning: the serializer and the typed writer are still generated, and a type
    /// used only for writing may suppress it.
    /// </summary>
    public static readonly DiagnosticDescriptor NoQueryMapper = new(
        NoQueryMapperId,
        "Measurement cannot be read by queries",
        "No query mapper or query class is generated for measurement type '{0}': {1}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + NoQueryMapperId + ".md");

    /// <summary>
    /// <c>[Tag]</c>, <c>[Field]</c>, <c>[Timestamp]</c> or <c>[MeasurementName]</c> on a member of a type that is not a
    /// measurement and that no measurement of the compilation derives from: the attribute does nothing.
    /// </summary>
    public static readonly DiagnosticDescriptor AttributeWithoutMeasurement = new(
        AttributeWithoutMeasurementId,
        "Mapping attribute outside a measurement",
        "[{0}] on member '{1}' has no effect: {2}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + AttributeWithoutMeasurementId + ".md");

    /// <summary>A member hides (<c>new</c>) a mapped member of a base type but has no mapping attribute itself.</summary>
    public static readonly DiagnosticDescriptor HiddenMappedMember = Create(
        HiddenMappedMemberId,
        "Member hides a mapped member",
        "Member '{0}' hides the {1} member '{2}' but has no mapping attribute: mark it {1} to replace that mapping, override the base member instead of hiding it, or rename it");

    /// <summary>A <c>ulong</c> field is written as an unsigned (<c>u</c>) field, which InfluxDB 1.x refuses.</summary>
    public static readonly DiagnosticDescriptor UnsignedField = new(
        UnsignedFieldId,
        "ulong field is refused by InfluxDB 1.x",
        "Field '{0}' is a ulong, written as an unsigned integer field ('{1}' with the u suffix), which InfluxDB 1.x refuses with 'invalid number'; use long (uint is written as an integer), or suppress HIQ111 where every server is InfluxDB 2.x or later",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + UnsignedFieldId + ".md");

    /// <summary>More than one member is marked <c>[MeasurementName]</c>.</summary>
    public static readonly DiagnosticDescriptor MultipleMeasurementNames = Create(
        MultipleMeasurementNamesId,
        "More than one measurement-name member",
        "Member '{0}' is marked [MeasurementName], but member '{1}' already is; a point has one measurement");

    /// <summary>
    /// A partial class with InfluxDB.Client's <c>[Measurement]</c> has a member whose InfluxDB.Client text the generated
    /// serializer cannot reproduce (a tag written with the current culture's <c>ToString()</c>, a <c>TimeSpan</c> or
    /// NodaTime timestamp, a static property...), so nothing is generated for it and InfluxDB.Client keeps mapping it by
    /// reflection. A warning: the type works as before, only without the generated speed.
    /// </summary>
    public static readonly DiagnosticDescriptor ClientMappingKept = new(
        ClientMappingKeptId,
        "InfluxDB.Client type keeps its reflection mapping",
        "Nothing is generated for '{0}', which InfluxDB.Client keeps mapping by reflection: member '{1}' {2}",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + ClientMappingKeptId + ".md");

    /// <summary>
    /// <c>[Column]</c> on a property that is not public: InfluxDB.Client reads public properties only, so it never wrote or
    /// read this one, and the generated code does the same.
    /// </summary>
    public static readonly DiagnosticDescriptor ClientColumnIgnored = new(
        ClientColumnIgnoredId,
        "[Column] on a property InfluxDB.Client never reads",
        "[Column] on '{0}' has no effect: the property is {1}, and InfluxDB.Client (like the code generated for it) maps public properties only; make it public or remove [Column]",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + ClientColumnIgnoredId + ".md");

    /// <summary>All descriptors, in id order.</summary>
    public static readonly DiagnosticDescriptor[] All =
    {
        TypeNotPartial, NoField, UnsupportedMemberType, DuplicateKey, ForbiddenName, MultipleTimestamps, ConflictingMapping, UnreadableMember, NoQueryMapper,
        AttributeWithoutMeasurement, HiddenMappedMember, UnsignedField, MultipleMeasurementNames, ClientMappingKept, ClientColumnIgnored,
    };

    public static DiagnosticDescriptor ById(string id)
    {
        foreach (var descriptor in All)
        {
            if (descriptor.Id == id) return descriptor;
        }
        throw new ArgumentException("Unknown diagnostic id " + id, nameof(id));
    }

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
