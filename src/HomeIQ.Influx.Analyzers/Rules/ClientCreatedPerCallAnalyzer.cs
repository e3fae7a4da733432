using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// HIQ002: a client or batching writer is created and dropped within code that runs per request, per message, per
/// tick or per loop iteration (even with <c>using</c>), or in a method reached from such code. Each client opens its
/// own connection pool and each writer its own pipeline; they are meant to be created once and shared. Creations in
/// code that runs once (startup, a one-shot console tool's helpers) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientCreatedPerCallAnalyzer : InfluxAnalyzer
{
    private const string Title = "InfluxDB client is created per call";
    private const string Message = "'{0}' is created {1} and dropped when it ends; create it once and share it ({2})";
    private const string Description = "InfluxDB clients and writers are thread-safe and meant to live as long as the application. Creating one per request, message, tick or loop iteration opens a new connection pool (or pipeline) each time and wastes sockets.";

    internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
        RuleIdentifiers.ClientCreatedPerCall, Title, Message, RuleCategories.Performance, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description, helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.ClientCreatedPerCall));

    /// <summary>The same rule, for creations in helpers judged by their callers (reported when the compilation ends).</summary>
    internal static readonly DiagnosticDescriptor RuleFromCallers = new DiagnosticDescriptor(
        RuleIdentifiers.ClientCreatedPerCall, Title, Message, RuleCategories.Performance, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description, helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.ClientCreatedPerCall), customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, RuleFromCallers);

    private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
        => PerCallCreations.Register(start, types, IsCandidate,
            (creation, where) => Report(Rule, creation, where, types),
            (creation, where) => Report(RuleFromCallers, creation, where, types),
            OperationKind.ObjectCreation, OperationKind.Invocation);

    // Clients and writers; GetWriteApi has its own rule (HIQ003), and a reader per query is what readers are for.
    private static bool IsCandidate(IOperation operation, InfluxTypes types)
        => Disposable.Creates(operation, types) switch
        {
            Creation.Client => true,
            Creation.Writer => !(operation is Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation && types.IsGetWriteApi(invocation.TargetMethod)),
            _ => false,
        };

    private static Diagnostic Report(DiagnosticDescriptor descriptor, IOperation creation, string where, InfluxTypes types)
    {
        var type = creation.Type;
        var advice = types.IsMeasurementWriter(type)
            ? "register it with services.AddMeasurementWriter<T>() and inject IMeasurementWriter<T>, or keep it in a field"
            : "inject it or keep it in a static readonly field";
        return Diagnostic.Create(descriptor, creation.Syntax.GetLocation(), type?.Name, where, advice);
    }
}
