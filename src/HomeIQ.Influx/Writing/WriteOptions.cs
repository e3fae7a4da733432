using Polly;

namespace HomeIQ.Influx;

/// <summary>
/// What <see cref="MeasurementWriter{T}.WriteAsync(T, CancellationToken)"/> does when the buffer holds
/// <see cref="WriteOptions.MaxBufferedPoints"/>; with a durable buffer, when its files hold <see cref="WriteOptions.MaxDurableBytes"/>.
/// </summary>
public enum BackpressureMode
{
    /// <summary>Wait until there is room (the default): nothing is dropped; producers slow down to the server's pace.</summary>
    Wait = 0,
    /// <summary>
    /// Drop the oldest buffered point that is not being sent, and accept the new one; with a durable buffer, the oldest
    /// segment file not yet read back into memory. Dropped points are counted and reported.
    /// </summary>
    DropOldest = 1,
    /// <summary>Drop the new point. Dropped points are counted and reported.</summary>
    DropNewest = 2,
    /// <summary>Throw <see cref="WriteBufferFullException"/> to the caller; the point is not accepted.</summary>
    Throw = 3,
}

/// <summary>Settings of one <see cref="MeasurementWriter{T}"/>: batching, buffering, precision and resilience.</summary>
public sealed class WriteOptions
{
    /// <summary>Lines per batch (default 5,000, InfluxDB's recommended size).</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>The largest request body in bytes before compression; a batch is sent earlier when the next line would pass it. Default 4 MiB.</summary>
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>How long a partly filled batch may wait before it is sent. Default 1 s.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many points may be held in memory, accepted and not yet written or reported (including the batches being
    /// sent). Default 100,000. When it is reached, the batch being filled is sent at once, whatever its size. Without a
    /// durable buffer, <see cref="BackpressureMode"/> applies beyond it. With <see cref="DurableBufferPath"/> it is the
    /// memory window: further points are kept on disk only and read back in order as the window frees up, so producers
    /// are not held back while there is disk room (<see cref="MaxDurableBytes"/>).
    /// </summary>
    public int MaxBufferedPoints { get; set; } = 100_000;

    /// <summary>
    /// How many batches may be on their way at once while one is being retried. Default 4. Batches go one at a time,
    /// in order, while the server takes them; when a batch has to be retried, up to MaxConcurrentBatches - 1 of the
    /// batches behind it are sent meanwhile, so that one batch's backoff does not stall the rest (measured in issue 14:
    /// at 200 s only 101 of 200 batches had arrived). Those can reach the server before the retried one. For points
    /// with a timestamp that changes nothing (InfluxDB keeps a series in time order), except when the same series and
    /// timestamp is written twice with different values: then either write may be the one kept. Points without a
    /// timestamp get the time they arrive. Set 1 when either matters: batches then always arrive in the order they were
    /// sealed. With <see cref="DurableBufferPath"/> batches always go one at a time. Between 1 and 64.
    /// </summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>What happens when the buffer is full. Default <see cref="BackpressureMode.Wait"/>.</summary>
    public BackpressureMode BackpressureMode { get; set; } = BackpressureMode.Wait;

    /// <summary>The unit of timestamps written by the points and sent as the request's <c>precision</c>. Default nanoseconds.</summary>
    public WritePrecision Precision { get; set; } = WritePrecision.Nanoseconds;

    /// <summary>Retry, circuit-breaker and timeout settings (ignored when <see cref="ResiliencePipeline"/> is set).</summary>
    public InfluxResilienceOptions Resilience { get; set; } = new();

    /// <summary>
    /// Your own Polly pipeline to send each batch through, instead of the one built from <see cref="Resilience"/>. The
    /// writer still applies its status rules to the final response (split on 413, report 400/422 lines, report failures).
    /// </summary>
    public ResiliencePipeline<HttpResponseMessage>? ResiliencePipeline { get; set; }

    /// <summary>
    /// How long <see cref="MeasurementWriter{T}.DisposeAsync"/> (and <see cref="MeasurementWriter{T}.CloseAsync"/>) waits
    /// for buffered points to be written before giving up on the rest, which are then reported. Default 30 s.
    /// </summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest <see cref="MeasurementWriter{T}.FlushAsync"/> waits (default 30 s, well under the retry budget of
    /// <see cref="InfluxResilienceOptions.MaxTotalRetryTime"/>, 3 min). When it passes, the flush throws
    /// <see cref="InfluxWriteException"/> with the count still buffered; those points are not given up, the writer keeps
    /// sending them. <see cref="Timeout.InfiniteTimeSpan"/> waits as long as the retries take. The flush's own
    /// cancellation token can end it sooner.
    /// </summary>
    public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether the writer flushes when the process is asked to stop (Ctrl-C or <c>SIGINT</c>, <c>SIGTERM</c>,
    /// <c>SIGHUP</c>) or exits (the end of <c>Main</c>, <c>Environment.Exit</c>) while it is not disposed. Default on, so
    /// a plain console app that is stopped loses no buffered point that the server takes within
    /// <see cref="ProcessExitTimeout"/>; whatever it could not write is written to standard error (and logged) with its
    /// count. Writers registered with <c>AddMeasurementWriter</c> turn it off: the host flushes them on shutdown instead.
    /// </summary>
    public bool FlushOnProcessExit { get; set; } = true;

    /// <summary>How long the flush on process exit (<see cref="FlushOnProcessExit"/>) may take. Default 5 s, inside Docker's 10 s grace period.</summary>
    public TimeSpan ProcessExitTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Called for each failure: once per batch (or part of a batch) the server did not store, and once per point the
    /// backpressure mode dropped, with the exact lines, the reason, the status and the server's message. It runs on the
    /// sender's thread (the producer's for dropped points), so keep it short. Points it receives are handled: a flush
    /// still counts them in its <see cref="FlushResult"/> but does not throw for them; if it throws, the failure is logged
    /// and the next flush throws for those points as it would with no handler. Also raised as
    /// <see cref="MeasurementWriter{T}.WriteFailed"/>. With a durable buffer, points kept on disk when the writer closes
    /// are passed here too, as <see cref="WriteFailureReason.KeptOnDisk"/> (not lost).
    /// </summary>
    public Action<WriteFailedEventArgs>? OnWriteFailed { get; set; }

    /// <summary>The <c>writer</c> tag of metrics and the name in logs; the measurement name when <see langword="null"/>.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// A folder for the durable buffer (off when <see langword="null"/>, the default). With it, every accepted point is
    /// appended to checksummed segment files in this folder before <c>WriteAsync</c> completes (see
    /// <see cref="DurableFlushMode"/>), memory holds only a window of <see cref="MaxBufferedPoints"/> points, and the
    /// rest wait on disk (up to <see cref="MaxDurableBytes"/>) and are read back in order, segment by segment, as the
    /// server takes them. A new writer on the same folder first sends what is left there, in order, while it already
    /// accepts new points behind it.
    /// </summary>
    /// <remarks>
    /// <para>Batches the server does not take (connection refused, 5xx, open circuit, 401/404) are not reported as
    /// failed: they stay on disk and the sender tries them again after <see cref="InfluxResilienceOptions.MaxRetryDelay"/>,
    /// in order, until they are written or the writer is disposed (so <see cref="MeasurementWriter{T}.FlushAsync"/> waits, up to
    /// <see cref="FlushTimeout"/> or its token, for the server to come back). A 401/403/404 still faults the writer as
    /// without a durable buffer: logged once as an error, and <see cref="MeasurementWriter{T}.WriteAsync(T, CancellationToken)"/>
    /// throws <see cref="InfluxWriteException"/> naming the setting to fix, while the held batch stays on disk and is tried
    /// again. Lines the server refuses (400/422) are reported as usual and leave the buffer. Points still unsent at dispose
    /// are reported as <see cref="WriteFailureReason.KeptOnDisk"/> (not lost: the next writer on the folder sends them).</para>
    /// <para>The writer records how far the server has confirmed in a checkpoint file before it sends the next batch
    /// (flushed to disk like the data: at once in <see cref="DurableFlushMode.EachWrite"/>, with the data in
    /// <see cref="DurableFlushMode.Interval"/>), so a crash resends at most the batch that was in flight (one batch at a
    /// time: <see cref="MaxConcurrentBatches"/> does not apply). Delivery is still at least once for that
    /// batch: give points timestamps; the same series and time then simply overwrite each other with equal values.</para>
    /// <para>A damaged record (a checksum that fails, bytes overwritten or cut short) costs only itself: the reader finds
    /// the next intact record and goes on, and the damage is reported (<see cref="WriteFailureReason.Damaged"/>, with
    /// <see cref="WriteFailedEventArgs.Damage"/>) to <see cref="OnWriteFailed"/> and the log. Damage found while the
    /// writer opens the folder is reported to <see cref="OnWriteFailed"/> only (a <see cref="MeasurementWriter{T}.WriteFailed"/>
    /// handler added after the constructor comes too late for it).</para>
    /// <para>One writer per folder at a time: a second writer on a folder in use throws <see cref="IOException"/>. The
    /// files are in format 2; a folder written in format 1 (by earlier builds) is refused with an <see cref="IOException"/>
    /// that says so, and left untouched.</para>
    /// </remarks>
    public string? DurableBufferPath { get; set; }

    /// <summary>When durable appends reach the disk: <see cref="DurableFlushMode.EachWrite"/> (the default) or every <see cref="DurableFlushInterval"/>.</summary>
    public DurableFlushMode DurableFlushMode { get; set; } = DurableFlushMode.EachWrite;

    /// <summary>How often appends are flushed to the disk in <see cref="DurableFlushMode.Interval"/>. Default 100 ms.</summary>
    public TimeSpan DurableFlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The most bytes the durable buffer's segment files may hold (default 1 GiB). When the next record would pass it,
    /// <see cref="BackpressureMode"/> applies: wait for the server to confirm older segments, drop the new points, drop
    /// the oldest segment not yet read back into memory (<see cref="BackpressureMode.DropOldest"/>; when every segment is
    /// being read, the new points), or throw <see cref="WriteBufferFullException"/>. Dropped points are counted and reported.
    /// </summary>
    public long MaxDurableBytes { get; set; } = 1L << 30;

    /// <summary>
    /// The size at which the durable buffer closes a segment file and starts the next (default 8 MiB; at most a quarter
    /// of <see cref="MaxDurableBytes"/> is used). Confirmed points leave the disk a whole segment at a time, and
    /// <see cref="BackpressureMode.DropOldest"/> drops a whole segment: smaller segments free space in smaller steps, at
    /// the cost of more files and more folder flushes.
    /// </summary>
    public long DurableSegmentBytes { get; set; } = 8L << 20;

    // A quarter of the disk limit at most, so that confirmation and DropOldest free space in steps; at least 16 KiB.
    internal long EffectiveDurableSegmentBytes => Math.Max(16 * 1024, Math.Min(DurableSegmentBytes, MaxDurableBytes / 4));

    /// <summary>A copy of these options (the resilience settings are copied too).</summary>
    public WriteOptions Clone()
    {
        var copy = (WriteOptions)MemberwiseClone();
        copy.Resilience = Resilience?.Clone() ?? new InfluxResilienceOptions();
        return copy;
    }

    /// <summary>Checks the settings and returns the problems, each naming its setting (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BatchSize < 1) problems.Add($"BatchSize must be at least 1, not {BatchSize}.");
        if (MaxBatchBytes < 1024) problems.Add($"MaxBatchBytes must be at least 1024, not {MaxBatchBytes}.");
        if (FlushInterval <= TimeSpan.Zero) problems.Add($"FlushInterval must be positive, not {FlushInterval}.");
        if (MaxBufferedPoints < 1) problems.Add($"MaxBufferedPoints must be at least 1, not {MaxBufferedPoints}.");
        if (MaxConcurrentBatches is < 1 or > 64) problems.Add($"MaxConcurrentBatches must be between 1 and 64, not {MaxConcurrentBatches}.");
        if (!Enum.IsDefined(BackpressureMode)) problems.Add($"BackpressureMode {(int)BackpressureMode} is not defined.");
        if (!Enum.IsDefined(Precision)) problems.Add($"Precision {(int)Precision} is not defined.");
        if (DisposeTimeout < TimeSpan.Zero) problems.Add($"DisposeTimeout must not be negative, not {DisposeTimeout}.");
        if (FlushTimeout <= TimeSpan.Zero && FlushTimeout != Timeout.InfiniteTimeSpan) problems.Add($"FlushTimeout must be positive (or Timeout.InfiniteTimeSpan), not {FlushTimeout}.");
        if (ProcessExitTimeout <= TimeSpan.Zero) problems.Add($"ProcessExitTimeout must be positive, not {ProcessExitTimeout}.");
        if (DurableBufferPath is not null)
        {
            if (string.IsNullOrWhiteSpace(DurableBufferPath)) problems.Add("DurableBufferPath must not be empty or white space.");
            if (!Enum.IsDefined(DurableFlushMode)) problems.Add($"DurableFlushMode {(int)DurableFlushMode} is not defined.");
            if (DurableFlushMode == DurableFlushMode.Interval && DurableFlushInterval <= TimeSpan.Zero) problems.Add($"DurableFlushInterval must be positive, not {DurableFlushInterval}.");
            if (MaxDurableBytes < 64 * 1024) problems.Add($"MaxDurableBytes must be at least 65536, not {MaxDurableBytes}.");
            if (DurableSegmentBytes < 4096) problems.Add($"DurableSegmentBytes must be at least 4096, not {DurableSegmentBytes}.");
        }
        if (ResiliencePipeline is null && Resilience is not null) problems.AddRange(Resilience.Validate());
        return problems;
    }
}
