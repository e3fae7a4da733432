using System.Collections.Concurrent;
using System.Collections.Generic;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>
/// The calls of one compilation into its own methods, recorded while the operations are analysed, so that a creation
/// in a helper can be judged by the code that calls the helper: a helper reached from a request handler or a loop
/// runs per operation; one reached only from <c>Main</c> runs once. Only calls whose target is declared in source are
/// kept (a dictionary insert each), and they are only read at the end of the compilation, for the few methods that
/// hold a creation.
/// </summary>
internal sealed class CallGraph
{
    private readonly ConcurrentDictionary<IMethodSymbol, ConcurrentQueue<(IOperation Site, ISymbol Caller)>> _sites = new(SymbolEqualityComparer.Default);
    private readonly InfluxTypes _types;
    private readonly bool _isLibrary;

    private CallGraph(InfluxTypes types, bool isLibrary)
    {
        _types = types;
        _isLibrary = isLibrary;
    }

    /// <summary>Starts recording the calls of the compilation; read it in a compilation end action.</summary>
    public static CallGraph Record(CompilationStartAnalysisContext start, InfluxTypes types)
    {
        var graph = new CallGraph(types, start.Compilation.Options.OutputKind == OutputKind.DynamicallyLinkedLibrary);
        start.RegisterOperationAction(graph.Add, OperationKind.Invocation, OperationKind.MethodReference);
        return graph;
    }

    private void Add(OperationAnalysisContext context)
    {
        var target = context.Operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IMethodReferenceOperation reference => reference.Method,
            _ => null,
        };
        if (target is null) return;
        target = target.OriginalDefinition;
        if (target.MethodKind != MethodKind.LocalFunction && target.DeclaringSyntaxReferences.IsEmpty) return;
        _sites.GetOrAdd(target, static _ => new ConcurrentQueue<(IOperation, ISymbol)>()).Enqueue((context.Operation, context.ContainingSymbol));
    }

    /// <summary>
    /// Whether <paramref name="function"/> runs per operation, judged by its callers (and the callers of the interface
    /// members it implements and the methods it overrides), transitively. A method nobody in the compilation calls is
    /// per operation when it is a library's public API (it runs as often as the library's users call it) and is
    /// otherwise taken to run once: the rules stay quiet where they cannot see the callers.
    /// </summary>
    public RunContext Resolve(IMethodSymbol function)
        => Resolve(function, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default));

    private RunContext Resolve(IMethodSymbol function, HashSet<IMethodSymbol> visited)
    {
        if (!visited.Add(function)) return RunContext.Once;
        var any = false;
        foreach (var target in Targets(function))
        {
            if (!_sites.TryGetValue(target, out var sites)) continue;
            foreach (var (site, caller) in sites)
            {
                any = true;
                var context = Lifetime.Classify(site, caller, _types);
                if (context.Kind == RunKind.PerOperation)
                    return RunContext.PerOperation($"in '{function.Name}', called from '{Name(caller, site)}' {context.Where}");
                if (context.Kind == RunKind.DependsOnCallers && context.Function is { } outer)
                {
                    var upstream = Resolve(outer, visited);
                    if (upstream.Kind == RunKind.PerOperation)
                        return RunContext.PerOperation($"in '{function.Name}', called from '{outer.Name}', which runs per operation");
                }
            }
        }

        if (!any && _isLibrary && function.MethodKind != MethodKind.LocalFunction && Roles.IsExternallyVisible(function) && !Roles.IsFrameworkCallback(function))
            return RunContext.PerOperation($"in '{function.Name}', public API of a library that runs as often as its callers call it");
        return RunContext.Once;
    }

    // The method itself, the interface members it implements and the methods it overrides: calls to any of them may reach it.
    private static IEnumerable<IMethodSymbol> Targets(IMethodSymbol function)
    {
        yield return function.OriginalDefinition;
        if (function.MethodKind == MethodKind.LocalFunction) yield break;
        for (var overridden = function.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            yield return overridden.OriginalDefinition;
        var type = function.ContainingType;
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.DeclaringSyntaxReferences.IsEmpty) continue;
            foreach (var member in implemented.GetMembers(function.Name))
            {
                if (member is IMethodSymbol method && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), function))
                    yield return method.OriginalDefinition;
            }
        }
    }

    private static string Name(ISymbol caller, IOperation site)
    {
        for (var current = site.Parent; current is not null; current = current.Parent)
        {
            if (current is ILocalFunctionOperation local) return local.Symbol.Name;
        }

        return caller is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } constructor
            ? constructor.ContainingType.Name
            : caller.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName ? "top-level statements" : caller.Name;
    }
}
