using System.Threading;
using HomeIQ.Influx.Generators.Diagnostics;
using HomeIQ.Influx.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HomeIQ.Influx.Generators.Parser;

/// <summary>
/// HIQ109: a mapping attribute (<c>[Tag]</c>, <c>[Field]</c>, <c>[Timestamp]</c>, <c>[MeasurementName]</c>) on a
/// member of a type without <c>[Measurement]</c>. Such a type is fine as a base class of a measurement, so the
/// diagnostic is decided later, against the base classes of every measurement in the compilation
/// (<see cref="ParseResult.BaseTypeNames"/>). Abstract classes are never reported: they exist to be derived from,
/// possibly by a measurement in another assembly. Interfaces are always reported: the generator reads classes and
/// structs only.
/// </summary>
internal static class OrphanAttributeParser
{
    /// <summary>
    /// The syntactic filter: a property or field whose declaring type has no attribute spelled <c>Measurement</c> or
    /// <c>MeasurementAttribute</c> on this declaration. Nearly every mapping attribute sits in a measurement, and this
    /// keeps them out of the semantic transform, which runs again on every edit (measured with 200 measurement types:
    /// without the filter the re-run after an unrelated edit allocated 2.3x as much). The transform still checks
    /// semantically (other partial declarations, aliases).
    /// </summary>
    public static bool MayBeOutsideAMeasurement(SyntaxNode node)
    {
        var member = node switch
        {
            PropertyDeclarationSyntax property => (SyntaxNode)property,
            VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } => field,
            _ => null,
        };
        if (member?.Parent is not TypeDeclarationSyntax type) return member is not null;
        foreach (var list in type.AttributeLists)
        {
            foreach (var attribute in list.Attributes)
            {
                var name = attribute.Name switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                };
                if (name is "Measurement" or "MeasurementAttribute") return false;
            }
        }
        return true;
    }

    public static OrphanAttribute? Parse(GeneratorAttributeSyntaxContext context, string attributeDisplayName, CancellationToken cancellationToken)
    {
        var member = context.TargetSymbol;
        var type = member.ContainingType;
        if (type is null) return null;
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass?.ToDisplayString() == MappingAttributes.MeasurementAttributeName) return null;
        }
        bool isInterface = type.TypeKind == TypeKind.Interface;
        if (type.IsAbstract && !isInterface) return null;

        string typeName = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        string reason = isInterface
            ? "'" + typeName + "' is an interface, and the generator reads mapping attributes from classes and structs only; mark the implementing member of the [Measurement] type"
            : "type '" + typeName + "' has no [Measurement] attribute, and no [Measurement] type in this compilation derives from it";
        var location = context.Attributes.Length > 0
            ? context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()
            : null;
        var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.AttributeWithoutMeasurement, location ?? MemberCollector.InSource(member),
            attributeDisplayName, typeName + "." + member.Name, reason);
        return new OrphanAttribute(type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), isInterface, diagnostic);
    }
}
