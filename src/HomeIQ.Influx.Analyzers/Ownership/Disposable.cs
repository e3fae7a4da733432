using System.Threading;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership
{
    /// <summary>
    /// The ownership questions the rules ask, each as a named helper (after IDisposableAnalyzers' <c>Disposable.*</c>):
    /// is this a creation, is it disposed, returned, stored, passed on. Like CA2000, a value that escapes (returned,
    /// stored, passed out) is someone else's to dispose and is never reported. Where the code does something these
    /// helpers do not understand, they answer "escapes", so the rules stay quiet rather than wrong.
    /// </summary>
    internal static class Disposable
    {
        /// <summary>True when <paramref name="operation"/> makes a new client the caller owns: <c>new</c> of a client type, <c>InfluxDBClientFactory.Create*</c>, or <c>GetWriteApi</c>.</summary>
        public static bool IsCreation(IOperation operation, InfluxTypes types)
        {
            switch (operation)
            {
                case IObjectCreationOperation creation:
                    return types.IsClientType(creation.Type);
                case IInvocationOperation invocation:
                    return types.IsClientFactory(invocation.TargetMethod) || types.IsGetWriteApi(invocation.TargetMethod);
                default:
                    return false;
            }
        }

        /// <summary>Follows a created value to where it ends up within its operation block.</summary>
        public static Fate Classify(IOperation creation, CancellationToken cancellationToken)
        {
            var value = SkipWrappers(creation);
            var consumer = value.Parent;
            switch (consumer)
            {
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    if (IsUsingDeclaration(declarator)) return Fate.Disposed;
                    return ClassifyLocal(declarator.Symbol, Root(creation), creation, cancellationToken);

                case ISimpleAssignmentOperation assignment when assignment.Value == value:
                    if (assignment.Target is ILocalReferenceOperation local)
                        return ClassifyLocal(local.Local, Root(creation), creation, cancellationToken);
                    return assignment.Target is IDiscardOperation ? Fate.Dropped : Fate.Escapes;

                case IExpressionStatementOperation:
                    return Fate.Dropped;

                case IUsingOperation:
                    return Fate.Disposed;

                case IInvocationOperation invocation when invocation.Instance == value:
                    return IsDisposeMethod(invocation.TargetMethod) ? Fate.Disposed : Fate.Dropped;

                case IPropertyReferenceOperation property when property.Instance == value:
                    return Fate.Dropped;

                case IConditionalAccessOperation access when access.Operation == value:
                    return Fate.Dropped;

                default:
                    // Returned, stored, passed as an argument, put in a collection or tuple, or something unknown.
                    return Fate.Escapes;
            }
        }

        /// <summary>True when <paramref name="declarator"/> belongs to <c>using var</c>, <c>await using var</c> or <c>using (var ...)</c>.</summary>
        public static bool IsUsingDeclaration(IVariableDeclaratorOperation declarator)
            => declarator.Parent?.Parent is IVariableDeclarationGroupOperation group
                ? group.Parent is IUsingDeclarationOperation or IUsingOperation
                : declarator.Parent?.Parent is IUsingDeclarationOperation or IUsingOperation;

        /// <summary>True when the method is <c>Dispose()</c> or <c>DisposeAsync()</c>.</summary>
        public static bool IsDisposeMethod(IMethodSymbol method)
            => method.Parameters.Length == 0 && (method.Name == "Dispose" || method.Name == "DisposeAsync");

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

        /// <summary>True when the value is passed as an argument: to a constructor that will own it, a DI registration, a helper. Ownership transfers.</summary>
        public static bool PassesOn(IOperation consumer) => consumer is IArgumentOperation;

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

        /// <summary>True when the value is assigned into another local (an alias), which the rules do not follow.</summary>
        private static bool IsAliased(IOperation consumer, IOperation value)
            => consumer is IVariableInitializerOperation
               || consumer is ISimpleAssignmentOperation assignment && assignment.Value == value;

        private static Fate ClassifyLocal(ILocalSymbol local, IOperation root, IOperation creation, CancellationToken cancellationToken)
        {
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

                if (Returns(consumer) || Stores(consumer, value) || PassesOn(consumer) || IsAliased(consumer, value)) return Fate.Escapes;
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
}
