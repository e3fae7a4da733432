using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// HIQ001: a client, batching writer or query reader created in a method is neither disposed on every path nor
/// really handed on (see <see cref="Handover"/>: a generated writer does not take the client it is given, nor does
/// an extension method take its receiver). An undisposed client keeps its connections, an undisposed reader its HTTP
/// response, an undisposed writer its background sender. A batching writer that is neither flushed nor disposed
/// loses points, which HIQ007 reports instead.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ClientNotDisposedAnalyzer : InfluxAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
        RuleIdentifiers.ClientNotDisposed,
        title: "InfluxDB client is not disposed",
        messageFormat: "'{0}' is created here but {1}; {2} or hand it to an owner",
        category: RuleCategories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A client, writer or query reader created in a method must be disposed on every path (using, await using, or Dispose in finally) or handed to an owner (returned, stored, registered). Otherwise its connections, HTTP response or background sender stay alive.",
        helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.ClientNotDisposed));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types) =>
        start.RegisterOperationAction(c => Analyze(c, types), OperationKind.ObjectCreation, OperationKind.Invocation);

    private static void Analyze(OperationAnalysisContext context, InfluxTypes types)
    {
        var operation = context.Operation;
        var kind = Disposable.Creates(operation, types);
        if (kind == Creation.None) return;

        var fate = Disposable.Classify(operation, types, context.CancellationToken, out var flushed);
        if (fate is Fate.Disposed or Fate.Escapes) return;
        if (kind == Creation.Writer && fate == Fate.Dropped && !flushed) return; // points are lost: HIQ007 says so

        var type = CreatedType(operation);
        var why = fate == Fate.DisposedOnSomePaths
            ? "its Dispose call is skipped when an exception is thrown"
            : kind switch
            {
                Creation.Reader => "it is never disposed, so it keeps its HTTP response and connection",
                Creation.Writer => "it is never disposed, so its background sender keeps running",
                _ => "it is never disposed, so it keeps its connections open",
            };
        var advice = InfluxTypes.IsAsyncDisposable(type) ? "dispose it with 'await using'" : "dispose it with 'using'";
        context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), type?.Name, why, advice));
    }

    // The type the caller owns: a reader query's task is unwrapped to its reader.
    internal static ITypeSymbol? CreatedType(IOperation operation)
        => operation.Type is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task ? task.TypeArguments[0] : operation.Type;
}
