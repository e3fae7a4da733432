using System.Collections.Immutable;
using HomeIQ.Influx.Analyzers.Async;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Rules;

/// <summary>
/// HIQ006: a blocking call inside an async method, lambda or local function: <c>.Result</c>, <c>.Wait()</c> or
/// <c>.GetAwaiter().GetResult()</c> on a client's task, InfluxDB.Client's <c>QueryApiSync</c>, or a synchronous
/// <c>Dispose</c>/<c>using</c> of a <c>MeasurementWriter</c>. Each holds a thread-pool thread for a network round trip
/// (under load that starves the pool: requests queue behind threads that only wait) and can deadlock where a
/// synchronization context is captured. Synchronous code that must block is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallInAsyncCodeAnalyzer : InfluxAnalyzer
{
    /// <summary>The key of the diagnostic property that carries the <see cref="BlockingKind"/> to the code fix.</summary>
    public const string KindProperty = "kind";

    internal static readonly DiagnosticDescriptor Rule = new DiagnosticDescriptor(
        RuleIdentifiers.BlockingCallInAsyncCode,
        title: "Blocking call in async code",
        messageFormat: "{0} blocks a thread in async code; {1}",
        category: RuleCategories.Performance,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Blocking on a client's task (.Result, .Wait(), GetAwaiter().GetResult()), InfluxDB.Client's QueryApiSync or a writer's synchronous Dispose inside async code holds a thread-pool thread for a network round trip and can deadlock. Use the async API and await it.",
        helpLinkUri: RuleDescriptors.HelpLink(RuleIdentifiers.BlockingCallInAsyncCode));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    private protected override void Register(CompilationStartAnalysisContext start, InfluxTypes types)
        => start.RegisterOperationAction(c => Analyze(c, types),
            OperationKind.PropertyReference, OperationKind.Invocation, OperationKind.Using, OperationKind.UsingDeclaration);

    private static void Analyze(OperationAnalysisContext context, InfluxTypes types)
    {
        var operation = context.Operation;
        var kind = Classify(operation, types, context);
        if (kind is null || !BlockingCalls.IsInAsyncCode(operation, context.ContainingSymbol)) return;

        var (what, advice) = kind.Value switch
        {
            BlockingKind.Result => ("'.Result'", "await the task instead"),
            BlockingKind.Wait => ("'.Wait()'", "await the task instead"),
            BlockingKind.GetResult => ("'.GetAwaiter().GetResult()'", "await the task instead"),
            BlockingKind.QuerySync => ("'QuerySync'", "use GetQueryApi().QueryAsync and await it"),
            BlockingKind.Dispose => ("The writer's 'Dispose()' (it sends the last batch)", "await DisposeAsync() instead"),
            _ => ("'using' of a writer (its Dispose sends the last batch)", "use 'await using'"),
        };
        var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind.Value.ToString());
        context.ReportDiagnostic(Diagnostic.Create(Rule, Location(operation.Syntax), properties, what, advice));
    }

    // A using statement is reported on its head (`using (...)`), not on its whole body.
    private static Location Location(SyntaxNode syntax)
        => syntax is Microsoft.CodeAnalysis.CSharp.Syntax.UsingStatementSyntax statement
            ? Microsoft.CodeAnalysis.Location.Create(statement.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(statement.SpanStart, statement.CloseParenToken.Span.End))
            : syntax.GetLocation();

    private static BlockingKind? Classify(IOperation operation, InfluxTypes types, OperationAnalysisContext context)
    {
        var cancellationToken = context.CancellationToken;
        switch (operation)
        {
            case IPropertyReferenceOperation { Property.Name: "Result", Instance: { } task } property
                when BlockingCalls.IsTaskType(property.Property.ContainingType) && BlockingCalls.IsClientTask(task, types, cancellationToken):
                return BlockingKind.Result;

            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (method.Name == "Wait" && BlockingCalls.IsTaskType(method.ContainingType) && BlockingCalls.IsClientTask(invocation.Instance, types, cancellationToken))
                    return BlockingKind.Wait;
                if (method.Name == "GetResult" && invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter
                    && BlockingCalls.IsClientTask(awaiter.Instance, types, cancellationToken))
                {
                    return BlockingKind.GetResult;
                }

                if (method.Name.StartsWith("QuerySync", System.StringComparison.Ordinal) && types.IsQueryApiSyncMember(method)) return BlockingKind.QuerySync;
                if (method.Name == "Dispose" && method.Parameters.Length == 0 && BlockingCalls.IsAsyncFlushingWriter(invocation.Instance?.Type, types))
                    return BlockingKind.Dispose;
                return null;

            case IUsingOperation { IsAsynchronous: false } statement when DeclaresWriter(statement.Resources, types):
                return BlockingKind.Using;

            case IUsingDeclarationOperation { IsAsynchronous: false } declaration when DeclaresWriter(declaration.DeclarationGroup, types):
                return BlockingKind.Using;

            default:
                return null;
        }
    }

    private static bool DeclaresWriter(IOperation resources, InfluxTypes types)
    {
        if (resources is IVariableDeclarationGroupOperation group)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    if (BlockingCalls.IsAsyncFlushingWriter(declarator.Symbol.Type, types)) return true;
                }
            }

            return false;
        }

        return BlockingCalls.IsAsyncFlushingWriter(resources.Type, types);
    }
}
