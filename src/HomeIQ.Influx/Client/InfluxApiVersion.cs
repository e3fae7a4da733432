namespace HomeIQ.Influx;

/// <summary>Which HTTP API of InfluxDB the client talks to.</summary>
public enum InfluxApiVersion
{
    /// <summary>InfluxDB 1.x: <c>/write?db=&amp;rp=</c> and InfluxQL over <c>/query</c>; user/password or token auth.</summary>
    V1 = 1,
    /// <summary>InfluxDB 2.x: <c>/api/v2/write?org=&amp;bucket=</c>, Flux over <c>/api/v2/query</c>; token auth.</summary>
    V2 = 2,
    /// <summary>InfluxDB 3.x: <c>/api/v3/write_lp?db=</c>, InfluxQL over the v1-compatible <c>/query</c>; token auth.</summary>
    V3 = 3,
}
