using System.Threading;
using HomeIQ.Influx.Analyzers.Ownership;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Timestamps;

/// <summary>How a local-time value was made, which decides its UTC replacement (the code fix).</summary>
internal enum LocalTimeKind
{
    /// <summary><c>DateTime.Now</c> → <c>DateTime.UtcNow</c>.</summary>
    Now,

    /// <summary><c>DateTime.Today</c> → <c>DateTime.UtcNow.Date</c>.</summary>
    Today,

    /// <summary><c>x.ToLocalTime()</c> → <c>x.ToUniversalTime()</c>.</summary>
    ToLocalTime,

    /// <summary><c>File.GetLastWriteTime(p)</c>, <c>DateTime.FromFileTime(t)</c> → the same name with <c>Utc</c> appended.</summary>
    UtcMethodVariant,

    /// <summary><c>info.LastWriteTime</c> → <c>info.LastWriteTimeUtc</c>.</summary>
    UtcPropertyVariant,

    /// <summary><c>offset.LocalDateTime</c> → <c>offset.UtcDateTime</c>.</summary>
    LocalDateTime,

    /// <summary><c>DateTimeOffset.Now.DateTime</c> (local wall-clock time, kind Unspecified, so read as UTC) → <c>DateTimeOffset.UtcNow.UtcDateTime</c>.</summary>
    OffsetNowDateTime,

    /// <summary>A local value with no UTC twin (<c>ElapsedEventArgs.SignalTime</c>, <c>Process.StartTime</c>) → <c>.ToUniversalTime()</c> appended.</summary>
    AppendToUniversalTime,

    /// <summary><c>new DateTime(..., DateTimeKind.Local)</c>, <c>DateTime.SpecifyKind(x, DateTimeKind.Local)</c>: no mechanical fix.</summary>
    NoFix,
}

/// <summary>
/// Recognises values that hold local time: <c>DateTime.Now</c>, <c>DateTime.Today</c>, <c>ToLocalTime()</c>, the file
/// system's local times, <c>DateTime.FromFileTime</c>, <c>DateTimeOffset.LocalDateTime</c> and
/// <c>DateTimeOffset.Now.DateTime</c>, <c>System.Timers.ElapsedEventArgs.SignalTime</c>, <c>Process.StartTime</c>,
/// <c>DateTimeKind.Local</c> values; through <c>.Date</c>, <c>Add*</c>, <c>??</c>, <c>?:</c> and a local whose every
/// assignment is one of these.
/// </summary>
internal static class LocalTime
{
    /// <summary>The operation that makes local time in <paramref name="value"/>, or <see langword="null"/>.</summary>
    public static IOperation? Source(IOperation value, CancellationToken cancellationToken, out LocalTimeKind kind)
        => Source(value, followLocals: true, cancellationToken, out kind);

