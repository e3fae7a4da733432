using System.Net;
using HomeIQ.Influx.Telemetry;
using Microsoft.Extensions.Logging;

namespace HomeIQ.Influx.Writing.Reporting;

/// <summary>The outcomes only the durable buffer has: points kept on disk at dispose, damaged records, and whole segments or records dropped at the disk limit.</summary>
internal sealed partial class WriteReporter
{
    /// <summary>
    /// Points that stay in the durable buffer for the next writer (not lost): <paramref name="lines"/> were in memory,
    /// <paramref name="points"/> counts them and any held only on disk. Counted apart from failures
    /// (<c>homeiq.influx.durable.kept</c>), logged as a warning, handed to the handlers as <see cref="WriteFailureReason.KeptOnDisk"/>,
    /// and counted in the next flush's <see cref="FlushResult.Kept"/> (never as lost). <paramref name="status"/> and
    /// <paramref name="exception"/>: the last answer, when the points were kept after a failed send.
    /// </summary>
    public void KeptOnDisk(string[] lines, long points, string message, HttpStatusCode? status = null, Exception? exception = null)
    {
        if (points <= 0) return;
        InfluxTelemetry.DurableKept.Add(points, Tag);
        DurableReportLog.KeptOnDisk(Logger, Name, points, message);
        Report(new WriteFailedEventArgs(WriteFailureReason.KeptOnDisk, lines, status, message, exception) { PointCount = points }, points);
    }

    /// <summary>Damaged records of the durable buffer: counted (records by whether they had been acknowledged, bytes, and the points when known), logged as an error, handed to the handlers.</summary>
    public void Damaged(DurableDamage damage, string[] lines)
    {
        var acknowledged = damage.Acknowledged switch { true => "true", false => "false", null => "unknown" };
        InfluxTelemetry.DurableDamagedRecords.Add(damage.RecordsLost, Tag, new("acknowledged", acknowledged));
        InfluxTelemetry.DurableDamagedBytes.Add(damage.EndOffset - damage.StartOffset, Tag);
        long points = damage.PointsLost ?? lines.Length;
        if (points > 0) InfluxTelemetry.PointsFailed.Add(points, Tag, new("reason", nameof(WriteFailureReason.Damaged)));
        var message = "The durable buffer is damaged: " + damage + ".";
        DurableReportLog.Damaged(Logger, Name, message);
        Report(new WriteFailedEventArgs(WriteFailureReason.Damaged, lines, null, message, null) { PointCount = points, Damage = damage }, points);
    }

    /// <summary>Points dropped together at the durable buffer's disk limit (a whole oldest segment, or a new record): counted, logged and reported in one event.</summary>
    public void DroppedTogether(string[] lines, long points, BackpressureMode mode, string message)
    {
        if (points <= 0) return;
        InfluxTelemetry.PointsDropped.Add(points, Tag, new("reason", mode == BackpressureMode.DropOldest ? "drop_oldest" : "drop_newest"));
        DurableReportLog.Dropped(Logger, Name, points, mode, message);
        Report(new WriteFailedEventArgs(WriteFailureReason.Dropped, lines, null, message, null) { PointCount = points }, points);
    }
}

/// <summary>Log messages of <see cref="WriteReporter"/>'s durable outcomes (ids in <see cref="LogEvents"/>, 13xx).</summary>
internal static partial class DurableReportLog
{
    [LoggerMessage(EventId = LogEvents.DurableKeptOnDisk, Level = LogLevel.Warning, Message = "Writer {Writer}: {Points} points stay in the durable buffer for the next writer (not lost): {Detail}")]
    public static partial void KeptOnDisk(ILogger logger, string writer, long points, string detail);

    [LoggerMessage(EventId = LogEvents.DurableDamaged, Level = LogLevel.Error, Message = "Writer {Writer}: {Detail}")]
    public static partial void Damaged(ILogger logger, string writer, string detail);

    [LoggerMessage(EventId = LogEvents.DurableSegmentDropped, Level = LogLevel.Warning, Message = "Writer {Writer} dropped {Points} points ({Mode}): {Detail}")]
    public static partial void Dropped(ILogger logger, string writer, long points, BackpressureMode mode, string detail);
}
