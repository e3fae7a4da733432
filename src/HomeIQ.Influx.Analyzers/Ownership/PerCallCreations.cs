using System;
using System.Collections.Concurrent;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>
/// What HIQ002 and HIQ003 share: find creations that are not handed on, report those whose surroundings already
/// say "per operation" at once, and judge the rest (creations in helpers) by their callers at the end of the
/// compilation. <paramref name="isCandidate"/> picks the rule's creations; the two descriptors differ only in that
/// the second is reported from the compilation end (the IDE shows it on build and in full solution analysis).
/// </summary>
internal static class PerCallCreations
{
    public static void Register(
        CompilationStartAnalysisContext start,
        InfluxTypes types,
        Func<IOperation, InfluxTypes, bool> isCandidate,
        Func<IOperation, string, Diagnostic> atOnce,
        Func<IOperation, string, Diagnostic> fromCallers,
        params OperationKind[] kinds)
    {
        var graph = CallGraph.Record(start, types);
        var deferred = new ConcurrentQueue<(IOperation Creation, IMethodSymbol Function)>();
        start.RegisterOperationAction(context =>
        {
            var operation = context.Operation;
            if (!isCandidate(operation, types)) return;
            if (Disposable.Classify(operation, types, context.CancellationToken) == Fate.Escapes) return;

            var run = Lifetime.Classify(operation, context.ContainingSymbol, types);
            if (run.Kind == RunKind.PerOperation) context.ReportDiagnostic(atOnce(operation, run.Where));
            else if (run.Kind == RunKind.DependsOnCallers) deferred.Enqueue((operation, run.Function!));
        }, kinds);

        start.RegisterCompilationEndAction(end =>
        {
            foreach (var (creation, function) in deferred)
            {
                end.CancellationToken.ThrowIfCancellationRequested();
                var run = graph.Resolve(function);
                if (run.Kind == RunKind.PerOperation) end.ReportDiagnostic(fromCallers(creation, run.Where));
            }
        });
    }
}
