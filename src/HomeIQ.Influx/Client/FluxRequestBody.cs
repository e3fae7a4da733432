using System.Text.Json.Serialization;

namespace HomeIQ.Influx.Querying;

// The /api/v2/query body: the query with the annotations the CSV reader uses to type the columns.
internal sealed class FluxRequestBody
{
    public FluxRequestBody(string query) => Query = query;

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
