using System.Globalization;

namespace HomeIQ.Influx;

/// <summary>
/// Damage found in the durable buffer (<see cref="WriteOptions.DurableBufferPath"/>): which file, which bytes, how many
/// records and points it cost, and whether those points had been acknowledged to their writers. Everything intact
/// before and after the damage is still sent; only the damaged records are lost. Reported through
/// <see cref="MeasurementWriter{T}.WriteFailed"/> with <see cref="WriteFailureReason.Damaged"/>.
/// </summary>
public sealed class DurableDamage
{
    /// <summary>Creates the description.</summary>
    public DurableDamage(string segment, long startOffset, long endOffset, string problem, long recordsLost, long? pointsLost, bool? acknowledged)
    {
        Segment = segment ?? throw new ArgumentNullException(nameof(segment));
        Problem = problem ?? throw new ArgumentNullException(nameof(problem));
        StartOffset = startOffset;
        EndOffset = endOffset;
        RecordsLost = recordsLost;
        PointsLost = pointsLost;
        Acknowledged = acknowledged;
    }

    /// <summary>The segment file's name in the durable folder (for example <c>000000000003.hiqlog</c>).</summary>
    public string Segment { get; }

    /// <summary>The file offset of the first damaged byte.</summary>
    public long StartOffset { get; }

    /// <summary>The file offset after the last damaged byte (where the next intact record starts, or the end of the data).</summary>
    public long EndOffset { get; }

    /// <summary>What the reader found wrong first (a checksum that does not match, a damaged header, a record cut short).</summary>
    public string Problem { get; }

    /// <summary>How many records were lost; a lower bound when <see cref="PointsLost"/> is <see langword="null"/>.</summary>
    public long RecordsLost { get; }

    /// <summary>How many points were lost, exactly (from the sequence numbers of the intact records around the damage), or <see langword="null"/> when nothing intact follows the damage to tell.</summary>
    public long? PointsLost { get; }

    /// <summary>
    /// Whether the lost points had been acknowledged (their <c>WriteAsync</c> had completed): <see langword="true"/> when
    /// a later record or segment proves they had been flushed to disk (or appended, in <see cref="DurableFlushMode.Interval"/>);
    /// <see langword="false"/> for a record cut short at the very end of the newest segment in <see cref="DurableFlushMode.EachWrite"/>
    /// (an append a crash interrupted, never acknowledged); <see langword="null"/> when the files cannot tell.
    /// </summary>
    public bool? Acknowledged { get; }

    /// <summary>One sentence: where, what, how much, and whether it had been acknowledged.</summary>
    public override string ToString()
    {
        var points = PointsLost is { } p ? p.ToString("N0", CultureInfo.InvariantCulture) : "an unknown number of";
        var records = PointsLost is null ? $"at least {RecordsLost:N0}" : RecordsLost.ToString("N0", CultureInfo.InvariantCulture);
        var acknowledged = Acknowledged switch
        {
            true => "they had been acknowledged (their WriteAsync calls had completed)",
            false => "they had not been acknowledged (an append cut short by a crash)",
            null => "whether they had been acknowledged cannot be told",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"durable segment {Segment}, bytes {StartOffset:N0} to {EndOffset:N0} ({Problem}): {records} {(RecordsLost == 1 ? "record" : "records")} with {points} {(PointsLost == 1 ? "point" : "points")} lost; {acknowledged}");
    }
}
