using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// HIQ003: InfluxDB.Client's <c>GetWriteApi()</c> (on <c>InfluxDBClient</c> or <c>IInfluxDBClient</c>) called in code
/// that runs per operation, as HIQ002 decides it. Each call starts a new batching pipeline (a background
/// subscription with its own buffer and flush timer) that must itself be disposed to flush.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WriteApiCreatedPerCallAnalyzer : InfluxAnalyzer
{
    private const string Title = "WriteApi is created per call";
    private const string Message = "GetWriteApi is called {0}; each call starts a new batching pipeline, so create the WriteApi once and share it, or use GetWriteApiAsync for one-off writes";
    private const string Description = "InfluxDB.Client's WriteApi batches points in the background and must be disposed to flush them. Creating one per request starts a new pipeline each time; keep one for the application's lifetime.";

    internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
        RuleIdentifiers.WriteApiCreatedPerCall, Title, Message, RuleCategories.Performance, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description, helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.WriteApiCreatedPerCall));

    /// <summary>The same rule, for calls in helpers judged by their callers (reported when the compilation ends).</summary>
    internal static readonly DiagnosticDescriptor RuleFromCallers = new DiagnosticDescriptor(
        RuleIdentifiers.WriteApiCreatedPerCall, Title, Message, RuleCategories.Performance, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: Description, helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.WriteApiCreatedPerCall), customTags: WellKnownDiagnosticTags.CompilationEnd);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, RuleFromCallers);

    private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
    {
        if (types.V2Client is null) return;
        PerCallCreations.Register(start, types,
            static (operation, t) => operation is IInvocationOperation invocation && t.IsGetWriteApi(invocation.TargetMethod),
            (creation, where) => Diagnostic.Create(Rule, creation.Syntax.GetLocation(), where),
            (creation, where) => Diagnostic.Create(RuleFromCallers, creation.Syntax.GetLocation(), where),
            OperationKind.Invocation);
    }
}
