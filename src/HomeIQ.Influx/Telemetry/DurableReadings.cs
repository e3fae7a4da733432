namespace HomeIQ.Influx.Telemetry;

/// <summary>One writer's durable-buffer gauges at one moment (the <c>writer</c> tag included).</summary>
internal readonly record struct DurableReadings(KeyValuePair<string, object?> Writer, long Bytes, long Points, long Backlog, double OldestAgeSeconds);
