using System;
using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>
/// The roles that tell how often code runs, recognised by the frameworks' names (the rules do not reference ASP.NET
/// Core, MassTransit or Quartz, so their types are matched by name and namespace where that is unambiguous).
/// </summary>
internal static class Roles
{
    public const string InRequestHandler = "in a request handler";
    public const string InEventHandler = "in an event handler";
    public const string InTimerCallback = "in a timer callback";
    public const string PerItem = "in a lambda that runs per item";
    public const string InCallback = "in a callback that runs per notification";

    // ------------------------------------------------------------------ delegates

    /// <summary>
    /// How often a lambda or method group runs, from what it is handed to: per request (<c>MapGet</c>... on an endpoint
    /// or application builder, <c>Use</c>/<c>Run</c> middleware), per event (<c>+=</c>), per tick (a
    /// <c>System.Threading.Timer</c> callback), per item (LINQ, <c>Parallel</c>, <c>ForEach</c>), per notification
    /// (<c>Subscribe</c>, <c>OnChange</c>); once for a DI factory (first parameter <see cref="System.IServiceProvider"/>)
    /// or a <c>Lazy&lt;T&gt;</c> factory. <see langword="null"/> when the consumer says nothing (<c>Task.Run</c>, a
    /// callback of unknown use): then it runs as often as the code around it.
    /// </summary>
    public static RunContext? DelegateRole(IOperation function, IMethodSymbol? signature, InfluxTypes types)
    {
        if (signature is not null && Lifetime.IsInjected(signature, types)) return RunContext.Once;

        var value = function;
        while (value.Parent is IDelegateCreationOperation or IConversionOperation or IParenthesizedOperation) value = value.Parent;
        switch (value.Parent)
        {
            case IEventAssignmentOperation { Adds: true } subscription when subscription.HandlerValue == value:
                return RunContext.PerOperation(InEventHandler);
            case IArgumentOperation { Parameter.ContainingSymbol: IMethodSymbol consumer } argument:
                return ConsumerRole(consumer, ReceiverType(argument));
            default:
                return null;
        }
    }

    private static RunContext? ConsumerRole(IMethodSymbol consumer, ITypeSymbol? receiver)
    {
        var type = consumer.ContainingType;
        if (consumer.MethodKind == MethodKind.Constructor)
        {
            if (IsIn(type, "Lazy", "System")) return RunContext.Once;
            if (IsIn(type, "Timer", "System.Threading")) return RunContext.PerOperation(InTimerCallback);
            return null;
        }

        var name = consumer.Name;
        if (name.StartsWith("Map", StringComparison.Ordinal) && name.Length > 3 && name != "MapWhen" && name != "MapGroup")
            return RunContext.PerOperation(InRequestHandler); // MapGet, MapPost, MapPut, MapDelete, MapPatch, MapMethods, MapFallback
        if (name is "Map" or "MapWhen" or "Use" or "UseWhen" or "Run" && IsWebBuilder(receiver))
            return RunContext.PerOperation(InRequestHandler);
        if (IsIn(type, "Enumerable", "System.Linq") || IsIn(type, "Queryable", "System.Linq") || IsIn(type, "ParallelEnumerable", "System.Linq")
            || IsIn(type, "Parallel", "System.Threading.Tasks") || name == "ForEach")
        {
            return RunContext.PerOperation(PerItem);
        }

        if (name is "Subscribe" or "OnChange") return RunContext.PerOperation(InCallback);
        return null;
    }

    // The receiver of `app.Use(...)`: the instance, or the first parameter of an extension method.
    private static ITypeSymbol? ReceiverType(IArgumentOperation argument)
        => argument.Parent switch
        {
            IInvocationOperation { Instance: { } instance } => instance.Type,
            IInvocationOperation { TargetMethod.IsExtensionMethod: true } invocation when invocation.Arguments.Length > 0 => invocation.Arguments[0].Value.Type,
            _ => null,
        };

