using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// HIQ007: a batching writer (InfluxDB.Client's <c>WriteApi</c>, a <c>MeasurementWriter&lt;T&gt;</c> or generated
/// writer) is neither flushed nor disposed before the code that created it ends: a local in a method or in the
/// program's top-level statements, or a field of a type that never flushes or disposes it (a worker, a sink). Points
/// still in its buffer when the program exits are lost (what InfluxDB.Client's users meet at exit; the Python
/// client's #165). A <c>WriteApi</c> whose client is disposed is flushed by that client.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BatchingWriterNotFlushedAnalyzer : InfluxAnalyzer
{
    /// <summary>The key of the diagnostic property that says where the writer lives: "local" or "member".</summary>
    public const string PlaceProperty = "place";

    internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
        RuleIdentifiers.BatchingWriterNotFlushed,
        title: "Batching writer is neither flushed nor disposed",
        messageFormat: "'{0}' buffers points but {1}; the points still buffered are lost when the program exits before its next flush",
        category: RuleCategories.Reliability,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A batching writer sends points in the background and sends the last batch only when flushed or disposed. Dispose it (await using, or in its owner's Dispose) so the last batch is sent before the program ends.",
        helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.BatchingWriterNotFlushed));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
    {
        if (types.V2WriteApi is null && types.MeasurementWriter is null) return;
        start.RegisterOperationAction(c => AnalyzeLocal(c, types), OperationKind.ObjectCreation, OperationKind.Invocation);
        start.RegisterSymbolStartAction(symbolStart =>
        {
            var fields = WriterFields.Start(symbolStart, types);
            if (fields is null) return;
            symbolStart.RegisterSymbolEndAction(end =>
            {
                foreach (var (member, creation) in fields.Unflushed())
                {
                    var what = $"'{member.ContainingType.Name}' neither flushes nor disposes '{member.Name}'";
                    var properties = ImmutableDictionary<string, string?>.Empty.Add(PlaceProperty, "member");
                    end.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), properties, creation.Type?.Name, what));
                }
            });
        }, SymbolKind.NamedType);
    }

    private static void AnalyzeLocal(OperationAnalysisContext context, InfluxTypes types)
    {
        var operation = context.Operation;
        if (Disposable.Creates(operation, types) != Creation.Writer) return;
        if (Disposable.Classify(operation, types, context.CancellationToken, out var flushed) != Fate.Dropped || flushed) return;

        var what = "it is neither flushed nor disposed before " + Creator(operation, context.ContainingSymbol) + " ends";
        var properties = ImmutableDictionary<string, string?>.Empty.Add(PlaceProperty, "local");
        context.ReportDiagnostic(Diagnostic.Create(Rule, operation.Syntax.GetLocation(), properties, operation.Type?.Name, what));
    }

    private static string Creator(IOperation operation, ISymbol containingSymbol)
    {
        switch (Disposable.EnclosingFunction(operation))
        {
            case ILocalFunctionOperation local:
                return "'" + local.Symbol.Name + "'";
            case IAnonymousFunctionOperation:
                return "the lambda";
        }

        return containingSymbol switch
        {
            IMethodSymbol { IsStatic: true, Name: "Main" or WellKnownMemberNames.TopLevelStatementsEntryPointMethodName } => "the program",
            IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => "the constructor of '" + constructor.ContainingType.Name + "'",
            _ => "'" + containingSymbol.Name + "'",
        };
    }
}