    private static IOperation? Source(IOperation value, bool followLocals, CancellationToken cancellationToken, out LocalTimeKind kind)
    {
        kind = LocalTimeKind.NoFix;
        while (value is IConversionOperation or IParenthesizedOperation)
            value = value is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)value).Operand;

        switch (value)
        {
            case ICoalesceOperation coalesce:
                return Source(coalesce.Value, followLocals, cancellationToken, out kind) ?? Source(coalesce.WhenNull, followLocals, cancellationToken, out kind);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Source(conditional.WhenTrue, followLocals, cancellationToken, out kind) ?? Source(whenFalse, followLocals, cancellationToken, out kind);
            case IPropertyReferenceOperation property:
                return Property(property, followLocals, cancellationToken, out kind);
            case IInvocationOperation invocation:
                return Invocation(invocation, followLocals, cancellationToken, out kind);
            case IObjectCreationOperation creation when IsDateTime(creation.Type):
                foreach (var argument in creation.Arguments)
                {
                    if (IsLocalKind(argument.Value)) return creation;
                }

                return null;
            case ILocalReferenceOperation local when followLocals:
                return LocalSource(local, cancellationToken, out kind);
            default:
                return null;
        }
    }

    private static IOperation? Property(IPropertyReferenceOperation property, bool followLocals, CancellationToken cancellationToken, out LocalTimeKind kind)
    {
        kind = LocalTimeKind.NoFix;
        var symbol = property.Property;
        var type = symbol.ContainingType;
        if (IsDateTime(type))
        {
            if (symbol.IsStatic)
            {
                if (symbol.Name == "Now") { kind = LocalTimeKind.Now; return property; }
                if (symbol.Name == "Today") { kind = LocalTimeKind.Today; return property; }
                return null;
            }

            return symbol.Name == "Date" && property.Instance is { } instance ? Source(instance, followLocals, cancellationToken, out kind) : null;
        }

        if (IsSystemType(type, "DateTimeOffset"))
        {
            if (symbol.Name == "LocalDateTime") { kind = LocalTimeKind.LocalDateTime; return property; }
            if (symbol.Name == "DateTime" && property.Instance is IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Now" } })
            {
                kind = LocalTimeKind.OffsetNowDateTime;
                return property;
            }

            return null;
        }

        if (symbol.Name is "LastWriteTime" or "CreationTime" or "LastAccessTime" && InNamespace(type, "IO") && type.Name is "FileSystemInfo" or "FileInfo" or "DirectoryInfo")
        {
            kind = LocalTimeKind.UtcPropertyVariant;
            return property;
        }

        if (symbol.Name == "SignalTime" && type.Name == "ElapsedEventArgs" || symbol.Name is "StartTime" or "ExitTime" && type.Name == "Process")
        {
            kind = LocalTimeKind.AppendToUniversalTime;
            return property;
        }

        return null;
    }

    private static IOperation? Invocation(IInvocationOperation invocation, bool followLocals, CancellationToken cancellationToken, out LocalTimeKind kind)
    {
        kind = LocalTimeKind.NoFix;
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (IsDateTime(type))
        {
            if (method.Name == "ToLocalTime") { kind = LocalTimeKind.ToLocalTime; return invocation; }
            if (method.Name == "FromFileTime") { kind = LocalTimeKind.UtcMethodVariant; return invocation; }
            if (method.Name == "SpecifyKind") return invocation.Arguments.Length == 2 && IsLocalKind(invocation.Arguments[1].Value) ? invocation : null;
            if (!method.IsStatic && invocation.Instance is { } instance && IsDateTime(method.ReturnType)
                && (method.Name.StartsWith("Add", System.StringComparison.Ordinal) || method.Name == "Subtract"))
            {
                return Source(instance, followLocals, cancellationToken, out kind);
            }

            return null;
        }

        if (method.IsStatic && type.Name is "File" or "Directory" && InNamespace(type, "IO")
            && method.Name is "GetLastWriteTime" or "GetCreationTime" or "GetLastAccessTime")
        {
            kind = LocalTimeKind.UtcMethodVariant;
            return invocation;
        }

        return null;
    }

    // Follows a local one step: `var now = DateTime.Now; point.Timestamp(now, ...)` is as local as passing DateTime.Now.
    private static IOperation? LocalSource(ILocalReferenceOperation reference, CancellationToken cancellationToken, out LocalTimeKind kind)
    {
        kind = LocalTimeKind.NoFix;
        IOperation? found = null;
        foreach (var operation in Disposable.Root(reference).Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            IOperation? written = operation switch
            {
                IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local) => declarator.Initializer?.Value,
                ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local) => assignment.Value,
                _ => null,
            };
            if (written is null) continue;
            var source = Source(written, followLocals: false, cancellationToken, out var writtenKind);
            if (source is null) return null; // some assignment is not local time: do not guess
            if (found is null)
            {
                found = source;
                kind = writtenKind;
            }
        }

        return found;
    }

    private static bool IsLocalKind(IOperation value)
        => value.ConstantValue is { HasValue: true, Value: 2 } && value.Type?.Name == "DateTimeKind"; // DateTimeKind.Local

    private static bool IsDateTime(ITypeSymbol? type) => type?.SpecialType == SpecialType.System_DateTime;

    private static bool IsSystemType(ITypeSymbol? type, string name)
        => type is { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } && type.Name == name;

    private static bool InNamespace(ITypeSymbol type, string name)
        => type.ContainingNamespace is { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } ns && ns.Name == name;
}
