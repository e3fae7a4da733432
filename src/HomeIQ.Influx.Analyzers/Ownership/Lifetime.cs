using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>How often a piece of code runs, as far as the code around it tells.</summary>
internal enum RunKind
{
    /// <summary>Once per process or per object: startup code, constructors, initializers, DI factories, one-shot helpers.</summary>
    Once,

    /// <summary>Per request, per message, per tick or per loop iteration.</summary>
    PerOperation,

    /// <summary>As often as its callers call it: decided from the call sites (<see cref="CallGraph"/>).</summary>
    DependsOnCallers,
}

/// <summary>The answer of <see cref="Lifetime.Classify"/>: how often, where (for the message), and whose callers decide.</summary>
internal readonly struct RunContext
{
    private RunContext(RunKind kind, string where, IMethodSymbol? function)
    {
        Kind = kind;
        Where = where;
        Function = function;
    }

    public RunKind Kind { get; }

    /// <summary>Where a per-operation creation sits, as the message says it ("inside a loop").</summary>
    public string Where { get; }

    /// <summary>The method or local function whose callers decide, for <see cref="RunKind.DependsOnCallers"/>.</summary>
    public IMethodSymbol? Function { get; }

    public static RunContext Once { get; } = new(RunKind.Once, string.Empty, null);

    public static RunContext PerOperation(string where) => new(RunKind.PerOperation, where, null);

    public static RunContext Callers(IMethodSymbol function) => new(RunKind.DependsOnCallers, string.Empty, function);
}

/// <summary>
/// Decides whether code runs once or per operation from what surrounds it. Per operation: a loop's body, a lambda or
/// method group handed to something that calls it per request, event, tick or item (<see cref="Roles.DelegateRole"/>),
/// and methods whose role is per operation (controller actions, hub methods, middleware, message handlers; see
/// <see cref="Roles.PerOperationRole"/>). Once: constructors, initializers, <c>Main</c> and top-level statements, DI
/// factories, hosted-service start-up, tests. Other lambdas run as often as the code around them. Any other method
/// or local function runs as often as its callers: <see cref="CallGraph"/> follows the call sites.
/// </summary>
internal static class Lifetime
{
    /// <summary>Where a per-call creation sits, for the diagnostic message.</summary>
    public const string InLoop = "inside a loop";

    /// <summary>Classifies the code that holds <paramref name="operation"/>; <paramref name="containingSymbol"/> is the member whose body it is in.</summary>
    public static RunContext Classify(IOperation operation, ISymbol containingSymbol, InfluxTypes types)
    {
        // A method group handed out as a delegate (app.MapGet("/", Handler)) is a call site classified like a lambda.
        if (operation is IMethodReferenceOperation reference && Roles.DelegateRole(reference, reference.Method, types) is { } referenceRole)
            return referenceRole;

        var current = operation;
        while (current.Parent is { } parent)
        {
            switch (parent)
            {
                case ILoopOperation loop when IsRepeatedPart(loop, current):
                    return RunContext.PerOperation(InLoop);
                case IAnonymousFunctionOperation lambda when Roles.DelegateRole(lambda, lambda.Symbol, types) is { } role:
                    return role;
                case ILocalFunctionOperation local:
                    return RunContext.Callers(local.Symbol);
            }

            current = parent;
        }

        switch (containingSymbol)
        {
            case IMethodSymbol method:
                if (Roles.RunsOnce(method)) return RunContext.Once;
                if (Roles.PerOperationRole(method) is { } where) return RunContext.PerOperation(where);
                return RunContext.Callers(method);
            default:
                return RunContext.Once; // a field or property initializer
        }
    }

    /// <summary>
    /// True when the lambda is a DI registration factory (<c>services.AddSingleton(sp =&gt; new ...)</c>): a delegate whose first
    /// parameter is <see cref="System.IServiceProvider"/>. What it creates is injected, so its lifetime is the container's.
    /// </summary>
    public static bool IsInjected(IMethodSymbol function, InfluxTypes types)
        => types.ServiceProvider is not null
           && function.Parameters.Length > 0
           && SymbolEqualityComparer.Default.Equals(function.Parameters[0].Type, types.ServiceProvider);

    // The loop's body and its repeated checks run many times; a foreach collection or a for initializer runs once.
    private static bool IsRepeatedPart(ILoopOperation loop, IOperation child)
        => loop switch
        {
            IForEachLoopOperation forEach => forEach.Collection != child,
            IForLoopOperation forLoop => !forLoop.Before.Contains(child),
            _ => true,
        };
}
