namespace HomeIQ.Influx.Telemetry;

/// <summary>
/// The event ids of every <c>[LoggerMessage]</c> of this library, in one table so that ids never collide and a log
/// filter can select a family by range. The scheme, shared with HomeIQ.Influx.Hosting (which keeps its own ids in the
/// 2xxx range, in <c>HostingLogEvents</c>):
/// <list type="table">
/// <item><term>10xx</term><description>the client: connection, TLS, probes.</description></item>
/// <item><term>11xx</term><description>sending: batches written, failed, dropped or split, and retries of any request.</description></item>
/// <item><term>12xx</term><description>the circuit breaker.</description></item>
/// <item><term>13xx</term><description>the durable buffer.</description></item>
/// <item><term>2xxx</term><description>HomeIQ.Influx.Hosting (flush on shutdown, health checks).</description></item>
/// </list>
/// An id, once shipped, keeps its meaning: tests and users' log filters select by it (1001, 1102, 1201, 1302 are).
/// </summary>
internal static class LogEvents
{
    public const int DangerousCertificate = 1001;

    public const int BatchWritten = 1101;
    public const int Retrying = 1102;
    public const int WriteFailed = 1103;
    public const int PointsDropped = 1104;
    public const int SplittingBatch = 1105;
    public const int HandlerFailed = 1106;
    public const int DisposeTimedOut = 1107;
    public const int WriterFaulted = 1108;
    public const int WriterRecovered = 1109;
    // 1110 is not used: points kept on disk at close are DurableKeptOnDisk (1305), with the other durable-buffer events.
    public const int ProcessStopping = 1111;

    public const int CircuitOpened = 1201;
    public const int CircuitHalfOpened = 1202;
    public const int CircuitClosed = 1203;

    public const int DurableRecovered = 1301;
    public const int DurableDamaged = 1302; // damaged or torn records (a torn tail is damage at the end of the newest segment)
    public const int DurableDeleteFailed = 1303;
    public const int DurableKeptForRetry = 1304;
    public const int DurableKeptOnDisk = 1305;
    public const int DurableSegmentDropped = 1306;
    public const int DurableCheckpointUnreadable = 1307;
    public const int DurableDiskFlushFailed = 1308;
    public const int DurableDamageAlreadyDelivered = 1309;
    public const int DurableOverflow = 1310;
    public const int DurableAppendFailed = 1311;
}
