using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Symbols;
using HomeIQ.Influx.Analyzers.Timestamps;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// HIQ005: local time (<c>DateTime.Now</c>, <c>DateTime.Today</c>, a <c>DateTimeKind.Local</c> value...) becomes a
/// point's timestamp (<c>PointData.Timestamp</c>, <c>PointData.SetTimestamp</c>, a <c>[Timestamp]</c> member). The
/// clients convert a <c>Local</c> value correctly at that moment, but the value misleads everywhere else: once its kind
/// is lost (stored, serialized, rebuilt with <c>new DateTime(...)</c>) it is read as UTC and lands hours off, and
/// local midnight (<c>Today</c>) moves with daylight saving. UTC is what InfluxDB stores.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LocalTimeAsTimestampAnalyzer : InfluxAnalyzer
{
    /// <summary>The key of the diagnostic property that carries the <see cref="LocalTimeKind"/> to the code fix.</summary>
    public const string KindProperty = "kind";

    internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
        RuleIdentifiers.LocalTimeAsTimestamp,
        title: "Local time is used as a timestamp",
        messageFormat: "'{0}' is local time and becomes the timestamp in {1}; use {2}",
        category: RuleCategories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "InfluxDB stores UTC. A local DateTime is converted correctly only while its Kind survives: stored, serialized or rebuilt it is read as UTC and the point lands hours off, and local midnight shifts with daylight saving. Use DateTime.UtcNow (or DateTimeOffset).",
        helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.LocalTimeAsTimestamp));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
    {
        if (types.V2PointData is null && types.V3PointData is null && types.TimestampAttribute is null && types.V2ColumnAttribute is null) return;
        start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation, OperationKind.SimpleAssignment);
    }

    private static void Analyze(OperationAnalysisContext context, InfluxTypes types)
    {
        var value = TimestampSinks.Value(context.Operation, types, out var sink);
        if (value is null) return;
        var source = LocalTime.Source(value, context.CancellationToken, out var kind);
        if (source is null) return;

        // Inline, the diagnostic sits on the local time itself; through a local, on the local where it becomes a
        // timestamp, with the local time it holds as the additional location the fix rewrites.
        var inline = value.Syntax.Span.Contains(source.Syntax.Span) && value.Syntax.SyntaxTree == source.Syntax.SyntaxTree;
        var location = inline ? source.Syntax.GetLocation() : value.Syntax.GetLocation();
        var additional = inline ? null : new[] { source.Syntax.GetLocation() };
        var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind.ToString());
        context.ReportDiagnostic(Diagnostic.Create(Rule, location, additional, properties, Describe(source), sink, Replacement(kind)));
    }

    private static string Describe(IOperation source) => source.Syntax.ToString() is { Length: <= 60 } text ? text : "this value";

    private static string Replacement(LocalTimeKind kind) => kind switch
    {
        LocalTimeKind.Now => "DateTime.UtcNow",
        LocalTimeKind.Today => "DateTime.UtcNow.Date",
        LocalTimeKind.ToLocalTime => "ToUniversalTime()",
        LocalTimeKind.UtcMethodVariant or LocalTimeKind.UtcPropertyVariant => "its Utc variant",
        LocalTimeKind.LocalDateTime => "UtcDateTime",
        LocalTimeKind.OffsetNowDateTime => "DateTimeOffset.UtcNow.UtcDateTime",
        LocalTimeKind.AppendToUniversalTime => "its ToUniversalTime()",
        _ => "a UTC value (DateTimeKind.Utc)",
    };
}
