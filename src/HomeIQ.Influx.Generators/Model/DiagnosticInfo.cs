using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HomeIQ.Influx.Generators.Model;

/// <summary>
/// A diagnostic as plain data (descriptor id, file path, span, message arguments), so it can be cached by the
/// pipeline; <see cref="ToDiagnostic"/> rebuilds it at the end. A <see cref="Location"/> would hold the syntax tree.
/// </summary>
internal sealed record DiagnosticInfo(string Id, string FilePath, TextSpan Span, LinePositionSpan LineSpan, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        var tree = location?.SourceTree;
        return new DiagnosticInfo(
            descriptor.Id,
            tree?.FilePath ?? string.Empty,
            location?.SourceSpan ?? default,
            location?.GetLineSpan().Span ?? default,
            new EquatableArray<string>(arguments));
    }

    public Diagnostic ToDiagnostic()
    {
        var descriptor = Diagnostics.DiagnosticDescriptors.ById(Id);
        var location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);
        return Diagnostic.Create(descriptor, location, Arguments.ToArray<object>());
    }
}

/// <summary>What the parser found for one attributed type: the model (null when nothing can be emitted), diagnostics, and
/// the <c>global::</c>-qualified names of its base classes (their mapping attributes are in use: see HIQ109).</summary>
internal sealed record ParseResult(MeasurementSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, EquatableArray<string> BaseTypeNames);

/// <summary>A mapping attribute on a member of a type without <c>[Measurement]</c> (HIQ109, unless a measurement derives from it).</summary>
/// <param name="TypeName">The <c>global::</c>-qualified name of the member's type (its generic definition).</param>
/// <param name="AlwaysReport">An interface: no measurement reads its attributes.</param>
/// <param name="Diagnostic">What to report.</param>
internal sealed record OrphanAttribute(string TypeName, bool AlwaysReport, DiagnosticInfo Diagnostic);
