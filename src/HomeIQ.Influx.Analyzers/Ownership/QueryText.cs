using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership
{
    /// <summary>Decides whether a string is built from values at run time (and so may carry injected query text).</summary>
    internal static class QueryText
    {
        /// <summary>
        /// True when <paramref name="value"/> is a non-constant interpolation, concatenation or <c>string.Format</c>/<c>Concat</c>/<c>Join</c>,
        /// or a local whose value is one of those. Constants, <c>const</c> interpolations and <c>nameof</c> are constants and never match.
        /// </summary>
        public static bool IsBuiltFromValues(IOperation value, CancellationToken cancellationToken)
            => IsBuilt(value, followLocals: true, cancellationToken);

        private static bool IsBuilt(IOperation value, bool followLocals, CancellationToken cancellationToken)
        {
            while (value is IConversionOperation conversion) value = conversion.Operand;
            if (value.ConstantValue.HasValue) return false;

            switch (value)
            {
                case IInterpolatedStringOperation:
                    return true;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                    return binary.Type?.SpecialType == SpecialType.System_String;
                case IInvocationOperation invocation:
                    return invocation.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String
                           && invocation.TargetMethod.Name is "Format" or "Concat" or "Join";
                case ILocalReferenceOperation local when followLocals:
                    return LocalIsBuilt(local, cancellationToken);
                default:
                    return false;
            }
        }

        // Follows a local one step: `var q = $"...{x}"; Query(q)` is as unsafe as passing the interpolation itself.
        private static bool LocalIsBuilt(ILocalReferenceOperation reference, CancellationToken cancellationToken)
        {
            foreach (var operation in Disposable.Root(reference).Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator
                        when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local)
                             && declarator.Initializer is { } initializer
                             && IsBuilt(initializer.Value, followLocals: false, cancellationToken):
                        return true;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
                        when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local)
                             && IsBuilt(assignment.Value, followLocals: false, cancellationToken):
                        return true;
                    case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } compound
                        when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local)
                             && !compound.Value.ConstantValue.HasValue:
                        return true;
                }
            }

            return false;
        }
    }
}
