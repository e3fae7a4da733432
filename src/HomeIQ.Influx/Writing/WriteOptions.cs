using Polly;

namespace HomeIQ.Influx;

/// <summary>What <see cref="MeasurementWriter{T}.WriteAsync(T, CancellationToken)"/> does when the buffer holds <see cref="WriteOptions.MaxBufferedPoints"/>.</summary>
public enum BackpressureMode
{
    /// <summary>Wait until there is room (the default): nothing is dropped; producers slow down to the server's pace.</summary>
    Wait = 0,
    /// <summary>Drop the oldest buffered point that is not being sent, and accept the new one. Dropped points are counted and reported.</summary>
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

    /// <summary>How many points may be accepted and not yet written or reported (including the batch being sent). Default 100,000.</summary>
    public int MaxBufferedPoints { get; set; } = 100_000;

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

    /// <summary>How long <see cref="MeasurementWriter{T}.DisposeAsync"/> waits for buffered points to be written before reporting them as failed. Default 30 s.</summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A callback for every point that could not be written (also raised as <see cref="MeasurementWriter{T}.WriteFailed"/>).</summary>
    public Action<WriteFailedEventArgs>? OnWriteFailed { get; set; }

    /// <summary>The <c>writer</c> tag of metrics and the name in logs; the measurement name when <see langword="null"/>.</summary>
    public string? Name { get; set; }

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
        if (!Enum.IsDefined(BackpressureMode)) problems.Add($"BackpressureMode {(int)BackpressureMode} is not defined.");
        if (!Enum.IsDefined(Precision)) problems.Add($"Precision {(int)Precision} is not defined.");
        if (DisposeTimeout < TimeSpan.Zero) problems.Add($"DisposeTimeout must not be negative, not {DisposeTimeout}.");
        if (ResiliencePipeline is null && Resilience is not null) problems.AddRange(Resilience.Validate());
        return problems;
    }
}
