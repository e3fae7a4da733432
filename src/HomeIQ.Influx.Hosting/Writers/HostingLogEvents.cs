namespace HomeIQ.Influx.Hosting;

/// <summary>
/// The event ids of this package's log messages: the 2xxx range of the scheme documented with the core library's ids
/// (<c>HomeIQ.Influx.Telemetry.LogEvents</c>: 10xx client, 11xx sending, 12xx circuit breaker, 13xx durable buffer,
/// 2xxx hosting).
/// </summary>
internal static class HostingLogEvents
{
    public const int FlushFailed = 2001;

    public const int DatabaseEnsured = 2101;
    public const int DatabaseRetentionDiffers = 2102;
    public const int DatabaseEnsureFailed = 2103;
    public const int WriterStopped = 2002;
    public const int PointsNotDelivered = 2003;
    public const int PointsKeptOnDisk = 2004;
}
