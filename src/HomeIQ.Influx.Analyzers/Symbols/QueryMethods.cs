using Microsoft.CodeAnalysis;

namespace HomeIQ.Influx.Analyzers.Symbols;

/// <summary>Which client a query method belongs to, which decides the safe ways to pass values to it.</summary>
internal enum QueryApi
{
    /// <summary>Not a recognised query method.</summary>
    None,

    /// <summary><c>InfluxClient.QueryInfluxQLAsync</c>: bound parameters (<c>InfluxQLParameters</c>) or <c>InfluxQLText</c>.</summary>
    HomeIqInfluxQL,

    /// <summary><c>InfluxClient.QueryFluxAsync</c>: <c>FluxText</c> (InfluxDB OSS binds no Flux parameters).</summary>
    HomeIqFlux,

    /// <summary>InfluxDB.Client's <c>QueryApi</c>/<c>IQueryApi</c>/<c>QueryApiSync</c>/<c>IQueryApiSync</c> and the <c>Query</c> object: <c>Query.Params</c> (InfluxDB Cloud) or <c>FluxText</c>.</summary>
    V2Flux,

    /// <summary>InfluxDB3.Client's <c>Query</c>/<c>QueryPoints</c>/<c>QueryBatches</c>: <c>namedParameters</c>.</summary>
    V3,
}

/// <summary>Recognises methods that take query text and says which parameter holds it.</summary>
internal static class QueryMethods
{
    /// <summary>The key of the diagnostic property that carries the <see cref="QueryApi"/> to the code fix.</summary>
    public const string ApiProperty = "api";

    /// <summary>
    /// The query-text parameter of <paramref name="method"/>, or <see langword="null"/> when it is not a recognised query method:
    /// InfluxDB.Client's <c>QueryApi</c>/<c>IQueryApi</c>/<c>QueryApiSync</c>/<c>IQueryApiSync</c> (the <c>query</c> string) and the
    /// <c>Query</c> object's constructor (<c>query</c>), InfluxDB3.Client's <c>Query</c>/<c>QueryPoints</c>/<c>QueryBatches</c> on the
    /// client or <c>IInfluxDBClient</c> (the <c>query</c> string), and this project's <c>InfluxClient.QueryInfluxQLAsync</c>/<c>QueryFluxAsync</c>
    /// (the first string parameter).
    /// </summary>
    public static IParameterSymbol? QueryTextParameter(IMethodSymbol method, InfluxTypes types, out QueryApi api)
    {
        api = QueryApi.None;
        var owner = method.ContainingType?.OriginalDefinition;
        if (owner is null) return null;

        if (InfluxTypes.IsType(owner, types.V2QueryApi) || InfluxTypes.IsType(owner, types.V2QueryApiInterface)
            || InfluxTypes.IsType(owner, types.V2QueryApiSync) || InfluxTypes.IsType(owner, types.V2QueryApiSyncInterface)
            || method.MethodKind == MethodKind.Constructor && InfluxTypes.IsType(owner, types.V2Query))
        {
            api = QueryApi.V2Flux;
            return NamedStringParameter(method, "query");
        }

        if (InfluxTypes.IsType(owner, types.V3Client) || InfluxTypes.IsType(owner, types.V3ClientInterface))
        {
            api = QueryApi.V3;
            return method.Name is "Query" or "QueryPoints" or "QueryBatches" ? NamedStringParameter(method, "query") : null;
        }

        // Matched by name so the raw query methods are covered whatever overloads they get.
        if (InfluxTypes.IsType(owner, types.InfluxClient) && method.Name is "QueryInfluxQLAsync" or "QueryFluxAsync")
        {
            api = method.Name == "QueryInfluxQLAsync" ? QueryApi.HomeIqInfluxQL : QueryApi.HomeIqFlux;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_String) return parameter;
            }
        }

        return null;
    }

    /// <summary>The advice of HIQ004's message: the two safe ways for this client.</summary>
    public static string Advice(QueryApi api) => api switch
    {
        QueryApi.HomeIqInfluxQL => "bind them as parameters (InfluxQLParameters, $name in the text) or quote each one with InfluxQLText",
        QueryApi.HomeIqFlux => "quote each one with FluxText, or use the generated query class (InfluxDB OSS binds no Flux parameters)",
        QueryApi.V2Flux => "pass them as parameters (a Query object's Params, params.name in the text; bound by InfluxDB Cloud) or quote each one with FluxText",
        _ => "pass them as namedParameters ($name in the WHERE clause) or quote each one with InfluxQLText",
    };

    private static IParameterSymbol? NamedStringParameter(IMethodSymbol method, string name)
    {
        foreach (var parameter in method.Parameters)
        {
            if (parameter.Name == name && parameter.Type.SpecialType == SpecialType.System_String) return parameter;
        }

        return null;
    }
}
