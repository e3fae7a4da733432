namespace HomeIQ.Influx.Analyzers.Ownership;

/// <summary>What an operation creates that its caller owns.</summary>
internal enum Creation
{
    /// <summary>Nothing the rules follow.</summary>
    None,

    /// <summary>A client that owns connections: InfluxDB.Client's or InfluxDB3.Client's <c>InfluxDBClient</c>, or <c>InfluxClient</c>.</summary>
    Client,

    /// <summary>A batching writer that holds points until it flushes: <c>WriteApi</c>, <c>MeasurementWriter&lt;T&gt;</c> or a generated writer.</summary>
    Writer,

    /// <summary>A query result reader that holds the HTTP response until it is disposed.</summary>
    Reader,
}
