using HomeIQ.Influx.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace HomeIQ.Influx.Analyzers.Ownership
{
    /// <summary>
    /// Decides whether code runs once (startup) or per operation. Runs once: constructors, static constructors, field and
    /// property initializers, <c>Main</c> and top-level statements, DI registration factories, and test methods and
    /// fixture setup (xunit, NUnit, MSTest attributes, matched by name). Runs per operation: anything
    /// in a loop, any other lambda (Minimal API handlers, callbacks), any other method (request handlers, instance methods).
    /// Local functions run as often as the member that holds them.
    /// </summary>
    internal static class Lifetime
    {
        /// <summary>Where a per-call creation sits, for the diagnostic message.</summary>
        public const string InLoop = "inside a loop";
        public const string InLambda = "inside a lambda that runs per call";
        public const string InMethod = "in a method that runs per call";

        /// <summary>True when <paramref name="operation"/> runs per operation; <paramref name="where"/> says why.</summary>
        public static bool IsPerCall(IOperation operation, ISymbol containingSymbol, InfluxTypes types, out string where)
        {
            var current = operation;
            while (current.Parent is { } parent)
            {
                switch (parent)
                {
                    case ILoopOperation loop when IsRepeatedPart(loop, current):
                        where = InLoop;
                        return true;
                    case IAnonymousFunctionOperation lambda:
                        if (IsInjected(lambda, types))
                        {
                            where = string.Empty;
                            return false;
                        }

                        where = InLambda;
                        return true;
                }

                current = parent;
            }

            if (RunsOnce(containingSymbol))
            {
                where = string.Empty;
                return false;
            }

            where = InMethod;
            return true;
        }

        /// <summary>
        /// True when the lambda is a DI registration factory (<c>services.AddSingleton(sp =&gt; new ...)</c>): a delegate whose first
        /// parameter is <see cref="System.IServiceProvider"/>. What it creates is injected, so its lifetime is the container's.
        /// </summary>
        public static bool IsInjected(IAnonymousFunctionOperation lambda, InfluxTypes types)
        {
            var parameters = lambda.Symbol.Parameters;
            return types.ServiceProvider is not null
                   && parameters.Length > 0
                   && SymbolEqualityComparer.Default.Equals(parameters[0].Type, types.ServiceProvider);
        }

        /// <summary>True for members that run once per type or process: constructors, initializers, Main, top-level statements.</summary>
        public static bool RunsOnce(ISymbol containingSymbol)
        {
            switch (containingSymbol)
            {
                case IFieldSymbol:
                case IPropertySymbol:
                    return true; // an initializer
                case IMethodSymbol method:
                    return method.MethodKind is MethodKind.Constructor or MethodKind.StaticConstructor
                           || IsEntryPoint(method)
                           || IsTestCode(method);
                default:
                    return false;
            }
        }

        // A test (or a test fixture's setup) runs once per test, not per operation of the system under test; a client per test keeps tests isolated.
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
                    if (System.Array.IndexOf(TestAttributeNames, type.Name) >= 0) return true;
                }
            }

            if (method.Name != "InitializeAsync") return false;
            foreach (var implemented in method.ContainingType.AllInterfaces)
            {
                if (implemented.Name == "IAsyncLifetime") return true; // xunit's per-class/per-test fixture setup
            }

            return false;
        }

        private static bool IsEntryPoint(IMethodSymbol method)
            => method.IsStatic
               && (method.Name == "Main" || method.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName);

        // The loop's body and its repeated checks run many times; a foreach collection or a for initializer runs once.
        private static bool IsRepeatedPart(ILoopOperation loop, IOperation child)
            => loop switch
            {
                IForEachLoopOperation forEach => forEach.Collection != child,
                IForLoopOperation forLoop => !forLoop.Before.Contains(child),
                _ => true,
            };
    }
}
