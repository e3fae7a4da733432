using System.Globalization;

namespace HomeIQ.Influx.Querying.Text;

internal static class DurationText
{
    private const long TicksPerMicrosecond = 10;

    public static string Format(TimeSpan duration, string weekUnit, string dayUnit, string microUnit)
    {
        long ticks = duration.Ticks;
        (long per, string unit)[] units =
        [
            (TimeSpan.TicksPerDay * 7, weekUnit), (TimeSpan.TicksPerDay, dayUnit), (TimeSpan.TicksPerHour, "h"),
            (TimeSpan.TicksPerMinute, "m"), (TimeSpan.TicksPerSecond, "s"), (TimeSpan.TicksPerMillisecond, "ms"),
            (TicksPerMicrosecond, microUnit),
        ];
        foreach (var (per, unit) in units)
            if (ticks % per == 0) return (ticks / per).ToString(CultureInfo.InvariantCulture) + unit;
        // Beyond 292 years the nanoseconds overflow a long (found by libflux: TimeSpan.MaxValue came out negative), so
        // the microseconds and the rest are written as two parts, which both languages add up.
        if (ticks > long.MaxValue / 100)
            return (ticks / TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture) + microUnit + (ticks % TicksPerMicrosecond * 100).ToString(CultureInfo.InvariantCulture) + "ns";
        return (ticks * 100).ToString(CultureInfo.InvariantCulture) + "ns";
    }
}

internal static class NumberText
{
    public static string FormatDouble(double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "NaN and infinite numbers cannot be used in a query.");
        string s = value.ToString("R", CultureInfo.InvariantCulture);
        int e = s.IndexOfAny(['E', 'e']);
        if (e < 0) return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
        // Neither InfluxQL nor Flux reads exponents in float literals: expand "1.5E-07" to "0.00000015".
        bool negative = s[0] == '-';
        string mantissa = s[(negative ? 1 : 0)..e];
        int exponent = int.Parse(s.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int pointPos = (dot < 0 ? mantissa.Length : dot) + exponent;
        string result;
        if (pointPos <= 0) result = "0." + new string('0', -pointPos) + digits;
        else if (pointPos >= digits.Length) result = digits + new string('0', pointPos - digits.Length) + ".0";
        else result = digits[..pointPos] + "." + digits[pointPos..];
        return negative ? "-" + result : result;
    }
}
