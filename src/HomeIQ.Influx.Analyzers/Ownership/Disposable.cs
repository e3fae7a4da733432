using System.Threading;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>
/// The ownership questions the rules ask, each as a named helper (after IDisposableAnalyzers' <c>Disposable.*</c>):
/// is this a creation, is it disposed, returned, stored, handed on (<see cref="Handover"/>), flushed. Like CA2000,
/// a value that escapes (returned, stored, handed to an owner) is someone else's to dispose and is never reported.
/// Where the code does something these helpers do not understand, they answer "escapes", so the rules stay quiet
/// rather than wrong.
/// </summary>
internal static class Disposable
{
    /// <summary>
    /// What <paramref name="operation"/> creates that the caller owns: a client (<c>new</c> of a client class,
    /// <c>InfluxDBClientFactory.Create*</c>), a batching writer (<c>GetWriteApi</c>, <c>new</c> of a
    /// <c>MeasurementWriter&lt;T&gt;</c> or generated writer, <c>CreateWriter&lt;T&gt;()</c>), or a query reader
    /// (<c>await client.QueryInfluxQLAsync(...)</c> / <c>QueryFluxAsync(...)</c>).
    /// </summary>
    public static Creation Creates(IOperation operation, InfluxTypes types)
    {
        switch (operation)
        {
            case IObjectCreationOperation creation:
                if (types.IsMeasurementWriter(creation.Type)) return Creation.Writer;
                return InfluxTypes.IsType(creation.Type, types.V2Client) || InfluxTypes.IsType(creation.Type, types.V3Client)
                       || InfluxTypes.IsType(creation.Type, types.InfluxClient)
                    ? Creation.Client
                    : Creation.None;
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (types.IsClientFactory(method)) return Creation.Client;
                if (types.IsGetWriteApi(method) || types.IsCreateWriter(method)) return Creation.Writer;
                return types.IsReaderQuery(method) ? Creation.Reader : Creation.None;
            default:
                return Creation.None;
        }
    }

    /// <summary>Follows a created value to where it ends up within its operation block.</summary>
    public static Fate Classify(IOperation creation, InfluxTypes types, CancellationToken cancellationToken)
        => Classify(creation, types, cancellationToken, out _);

    /// <summary>Follows a created value to where it ends up; <paramref name="flushed"/> says whether it is flushed (batching writers).</summary>
    public static Fate Classify(IOperation creation, InfluxTypes types, CancellationToken cancellationToken, out bool flushed)
    {
        var fate = ClassifyValue(creation, types, cancellationToken, out flushed);
        if (fate is Fate.Dropped or Fate.DisposedOnSomePaths && IsWriteApiOfDisposedClient(creation, types, cancellationToken))
            fate = Fate.Disposed;
        return fate;
    }

