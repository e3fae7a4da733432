using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace HomeIQ.Influx;

/// <summary>
/// Writes a <see cref="double"/> or <see cref="float"/> as UTF-8, byte for byte what
/// <c>value.ToString("R", CultureInfo.InvariantCulture)</c> returns, from the digits <see cref="Schubfach"/> finds.
/// </summary>
/// <remarks>
/// <para>
/// Why not the runtime's own formatter: measured here, <c>"R"</c> of a double with full precision (a unit conversion
/// or an average, 16-17 digits) was the largest single cost of writing a point; .NET finds the digits with Grisu3
/// (falling back to Dragon4) into a digit buffer and then lays them out through its general number formatting.
/// </para>
/// <para>
/// The layout "R" uses, for digits <c>d1..dn</c> without trailing zeros and value = <c>0.d1..dn·10^scale</c> (the same
/// rules in .NET 8's and .NET 10's source, the round-trip digit counts 17 and 9; the tests run on .NET 10, the only
/// runtime on the build machine):
/// </para>
/// <list type="bullet">
/// <item>fixed notation while <c>-3 &lt;= scale &lt;= 17</c> (9 for <see cref="float"/>, the most digits a value of the
/// type ever needs): <c>123.45</c>, <c>0.00012</c>, <c>12345678901234568</c>, <c>10000000000000000</c>;</item>
/// <item>otherwise scientific, with a mantissa like the fixed form of <c>d1.d2..dn</c>, an upper-case <c>E</c>, the
/// exponent's sign always written and at least two exponent digits: <c>1E+17</c>, <c>1.5E-05</c>, <c>5E-324</c>;</item>
/// <item>zero is <c>0</c>, negative zero <c>-0</c>; NaN and infinities are <c>NaN</c>, <c>Infinity</c>,
/// <c>-Infinity</c> (the line-protocol writer refuses them before they get here).</item>
/// </list>
/// </remarks>
internal static class RoundTripFormat
{
    /// <summary>The longest text of a double: <c>-1.2345678901234567E-308</c>.</summary>
    public const int MaxDoubleLength = 24;

    /// <summary>The longest text of a float: <c>-1.23456789E-38</c>, or <c>-Infinity</c>.</summary>
    public const int MaxSingleLength = 15;

    // "R" stays in fixed notation up to the type's round-trip digit count (.NET's MaxRoundTripDigits).
    private const int DoubleMaxFixedScale = 17;
    private const int SingleMaxFixedScale = 9;

    /// <summary>
    /// Writes <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxDoubleLength"/>
    /// bytes) and returns the number of bytes written.
    /// </summary>
    public static int Write(double value, Span<byte> destination)
    {
        if (destination.Length < MaxDoubleLength) ThrowTooShort(MaxDoubleLength);
        if (!double.IsFinite(value)) return WriteNonFinite(double.IsNaN(value), value < 0, destination);
        ref byte output = ref MemoryMarshal.GetReference(destination);
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        int sign = (int)(bits >> 63);
        output = (byte)'-'; // overwritten by the first digit when positive
        ref byte number = ref Unsafe.Add(ref output, sign);
        if ((bits << 1) == 0)
        {
            number = (byte)'0'; // negative zero too: "R" writes -0
            return sign + 1;
        }
        ulong digits = Schubfach.Shortest(value, out int exponent);
        return sign + WriteDecimal(digits, exponent, DoubleMaxFixedScale, ref number);
    }

    /// <summary>
    /// Writes <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="MaxSingleLength"/>
    /// bytes) and returns the number of bytes written.
    /// </summary>
    public static int Write(float value, Span<byte> destination)
    {
        if (destination.Length < MaxSingleLength) ThrowTooShort(MaxSingleLength);
        if (!float.IsFinite(value)) return WriteNonFinite(float.IsNaN(value), value < 0, destination);
        ref byte output = ref MemoryMarshal.GetReference(destination);
        uint bits = BitConverter.SingleToUInt32Bits(value);
        int sign = (int)(bits >> 31);
        output = (byte)'-';
        ref byte number = ref Unsafe.Add(ref output, sign);
        if ((bits << 1) == 0)
        {
            number = (byte)'0';
            return sign + 1;
        }
        ulong digits = Schubfach.Shortest(value, out int exponent);
        return sign + WriteDecimal(digits, exponent, SingleMaxFixedScale, ref number);
    }

    // digits·10^exponent in the layout of "R". digits has at most 17 digits, so the text has at most 23 bytes (the
    // scientific form); the public methods checked that the destination holds them, which is what makes the unchecked
    // writes below safe.
    private static int WriteDecimal(ulong digits, int exponent, int maxFixedScale, ref byte output)
    {
        if (digits % 10 == 0) digits = RemoveTrailingZeros(digits, ref exponent);
        int count = CountDigits(digits);
        int scale = count + exponent;

        if ((uint)(scale + 3) > (uint)(maxFixedScale + 3))
        {
            // Outside -3..max: d[.ddd]E±xx. The digits go one place to the right, the first moves back before the point.
            WriteDigits(digits, count, ref Unsafe.Add(ref output, 1));
            output = Unsafe.Add(ref output, 1);
            int pos = 1;
            if (count > 1)
            {
                Unsafe.Add(ref output, 1) = (byte)'.';
                pos = count + 1;
            }
            return pos + WriteExponent(scale - 1, ref Unsafe.Add(ref output, pos));
        }
        if (scale <= 0)
        {
            // 0.000ddd
            int zeros = -scale;
            output = (byte)'0';
            Unsafe.Add(ref output, 1) = (byte)'.';
            for (int i = 0; i < zeros; i++) Unsafe.Add(ref output, 2 + i) = (byte)'0';
            WriteDigits(digits, count, ref Unsafe.Add(ref output, 2 + zeros));
            return 2 + zeros + count;
        }
        if (scale < count)
        {
            // ddd.ddd: written one place to the right, then the integer part (a few digits for readings) moved back.
            WriteDigits(digits, count, ref Unsafe.Add(ref output, 1));
            for (int i = 0; i < scale; i++) Unsafe.Add(ref output, i) = Unsafe.Add(ref output, i + 1);
            Unsafe.Add(ref output, scale) = (byte)'.';
            return count + 1;
        }
        // ddd000: an integer
        WriteDigits(digits, count, ref output);
        for (int i = count; i < scale; i++) Unsafe.Add(ref output, i) = (byte)'0';
        return scale;
    }

