namespace HomeIQ.Influx.Analyzers;

/// <summary>The id of every rule, in one place so ids are never reused or mistyped.</summary>
public static class RuleIdentifiers
{
    /// <summary>A client is created but not disposed on every path nor handed on.</summary>
    public const string ClientNotDisposed = "HIQ001";

    /// <summary>A client is created per call (in a loop, a per-request method or lambda) instead of shared.</summary>
    public const string ClientCreatedPerCall = "HIQ002";

    /// <summary>InfluxDB.Client's batching WriteApi is created per call.</summary>
    public const string WriteApiCreatedPerCall = "HIQ003";

    /// <summary>Query text is built from values by interpolation, concatenation or string.Format.</summary>
    public const string QueryTextBuiltFromValues = "HIQ004";

    /// <summary>Local time (DateTime.Now, DateTime.Today, a DateTimeKind.Local value) becomes a point's timestamp.</summary>
    public const string LocalTimeAsTimestamp = "HIQ005";

    /// <summary>A blocking call (.Result, .Wait(), GetAwaiter().GetResult(), QueryApiSync, a synchronous Dispose of a writer) in async code.</summary>
    public const string BlockingCallInAsyncCode = "HIQ006";

    /// <summary>A batching writer (WriteApi, MeasurementWriter) is neither flushed nor disposed before its creator ends.</summary>
    public const string BatchingWriterNotFlushed = "HIQ007";

    /// <summary>A class with InfluxDB.Client's [Measurement] is not partial: it is mapped by reflection at run time.</summary>
    public const string InfluxDBClientMeasurementNotPartial = "HIQ008";
}
