namespace HomeIQ.Influx.Engines.Tests.Models;

/// <summary>
/// The point the VictoriaMetrics tests write: two tags and a field of each line-protocol type. VictoriaMetrics stores
/// each field as the series <c>meter_{field}</c>. Every field is derived from <see cref="Seq"/>, so a point read back can
/// be checked by value.
/// </summary>
[Measurement("meter")]
public sealed partial record Meter
{
    [Tag("circuit")] public string? Circuit { get; init; }
    [Tag("producer")] public string? Producer { get; init; }
    [Field("watts")] public double Watts { get; init; }
    [Field("seq")] public long Seq { get; init; }
    [Field("pulses")] public ulong Pulses { get; init; }
    [Field("on")] public bool On { get; init; }
    [Field("note")] public string? Note { get; init; }
    [Timestamp] public DateTimeOffset Time { get; init; }

    /// <summary>2024-01-01T00:00:00Z, the first point's time.</summary>
    public static readonly DateTimeOffset BaseTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The point with sequence number <paramref name="seq"/>, <paramref name="spacing"/> after the previous one (1 ms when
    /// not given: VictoriaMetrics keeps milliseconds), plus <paramref name="offset"/> (e.g. below the millisecond, to show
    /// what each precision keeps). Watts have at most 12 significant digits, which VictoriaMetrics stores exactly.
    /// </summary>
    public static Meter For(long seq, int producers = 8, TimeSpan? spacing = null, TimeSpan offset = default) => new()
    {
        Circuit = "c" + (seq % 3),
        Producer = "p" + (seq % producers),
        Watts = seq * 0.25 + 0.5,
        Seq = seq,
        Pulses = (ulong)seq * 3,
        On = seq % 2 == 0,
        Note = "ünïcode note " + seq,
        Time = BaseTime + (spacing ?? TimeSpan.FromMilliseconds(1)) * seq + offset,
    };
}