    // Schubfach's digits end in zeros when a shorter decimal won (sp10/tp10) or for integers; at most 16 of them.
    private static ulong RemoveTrailingZeros(ulong digits, ref int exponent)
    {
        if (digits % 100_000_000 == 0)
        {
            digits /= 100_000_000;
            exponent += 8;
            if (digits % 100_000_000 == 0)
            {
                digits /= 100_000_000;
                exponent += 8;
            }
        }
        if (digits % 10_000 == 0)
        {
            digits /= 10_000;
            exponent += 4;
        }
        if (digits % 100 == 0)
        {
            digits /= 100;
            exponent += 2;
        }
        if (digits % 10 == 0)
        {
            digits /= 10;
            exponent += 1;
        }
        return digits;
    }

    // Number of decimal digits of a value >= 1: from its bit length (log10(2) ~ 1233/4096), corrected by one compare.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        int bits = 64 - BitOperations.LeadingZeroCount(value);
        int count = (bits * 1233) >> 12;
        return value >= Unsafe.Add(ref MemoryMarshal.GetReference(PowersOfTen), count) ? count + 1 : count;
    }

    // Exactly `count` digits of value (< 10^17) at output: eight at a time with 32-bit arithmetic (a full-precision
    // double has 16 or 17), then the rest two at a time from the right.
    private static void WriteDigits(ulong value, int count, ref byte output)
    {
        ref byte end = ref Unsafe.Add(ref output, count);
        if (value >= 100_000_000)
        {
            ulong high = value / 100_000_000;
            Write8Digits((uint)(value - high * 100_000_000), ref Unsafe.Subtract(ref end, 8));
            end = ref Unsafe.Subtract(ref end, 8);
            value = high;
            if (value >= 100_000_000)
            {
                high = value / 100_000_000; // one digit is left: value < 10^17
                Write8Digits((uint)(value - high * 100_000_000), ref Unsafe.Subtract(ref end, 8));
                Unsafe.Subtract(ref end, 9) = (byte)('0' + (int)high);
                return;
            }
        }
        uint rest = (uint)value;
        while (rest >= 100)
        {
            uint next = rest / 100;
            end = ref Unsafe.Subtract(ref end, 2);
            WritePair(rest - next * 100, ref end);
            rest = next;
        }
        if (rest >= 10) WritePair(rest, ref Unsafe.Subtract(ref end, 2));
        else Unsafe.Subtract(ref end, 1) = (byte)('0' + rest);
    }

    private static void Write8Digits(uint value, ref byte output)
    {
        uint high = value / 10_000;
        uint low = value - high * 10_000;
        uint a = high / 100;
        uint c = low / 100;
        WritePair(a, ref output);
        WritePair(high - a * 100, ref Unsafe.Add(ref output, 2));
        WritePair(c, ref Unsafe.Add(ref output, 4));
        WritePair(low - c * 100, ref Unsafe.Add(ref output, 6));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WritePair(uint pair, ref byte output) =>
        Unsafe.WriteUnaligned(ref output, Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref MemoryMarshal.GetReference(DigitPairs), (nint)(pair * 2))));

    // E+17, E-05, E+308: the sign always, at least two digits.
    private static int WriteExponent(int exponent, ref byte output)
    {
        output = (byte)'E';
        Unsafe.Add(ref output, 1) = exponent < 0 ? (byte)'-' : (byte)'+';
        uint magnitude = (uint)Math.Abs(exponent);
        if (magnitude >= 100)
        {
            uint hundreds = magnitude / 100;
            Unsafe.Add(ref output, 2) = (byte)('0' + hundreds);
            WritePair(magnitude - hundreds * 100, ref Unsafe.Add(ref output, 3));
            return 5;
        }
        WritePair(magnitude, ref Unsafe.Add(ref output, 2));
        return 4;
    }

    private static int WriteNonFinite(bool nan, bool negative, Span<byte> destination)
    {
        ReadOnlySpan<byte> text = nan ? "NaN"u8 : negative ? "-Infinity"u8 : "Infinity"u8;
        text.CopyTo(destination);
        return text.Length;
    }

    private static void ThrowTooShort(int needed) =>
        throw new ArgumentException($"The destination must have room for {needed} bytes.", "destination");

    private static ReadOnlySpan<ulong> PowersOfTen =>
    [
        1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000,
        100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000, 1_000_000_000_000_000,
        10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000, 10_000_000_000_000_000_000,
    ];

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;
}
