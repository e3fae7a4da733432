using System.Text.Json;
using System.Text.Json.Serialization;

namespace HomeIQ.Influx.Client;

/// <summary>The <c>/api/v2/query</c> body of every Flux request (queries and the readiness probe): the query with the annotations the CSV reader uses to type the columns.</summary>
internal sealed class FluxRequestBody
{
    public FluxRequestBody(string query) => Query = query;

    /// <summary>The UTF-8 JSON body for <paramref name="query"/>.</summary>
    public static byte[] Serialize(string query) => JsonSerializer.SerializeToUtf8Bytes(new FluxRequestBody(query), FluxRequestJsonContext.Default.FluxRequestBody);

    [JsonPropertyName("query")] public string Query { get; }
    [JsonPropertyName("type")] public string Type => "flux";
    [JsonPropertyName("dialect")] public FluxDialect Dialect { get; } = new();
}

internal sealed class FluxDialect
{
    [JsonPropertyName("header")] public bool Header => true;
    [JsonPropertyName("delimiter")] public string Delimiter => ",";
    [JsonPropertyName("annotations")] public string[] Annotations => ["datatype", "group", "default"];
}

// Source-generated so the library stays trimming- and AOT-safe.
[JsonSerializable(typeof(FluxRequestBody))]
internal sealed partial class FluxRequestJsonContext : JsonSerializerContext
{
}
