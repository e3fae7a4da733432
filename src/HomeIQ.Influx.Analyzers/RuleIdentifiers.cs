namespace HomeIQ.Influx.Analyzers
{
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
    }
}
