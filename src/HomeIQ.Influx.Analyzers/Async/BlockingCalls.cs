using System.Threading;
using HomeIQ.Influx.Analyzers.Ownership;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Async;

/// <summary>The kinds of blocking call HIQ006 knows, each with its own async replacement (the code fix).</summary>
internal enum BlockingKind
{
    /// <summary><c>task.Result</c> → <c>await task</c>.</summary>
    Result,

    /// <summary><c>task.Wait()</c> → <c>await task</c>.</summary>
    Wait,

    /// <summary><c>task.GetAwaiter().GetResult()</c> → <c>await task</c>.</summary>
    GetResult,

    /// <summary>InfluxDB.Client's <c>QueryApiSync.QuerySync</c> → <c>await QueryApi.QueryAsync</c>.</summary>
    QuerySync,

    /// <summary><c>writer.Dispose()</c> of a <c>MeasurementWriter</c> (it flushes synchronously) → <c>await writer.DisposeAsync()</c>.</summary>
    Dispose,

    /// <summary><c>using</c> of a <c>MeasurementWriter</c> → <c>await using</c>.</summary>
    Using,
}

/// <summary>
/// Recognises calls that block a thread on the clients' work: <c>.Result</c>, <c>.Wait()</c> and
/// <c>.GetAwaiter().GetResult()</c> on a task (or <c>ValueTask</c>) that a client method returned (InfluxDB.Client,
/// InfluxDB3.Client, HomeIQ.Influx), directly or through <c>ConfigureAwait</c>/<c>AsTask</c> or a local; InfluxDB.Client's
/// <c>QueryApiSync</c>; and a synchronous <c>Dispose</c>/<c>using</c> of a <c>MeasurementWriter</c>, whose
/// <c>Dispose</c> waits for the last batch to be sent.
/// </summary>
internal static class BlockingCalls
{
    /// <summary>True when the code holding <paramref name="operation"/> is an async method, lambda or local function.</summary>
    public static bool IsInAsyncCode(IOperation operation, ISymbol containingSymbol)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda) return lambda.Symbol.IsAsync;
            if (current is ILocalFunctionOperation local) return local.Symbol.IsAsync;
        }

        return containingSymbol is IMethodSymbol { IsAsync: true };
    }

    /// <summary>True when <paramref name="task"/> is a task a client method returned.</summary>
    public static bool IsClientTask(IOperation? task, InfluxTypes types, CancellationToken cancellationToken)
        => IsClientTask(task, types, followLocals: true, cancellationToken);

    private static bool IsClientTask(IOperation? task, InfluxTypes types, bool followLocals, CancellationToken cancellationToken)
    {
        while (task is IConversionOperation or IParenthesizedOperation)
            task = task is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)task).Operand;

        switch (task)
        {
            case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask", Instance: { } inner }:
                return IsClientTask(inner, types, followLocals, cancellationToken);
            case IInvocationOperation invocation:
                return IsTaskType(invocation.Type) && types.IsClientLibraryMember(invocation.TargetMethod.OriginalDefinition);
            case ILocalReferenceOperation local when followLocals:
                foreach (var operation in Disposable.Root(local).Descendants())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (operation is IVariableDeclaratorOperation declarator
                        && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local.Local)
                        && declarator.Initializer is { } initializer)
                    {
                        return IsClientTask(initializer.Value, types, followLocals: false, cancellationToken);
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>True for <c>Task</c>, <c>Task&lt;T&gt;</c>, <c>ValueTask</c>, <c>ValueTask&lt;T&gt;</c> and their configured awaitables.</summary>
    public static bool IsTaskType(ITypeSymbol? type)
        => type is { Name: "Task" or "ValueTask" or "ConfiguredTaskAwaitable" or "ConfiguredValueTaskAwaitable" }
           && type.ContainingNamespace is { Name: "Tasks" or "CompilerServices" };

    /// <summary>True for a <c>MeasurementWriter&lt;T&gt;</c> (or generated writer) or an <c>IMeasurementWriter&lt;T&gt;</c>.</summary>
    public static bool IsAsyncFlushingWriter(ITypeSymbol? type, InfluxTypes types)
        => types.IsMeasurementWriter(type) || InfluxTypes.IsType(type, types.MeasurementWriterInterface);
}
