using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>Decides whether a string is built from values at run time (and so may carry injected query text).</summary>
internal static class QueryText
{
    /// <summary>
    /// True when <paramref name="value"/> is a non-constant interpolation, concatenation or <c>string.Format</c>/<c>Concat</c>/<c>Join</c>,
    /// or a local whose value is one of those. Constants, <c>const</c> interpolations and <c>nameof</c> are constants and never match;
    /// nor do interpolations and concatenations whose every value goes through <c>InfluxQLText</c>/<c>FluxText</c>.
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
                return !IsConstantOrEscaped(value);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return binary.Type?.SpecialType == SpecialType.System_String && !IsConstantOrEscaped(binary);
            case IInvocationOperation invocation:
                return invocation.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String
                       && invocation.TargetMethod.Name is "Format" or "Concat" or "Join";
            case ILocalReferenceOperation local when followLocals:
                return LocalIsBuilt(local, cancellationToken);
            default:
                return false;
        }
    }

    /// <summary>
    /// True when every piece of an interpolation or concatenation is a constant, a number or boolean (whose text
    /// cannot hold a quote or a newline), or the result of this project's escaping helpers
    /// (<c>HomeIQ.Influx.Querying.InfluxQLText</c> / <c>FluxText</c>, e.g. <c>QuoteString</c>): the runtime docs tell
    /// users to build raw query text that way, and escaped values cannot change the query.
    /// </summary>
    private static bool IsConstantOrEscaped(IOperation value)
    {
        while (value is IConversionOperation conversion) value = conversion.Operand;
        if (IsSafeValue(value)) return true;
        switch (value)
        {
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && !IsConstantOrEscaped(hole.Expression)) return false;
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary:
                return IsConstantOrEscaped(binary.LeftOperand) && IsConstantOrEscaped(binary.RightOperand);
            case IInvocationOperation invocation:
                return IsEscapingHelper(invocation.TargetMethod);
            default:
                return false;
        }
    }

    /// <summary>A value that can stand in query text as it is: a constant, a number, a boolean, or an escaping helper's result.</summary>
    public static bool IsSafeValue(IOperation value)
    {
        while (value is IConversionOperation conversion) value = conversion.Operand;
        if (value.ConstantValue.HasValue) return true;
        if (value is IInvocationOperation invocation && IsEscapingHelper(invocation.TargetMethod)) return true;
        return value.Type?.SpecialType is SpecialType.System_Boolean or SpecialType.System_Byte or SpecialType.System_SByte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal;
    }

    private static bool IsEscapingHelper(IMethodSymbol method)
    {
        var type = method.ContainingType;
        return type is { Name: "InfluxQLText" or "FluxText", ContainingNamespace: { Name: "Querying", ContainingNamespace: { Name: "Influx", ContainingNamespace: { Name: "HomeIQ", ContainingNamespace.IsGlobalNamespace: true } } } }
               && method.IsStatic
               && method.ReturnType.SpecialType == SpecialType.System_String;
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
                         && !IsConstantOrEscaped(compound.Value):
                    return true;
            }
        }

        return false;
    }
}
