namespace HomeIQ.Influx.Architecture.Tests;

/// <summary>
/// The layers of the runtime library, lowest first (docs/architecture.md draws them). A type may use its own layer and
/// any layer with a lower <see cref="Layer.Level"/>; never a higher one, and never another layer on the same level
/// (so Writing and Querying stay independent, as do the bottom layers). With a strict order there can be no cycle.
/// </summary>
internal sealed record Layer(string Name, int Level, string InternalNamespace, string[] PublicTypes)
{
    // Internal types live in the namespace of their folder (folder = namespace). Public types keep the namespaces users
    // already import (HomeIQ.Influx, HomeIQ.Influx.Querying), so each is assigned to its layer by name here, and
    // EveryTypeHasALayer fails when a new public type (or an internal one left in a public namespace) is not listed.
    public static readonly Layer[] All =
    [
        new("Common", 0, "HomeIQ.Influx.Common", []),
        new("LineProtocol", 0, "",
        [
            // The namespace HomeIQ.Influx.LineProtocol cannot exist (it is the public class LineProtocol's full name), so
            // this layer's internal types stay in HomeIQ.Influx and are listed too.
            "HomeIQ.Influx.ILineProtocolPoint`1", "HomeIQ.Influx.LineProtocol", "HomeIQ.Influx.LineProtocolWriter",
            "HomeIQ.Influx.LineProtocolException", "HomeIQ.Influx.WritePrecision", "HomeIQ.Influx.WritePrecisionUnits",
            "HomeIQ.Influx.RoundTripFormat", "HomeIQ.Influx.Schubfach",
            "HomeIQ.Influx.MeasurementAttribute", "HomeIQ.Influx.TagAttribute", "HomeIQ.Influx.FieldAttribute",
            "HomeIQ.Influx.TimestampAttribute", "HomeIQ.Influx.MeasurementNameAttribute",
        ]),
        new("Telemetry", 0, "HomeIQ.Influx.Telemetry", ["HomeIQ.Influx.InfluxTelemetry"]),
        new("QueryLanguage", 0, "HomeIQ.Influx.Querying.Text|HomeIQ.Influx.Querying.Results",
        [
            // Query text escaping and the answer formats (InfluxQL JSON, Flux CSV) with row mapping: below the client,
            // whose raw query methods return readers, as line protocol (the format of writes) is.
            "HomeIQ.Influx.Querying.FluxText", "HomeIQ.Influx.Querying.InfluxQLText", "HomeIQ.Influx.Querying.InfluxRegex", "HomeIQ.Influx.Querying.InfluxQLParameters",
            "HomeIQ.Influx.Querying.QueryResultReader", "HomeIQ.Influx.Querying.QueryRow",
            "HomeIQ.Influx.Querying.IQueryableMeasurement`1", "HomeIQ.Influx.Querying.MeasurementSchema",
            "HomeIQ.Influx.Querying.MeasurementField", "HomeIQ.Influx.Querying.FieldKind",
            "HomeIQ.Influx.Querying.InfluxQueryException", "HomeIQ.Influx.Querying.InfluxRowMappingException",
        ]),
        new("Resilience", 1, "HomeIQ.Influx.Resilience", ["HomeIQ.Influx.InfluxResilienceOptions", "HomeIQ.Influx.InfluxResiliencePipeline"]),
        new("Client", 2, "HomeIQ.Influx.Client",
        [
            "HomeIQ.Influx.InfluxClient", "HomeIQ.Influx.InfluxClientOptions", "HomeIQ.Influx.InfluxApiVersion",
            "HomeIQ.Influx.InfluxServerCheck", "HomeIQ.Influx.WritePrecisionExtensions", "HomeIQ.Influx.Querying.InfluxQLQueryOptions",
            // Schema management (Client/Schema): client.Schema, what it takes and what it returns.
            "HomeIQ.Influx.InfluxSchema", "HomeIQ.Influx.InfluxRetention", "HomeIQ.Influx.InfluxSchemaResult", "HomeIQ.Influx.InfluxSchemaOutcome",
            "HomeIQ.Influx.InfluxDeleteRequest", "HomeIQ.Influx.InfluxSchemaException",
        ]),
        new("Writing", 3, "HomeIQ.Influx.Writing",
        [
            "HomeIQ.Influx.MeasurementWriter`1", "HomeIQ.Influx.IMeasurementWriter`1", "HomeIQ.Influx.WriteOptions",
            "HomeIQ.Influx.BackpressureMode", "HomeIQ.Influx.WriteFailedEventArgs", "HomeIQ.Influx.WriteFailureReason",
            "HomeIQ.Influx.WriteBufferFullException", "HomeIQ.Influx.DurableFlushMode", "HomeIQ.Influx.DurableDamage", "HomeIQ.Influx.InfluxClientWriterExtensions",
            "HomeIQ.Influx.FlushResult", "HomeIQ.Influx.InfluxWriteException",
        ]),
        new("Querying", 3, "HomeIQ.Influx.Querying.Builder",
        [
            "HomeIQ.Influx.Querying.MeasurementQueryBase`2", "HomeIQ.Influx.Querying.MeasurementQuery`1", "HomeIQ.Influx.Querying.AggregateQuery`2",
            "HomeIQ.Influx.Querying.QuerySpec", "HomeIQ.Influx.Querying.AggregateFunction",
            "HomeIQ.Influx.Querying.FieldComparison", "HomeIQ.Influx.Querying.QueryLanguage",
            "HomeIQ.Influx.InfluxClientQueryExtensions",
        ]),
    ];

    /// <summary>The layer of the type named <paramref name="fullName"/> (a nested type belongs to its outermost type), or null.</summary>
    public static Layer? Of(string fullName)
    {
        var outer = Outermost(fullName);
        foreach (var layer in All)
        {
            if (layer.PublicTypes.Contains(outer, StringComparer.Ordinal)) return layer;
        }
        var ns = Namespace(outer);
        foreach (var layer in All)
        {
            foreach (var prefix in layer.InternalNamespace.Split('|', StringSplitOptions.RemoveEmptyEntries))
            {
                if (ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal)) return layer;
            }
        }
        return null;
    }

    /// <summary>Whether a type of this layer may use a type of <paramref name="target"/>.</summary>
    public bool MayUse(Layer target) => target == this || target.Level < Level;

    public override string ToString() => $"{Name} (level {Level})";

    // "A.B+C`1+<M>d__2" and "A.B/C" both mean the nested types of A.B.
    public static string Outermost(string fullName)
    {
        int cut = fullName.IndexOfAny(['+', '/']);
        return cut < 0 ? fullName : fullName[..cut];
    }

    private static string Namespace(string typeName)
    {
        int dot = typeName.LastIndexOf('.');
        return dot < 0 ? "" : typeName[..dot];
    }
}
