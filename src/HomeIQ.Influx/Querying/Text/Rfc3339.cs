using System.Globalization;

namespace HomeIQ.Influx.Querying.Text;

// RFC3339 times as InfluxDB writes and reads them: UTC with up to nine fraction digits (nanoseconds).
internal static class Rfc3339
{
    public const long UnixEpochTicks = 621355968000000000;

    public static string Format(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        string text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        if (text.EndsWith('.')) text = text[..^1];
        return text + "Z";
    }

    /// <summary>Parses <c>YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)</c>; fractions beyond 100 ns are truncated.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out DateTimeOffset value, out long unixNanoseconds)
    {
        value = default;
        unixNanoseconds = 0;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':') return false;
        if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day) ||
            !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second)) return false;
        int i = 19;
        long fractionNanos = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            int start = i;
            long scale = 100_000_000;
            while (i < s.Length && s[i] >= '0' && s[i] <= '9')
            {
                fractionNanos += (s[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start) return false;
        }
        TimeSpan offset;
        if (i < s.Length && (s[i] == 'Z' || s[i] == 'z')) { offset = TimeSpan.Zero; i++; }
        else if (i + 6 == s.Length && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':' && Digits(s, i + 1, 2, out int oh) && Digits(s, i + 4, 2, out int om))
        {
            offset = new TimeSpan(oh, om, 0);
            if (s[i] == '-') offset = -offset;
            i += 6;
        }
        else return false;
        if (i != s.Length) return false;
        try
        {
            var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
            var utcTicks = local.Ticks - offset.Ticks;
            unixNanoseconds = checked((utcTicks - UnixEpochTicks) * 100 + fractionNanos);
            value = new DateTimeOffset(utcTicks + fractionNanos / 100, TimeSpan.Zero);
            return true;
        }
        catch (ArgumentOutOfRangeException) { return false; }
        catch (OverflowException) { return false; }
    }

    public static DateTimeOffset FromUnixNanoseconds(long ns) =>
        new(UnixEpochTicks + ns / 100 - (ns % 100 < 0 ? 1 : 0), TimeSpan.Zero);

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        for (int i = start; i < start + count; i++)
        {
            int d = s[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }
}

// Flux durations in CSV ("1h30m", "-5s", "250ms") or a plain integer of nanoseconds.
internal static class FluxDuration
{
    public static bool TryParse(ReadOnlySpan<byte> s, out TimeSpan value)
    {
        value = default;
        if (s.IsEmpty) return false;
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ns)) { value = TimeSpan.FromTicks(ns / 100); return true; }
        bool negative = s[0] == '-';
        int i = negative ? 1 : 0;
        long ticks = 0;
        if (i >= s.Length) return false;
        while (i < s.Length)
        {
            int start = i;
            long n = 0;
            while (i < s.Length && s[i] >= '0' && s[i] <= '9') { n = checked(n * 10 + (s[i] - '0')); i++; }
            if (i == start || i >= s.Length) return false;
            int unitStart = i;
            while (i < s.Length && (s[i] < '0' || s[i] > '9')) i++;
            var unit = s[unitStart..i];
            long per;
            if (unit.SequenceEqual("ns"u8)) { ticks = checked(ticks + n / 100); continue; }
            else if (unit.SequenceEqual("us"u8) || unit.SequenceEqual("µs"u8)) per = 10;
            else if (unit.SequenceEqual("ms"u8)) per = TimeSpan.TicksPerMillisecond;
            else if (unit.SequenceEqual("s"u8)) per = TimeSpan.TicksPerSecond;
            else if (unit.SequenceEqual("m"u8)) per = TimeSpan.TicksPerMinute;
            else if (unit.SequenceEqual("h"u8)) per = TimeSpan.TicksPerHour;
            else if (unit.SequenceEqual("d"u8)) per = TimeSpan.TicksPerDay;
            else if (unit.SequenceEqual("w"u8)) per = TimeSpan.TicksPerDay * 7;
            else return false; // months and years have no fixed length
            ticks = checked(ticks + n * per);
        }
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }
}
