using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Analyzers.Symbols
{
    /// <summary>Recognises methods that take query text and says which parameter holds it.</summary>
    internal static class QueryMethods
    {
        /// <summary>
        /// The query-text parameter of <paramref name="method"/>, or <see langword="null"/> when it is not a recognised query method:
        /// InfluxDB.Client's <c>QueryApi</c>/<c>QueryApiSync</c> (the <c>query</c> string), InfluxDB3.Client's
        /// <c>Query</c>/<c>QueryPoints</c>/<c>QueryBatches</c> (the <c>query</c> string), and this project's
        /// <c>InfluxClient.QueryInfluxQLAsync</c>/<c>QueryFluxAsync</c> (the first string parameter).
        /// </summary>
        public static IParameterSymbol? QueryTextParameter(IMethodSymbol method, InfluxTypes types)
        {
            var owner = method.ContainingType?.OriginalDefinition;
            if (owner is null) return null;

            if (InfluxTypes.IsType(owner, types.V2QueryApi) || InfluxTypes.IsType(owner, types.V2QueryApiSync))
                return NamedStringParameter(method, "query");

            if (InfluxTypes.IsType(owner, types.V3Client) || InfluxTypes.IsType(owner, types.V3ClientInterface))
            {
                return method.Name is "Query" or "QueryPoints" or "QueryBatches"
                    ? NamedStringParameter(method, "query")
                    : null;
            }

            // Matched by name so the raw query methods are covered whatever overloads they get.
            if (InfluxTypes.IsType(owner, types.InfluxClient) && method.Name is "QueryInfluxQLAsync" or "QueryFluxAsync")
            {
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.Type.SpecialType == SpecialType.System_String) return parameter;
                }
            }

            return null;
        }

        private static IParameterSymbol? NamedStringParameter(IMethodSymbol method, string name)
        {
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Name == name && parameter.Type.SpecialType == SpecialType.System_String) return parameter;
            }

            return null;
        }
    }
}