    private static Fate ClassifyValue(IOperation creation, InfluxTypes types, CancellationToken cancellationToken, out bool flushed)
    {
        flushed = false;
        var value = SkipWrappers(creation);

        // A reader query's task that is not awaited right there (returned, stored, awaited later) is not followed.
        if (creation is IInvocationOperation && types.IsReaderQuery(((IInvocationOperation)creation).TargetMethod) && value is not IAwaitOperation)
            return Fate.Escapes;

        var consumer = value.Parent;
        switch (consumer)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                if (IsUsingDeclaration(declarator)) return Fate.Disposed;
                return ClassifyLocal(declarator.Symbol, Root(creation), creation, types, cancellationToken, out flushed);

            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                if (assignment.Target is ILocalReferenceOperation local)
                    return ClassifyLocal(local.Local, Root(creation), creation, types, cancellationToken, out flushed);
                return assignment.Target is IDiscardOperation ? Fate.Dropped : Fate.Escapes;

            case IExpressionStatementOperation:
                return Fate.Dropped;

            case IUsingOperation:
                return Fate.Disposed;

            case IInvocationOperation invocation when invocation.Instance == value:
                if (IsDisposeMethod(invocation.TargetMethod)) return Fate.Disposed;
                flushed = IsFlushMethod(invocation.TargetMethod);
                return Fate.Dropped;

            case IPropertyReferenceOperation property when property.Instance == value:
                return Fate.Dropped;

            case IConditionalAccessOperation access when access.Operation == value:
                return Fate.Dropped;

            case IArgumentOperation argument when !Handover.TakesOwnership(argument, types):
                return Fate.Dropped; // used by a callee that does not own it (a generated writer, an extension method)

            case IForEachLoopOperation loop when loop.Collection == value:
                return Fate.Dropped;

            default:
                // Returned, stored, handed to an owner, put in a collection or tuple, or something unknown.
                return Fate.Escapes;
        }
    }

    /// <summary>
    /// True when <paramref name="creation"/> is <c>client.GetWriteApi()</c> on a local client that is disposed on every
    /// path or handed on: InfluxDB.Client's <c>InfluxDBClient.Dispose</c> disposes (and so flushes) every
    /// <c>WriteApi</c> it created, so the client's owner owns them too.
    /// </summary>
    private static bool IsWriteApiOfDisposedClient(IOperation creation, InfluxTypes types, CancellationToken cancellationToken)
    {
        if (creation is not IInvocationOperation { Instance: { } instance } invocation || !types.IsGetWriteApi(invocation.TargetMethod)) return false;
        while (instance is IConversionOperation conversion) instance = conversion.Operand;
        if (instance is not ILocalReferenceOperation client) return false;
        var root = Root(creation);
        foreach (var operation in root.Descendants())
        {
            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, client.Local))
            {
                if (IsUsingDeclaration(declarator)) return true;
                var fate = declarator.Initializer is null
                    ? ClassifyLocal(client.Local, root, declarator, types, cancellationToken, out _)
                    : Classify(declarator.Initializer.Value, types, cancellationToken);
                return fate is Fate.Disposed or Fate.Escapes;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="declarator"/> belongs to <c>using var</c>, <c>await using var</c> or <c>using (var ...)</c>.</summary>
    public static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator)
        => declarator.Parent?.Parent is IVariableDeclarationGroupOperation group
            ? group.Parent is IUsingDeclarationOperation or IUsingOperation
            : declarator.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation;

    /// <summary>True when the method is <c>Dispose()</c> or <c>DisposeAsync()</c>.</summary>
    public static bool IsDisposeMethod(IMethodSymbol method)
        => method.Parameters.Length == 0 && (method.Name == "Dispose" || method.Name == "DisposeAsync");

    /// <summary>True when the method is a batching writer's <c>Flush()</c> or <c>FlushAsync(...)</c>.</summary>
    public static bool IsFlushMethod(IMethodSymbol method) => method.Name is "Flush" or "FlushAsync";

    /// <summary>True when the value is returned (<c>return</c>, <c>yield return</c>, or an expression-bodied lambda's result).</summary>
    public static bool Returns(IOperation consumer) => consumer is IReturnOperation;

    /// <summary>True when the value is assigned to a field, property, array element, event or ref/out parameter, or put in an object's initializer.</summary>
    public static bool Stores(IOperation consumer, IOperation value)
        => consumer switch
        {
            ISimpleAssignmentOperation assignment when assignment.Value == value => assignment.Target is IFieldReferenceOperation
                or IPropertyReferenceOperation or IArrayElementReferenceOperation or IParameterReferenceOperation or IEventReferenceOperation
                or IDynamicMemberReferenceOperation,
            ICoalesceAssignmentOperation => true,
            IFieldInitializerOperation or IPropertyInitializerOperation => true,
            IArrayInitializerOperation or ITupleOperation or IAnonymousObjectCreationOperation => true,
            _ => false,
        };

    /// <summary>True when the value is passed as an argument to a callee that takes ownership of it (see <see cref="Handover"/>).</summary>
    public static bool PassesOn(IOperation consumer, InfluxTypes types)
        => consumer is IArgumentOperation argument && Handover.TakesOwnership(argument, types);

    /// <summary>
    /// True when <paramref name="reference"/> (a use of the local) disposes it: the resource of <c>using (x)</c>, <c>using var y = x</c>,
    /// or a call <c>x.Dispose()</c> / <c>x?.Dispose()</c> / <c>await x.DisposeAsync()</c>. <paramref name="inFinally"/> says whether the
    /// call is in a <c>finally</c> block (or is a using), so it runs on every path.
    /// </summary>
    public static bool Disposes(IOperation reference, out bool inFinally)
    {
        inFinally = false;
        var value = SkipWrappers(reference);
        switch (value.Parent)
        {
            case IUsingOperation:
                inFinally = true;
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } when IsUsingDeclaration(declarator):
                inFinally = true;
                return true;
            case IInvocationOperation invocation when invocation.Instance == value && IsDisposeMethod(invocation.TargetMethod):
                inFinally = IsInFinally(invocation);
                return true;
            case IConditionalAccessOperation access when access.Operation == value
                                                         && access.WhenNotNull is IInvocationOperation call
                                                         && IsDisposeMethod(call.TargetMethod):
                inFinally = IsInFinally(access);
                return true;
            default:
                return false;
        }
    }

    /// <summary>True when <paramref name="reference"/> is the receiver of <c>Flush()</c> / <c>FlushAsync()</c> (also through <c>?.</c>).</summary>
    public static bool Flushes(IOperation reference)
    {
        var value = SkipWrappers(reference);
        return value.Parent switch
        {
            IInvocationOperation invocation when invocation.Instance == value => IsFlushMethod(invocation.TargetMethod),
            IConditionalAccessOperation access when access.Operation == value => access.WhenNotNull is IInvocationOperation call && IsFlushMethod(call.TargetMethod),
            _ => false,
        };
    }

    /// <summary>True when the value is assigned into another local (an alias), which the rules do not follow.</summary>
    private static bool IsAliased(IOperation consumer, IOperation value)
        => consumer is IVariableInitializerOperation
           || consumer is ISimpleAssignmentOperation assignment && assignment.Value == value;

    private static Fate ClassifyLocal(ILocalSymbol local, IOperation root, IOperation creation, InfluxTypes types, CancellationToken cancellationToken, out bool flushed)
    {
        flushed = false;
        var creatingFunction = EnclosingFunction(creation);
        var disposedAlways = false;
        var disposedSometimes = false;
        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local)) continue;

            var value = SkipWrappers(reference);
            var consumer = value.Parent;
            if (consumer is null) continue;
            if (consumer is ISimpleAssignmentOperation write && write.Target == value) continue; // a write to the local, not a use of it

            if (Disposes(reference, out var inFinally))
            {
                // A Dispose inside a lambda or local function handed to someone else (a shutdown callback) is ownership transfer.
                if (!ReferenceEquals(EnclosingFunction(reference), creatingFunction)) return Fate.Escapes;
                if (inFinally) disposedAlways = true;
                else disposedSometimes = true;
                continue;
            }

            if (Flushes(reference)) flushed = true;
            if (Returns(consumer) || Stores(consumer, value) || PassesOn(consumer, types) || IsAliased(consumer, value)) return Fate.Escapes;
        }

        return disposedAlways ? Fate.Disposed : disposedSometimes ? Fate.DisposedOnSomePaths : Fate.Dropped;
    }

    /// <summary>Skips conversions, <c>?:</c> and <c>??</c> arms, switch-expression arms and <c>await</c> so the consumer is what uses the value.</summary>
    public static IOperation SkipWrappers(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case IConversionOperation:
                case IParenthesizedOperation:
                case IConditionalOperation conditional when conditional.Condition != current:
                case ICoalesceOperation:
                case ISwitchExpressionArmOperation arm when arm.Value == current:
                case ISwitchExpressionOperation switchExpression when switchExpression.Value != current:
                case IAwaitOperation:
                    current = parent;
                    continue;
            }

            break;
        }

        return current;
    }

    /// <summary>The root of the operation block (method body, initializer) that holds <paramref name="operation"/>.</summary>
    public static IOperation Root(IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null) current = current.Parent;
        return current;
    }

    /// <summary>The nearest lambda or local function around <paramref name="operation"/>, or <see langword="null"/> for the member body itself.</summary>
    public static IOperation? EnclosingFunction(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return current;
        }

        return null;
    }

    private static bool IsInFinally(IOperation operation)
    {
        var current = operation;
        while (current.Parent is { } parent)
        {
            if (parent is ITryOperation tryOperation && tryOperation.Finally == current) return true;
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation) return false;
            current = parent;
        }

        return false;
    }
}
