namespace HomeIQ.Influx.Querying;

/// <summary>How a window aggregates each field.</summary>
public enum AggregateFunction
{
    /// <summary>The arithmetic mean (numeric fields).</summary>
    Mean,
    /// <summary>The smallest value (numeric fields).</summary>
    Min,
    /// <summary>The largest value (numeric fields).</summary>
    Max,
    /// <summary>The sum (numeric fields).</summary>
    Sum,
    /// <summary>The number of values (any field; the result is an integer).</summary>
    Count,
    /// <summary>The value with the latest time (any field).</summary>
    Last,
}

/// <summary>A comparison of a numeric field with a constant.</summary>
public enum FieldComparison
{
    /// <summary><c>=</c> / <c>==</c>.</summary>
    Equal,
    /// <summary><c>!=</c>.</summary>
    NotEqual,
    /// <summary><c>&gt;</c>.</summary>
    GreaterThan,
    /// <summary><c>&gt;=</c>.</summary>
    GreaterThanOrEqual,
    /// <summary><c>&lt;</c>.</summary>
    LessThan,
    /// <summary><c>&lt;=</c>.</summary>
    LessThanOrEqual,
}

/// <summary>Which query language <c>ExecuteAsync</c> sends.</summary>
public enum QueryLanguage
{
    /// <summary>Flux for the v2 API; InfluxQL for v1 and v3 (which has no Flux).</summary>
    Auto,
    /// <summary>InfluxQL over <c>/query</c> (v1, and v2/v3 through their v1-compatible endpoint).</summary>
    InfluxQL,
    /// <summary>Flux over <c>/api/v2/query</c>.</summary>
    Flux,
}