    private static bool IsWebBuilder(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (type.Name is "IApplicationBuilder" or "IEndpointRouteBuilder" or "WebApplication") return true;
        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Name is "IApplicationBuilder" or "IEndpointRouteBuilder") return true;
        }

        return false;
    }

    // ------------------------------------------------------------------ methods

    /// <summary>
    /// True for members that run once per type, object or process: constructors, static constructors, <c>Main</c> and
    /// top-level statements, <c>Dispose</c>, a hosted service's <c>StartAsync</c>/<c>StopAsync</c>/<c>ExecuteAsync</c>
    /// (its loop, if any, is per tick), ASP.NET Core <c>Startup</c> methods, and tests and fixture setup (xunit, NUnit,
    /// MSTest attributes, matched by name): a client per test keeps tests isolated.
    /// </summary>
    public static bool RunsOnce(IMethodSymbol method)
    {
        if (method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor) return true;
        if (method.IsStatic && (method.Name == "Main" || method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName)) return true;
        if (method.MethodKind != MethodKind.Ordinary) return false;
        if (method.Name is "Dispose" or "DisposeAsync" && method.Parameters.Length <= 1) return true;
        if (method.Name is "StartAsync" or "StopAsync" or "ExecuteAsync" or "StartingAsync" or "StartedAsync" or "StoppingAsync" or "StoppedAsync"
            && (ImplementsNamed(method, "IHostedService") || ImplementsNamed(method, "IHostedLifecycleService") || OverridesIn(method, "BackgroundService")))
        {
            return true;
        }

        if (method.Name is "Configure" or "ConfigureServices" && method.ContainingType.Name == "Startup") return true;
        return IsTestCode(method);
    }

    /// <summary>
    /// Where a method runs per operation by its role, or <see langword="null"/>: ASP.NET Core controller actions, Razor
    /// Pages handlers, SignalR hub methods, middleware <c>Invoke</c>/<c>InvokeAsync(HttpContext)</c>, message and job
    /// handlers of the usual libraries (MassTransit <c>IConsumer&lt;T&gt;</c>, MediatR handlers, NServiceBus/Rebus
    /// <c>IHandleMessages&lt;T&gt;</c>, Quartz <c>IJob</c>), health checks, and Azure Functions.
    /// </summary>
    public static string? PerOperationRole(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic && !HasAttribute(method, "FunctionAttribute", "FunctionNameAttribute")) return null;
        if (HasAttribute(method, "FunctionAttribute", "FunctionNameAttribute")) return "in a function that runs per trigger";

        var type = method.ContainingType;
        if (method.DeclaredAccessibility == Accessibility.Public)
        {
            if ((DerivesFrom(type, "ControllerBase") || HasAttribute(type, "ApiControllerAttribute", "ControllerAttribute"))
                && !HasAttribute(method, "NonActionAttribute"))
            {
                return "in a controller action (per request)";
            }

            if (DerivesFrom(type, "PageModel") && method.Name.StartsWith("On", StringComparison.Ordinal)) return "in a page handler (per request)";
            if (DerivesFrom(type, "Hub")) return "in a hub method (per call from a client)";
        }

        if (method.Name is "Invoke" or "InvokeAsync" && method.Parameters.Length > 0 && method.Parameters[0].Type.Name == "HttpContext")
            return "in middleware (per request)";

        foreach (var implemented in type.AllInterfaces)
        {
            var role = implemented.Name switch
            {
                "IConsumer" or "IHandleMessages" or "INotificationHandler" or "IRequestHandler" or "IStreamRequestHandler" => "in a message handler (per message)",
                "IJob" => "in a scheduled job (per run)",
                "IHealthCheck" => "in a health check (per probe)",
                "IMiddleware" => "in middleware (per request)",
                _ => null,
            };
            if (role is null || implemented.DeclaringSyntaxReferences.Length > 0) continue;
            foreach (var member in implemented.GetMembers())
            {
                if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method)) return role;
            }
        }

        return null;
    }

    /// <summary>True when the method overrides or implements a member declared outside this compilation (the framework calls it).</summary>
    public static bool IsFrameworkCallback(IMethodSymbol method)
    {
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.DeclaringSyntaxReferences.Length == 0) return true;
        }

        foreach (var implemented in method.ContainingType.AllInterfaces)
        {
            if (implemented.DeclaringSyntaxReferences.Length > 0) continue;
            foreach (var member in implemented.GetMembers())
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method)) return true;
            }
        }

        return false;
    }

    /// <summary>True when the method can be called from outside its assembly (public or protected, in types that are too).</summary>
    public static bool IsExternallyVisible(ISymbol symbol)
    {
        for (var current = symbol; current is not null && current is not INamespaceSymbol; current = current.ContainingSymbol)
        {
            if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal)) return false;
        }

        return true;
    }

    // A test (or a test fixture's setup) runs once per test, not per operation of the system under test.
    private static readonly string[] TestAttributeNames =
    {
        "FactAttribute", "TheoryAttribute", // xunit
        "TestAttribute", "TestCaseAttribute", "TestCaseSourceAttribute", "OneTimeSetUpAttribute", "SetUpAttribute", // NUnit
        "TestMethodAttribute", "DataTestMethodAttribute", "TestInitializeAttribute", "ClassInitializeAttribute", // MSTest
    };

    private static bool IsTestCode(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
            {
                if (Array.IndexOf(TestAttributeNames, type.Name) >= 0) return true;
            }
        }

        return method.Name == "InitializeAsync" && ImplementsNamed(method, "IAsyncLifetime"); // xunit's fixture setup
    }

    private static bool ImplementsNamed(IMethodSymbol method, string interfaceName)
    {
        foreach (var implemented in method.ContainingType.AllInterfaces)
        {
            if (implemented.Name != interfaceName) continue;
            foreach (var member in implemented.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method)) return true;
            }
        }

        return false;
    }

    private static bool OverridesIn(IMethodSymbol method, string typeName)
    {
        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
        {
            if (overridden.ContainingType.Name == typeName) return true;
        }

        return false;
    }

    private static bool DerivesFrom(INamedTypeSymbol? type, string name)
    {
        for (var current = type?.BaseType; current is not null; current = current.BaseType)
        {
            if (current.Name == name && current.DeclaringSyntaxReferences.Length == 0) return true;
        }

        return false;
    }

    private static bool HasAttribute(ISymbol symbol, string name, string? other = null)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            var attributeName = attribute.AttributeClass?.Name;
            if (attributeName == name || attributeName == other) return true;
        }

        return false;
    }

    private static bool IsIn(INamedTypeSymbol? type, string name, string ns)
        => type is not null && type.Name == name && type.ContainingNamespace?.ToDisplayString() == ns;
}
