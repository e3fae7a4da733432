using System.Runtime.CompilerServices;

namespace HomeIQ.Influx;

/// <summary>
/// The shortest decimal that reads back as the same <see cref="double"/> or <see cref="float"/>: Raffaello Giulietti's
/// Schubfach algorithm, "The Schubfach way to render doubles" (2020), the algorithm behind Java 19's
/// <c>Double.toString</c>. <see cref="RoundTripFormat"/> lays the digits out the way .NET's <c>"R"</c> does.
/// </summary>
/// <remarks>
/// <para>
/// A positive finite value is <c>v = c·2^q</c>. Every real number in its rounding interval <c>R</c> (half an ulp either
/// side; a quarter below a power of two, where the spacing of doubles halves; the ends included only when <c>c</c> is
/// even, because a tie rounds to the even significand) reads back as <c>v</c>. Schubfach picks the decimal scale
/// <c>10^k</c> with <c>10^k &lt;= width(R) &lt; 10^(k+1)</c> (paper, section 8), so <c>R</c> holds at least one
/// multiple of <c>10^k</c> and at most one of <c>10^(k+1)</c>. With <c>s = floor(v·10^-k)</c>:
/// </para>
/// <list type="number">
/// <item>if exactly one multiple of <c>10^(k+1)</c> next to <c>v</c> lies in <c>R</c>, it is the only decimal of its
/// length there, and no shorter one exists: it is the answer;</item>
/// <item>otherwise the answer is <c>s·10^k</c> or <c>(s+1)·10^k</c>: the one in <c>R</c>, or when both are, the one
/// closer to <c>v</c>, the even one on a tie (section 9.3).</item>
/// </list>
/// <para>
/// This is the paper's algorithm without Java's extra rule that a result has at least two digits (Java's
/// <c>s &gt;= 100</c> guard and its <c>C_TINY</c> scaling of the smallest subnormals): .NET writes the shortest decimal,
/// <c>5E-324</c> where Java writes <c>4.9E-324</c>. All arithmetic is in integers; <c>v·10^-k</c> and the interval
/// ends are computed to the precision the paper proves sufficient: <c>10^-k</c> as a 126-bit <c>g</c> rounded up
/// (<see cref="Pow10"/>), products rounded to odd the way section 9.9 proves correct. The result is the decimal .NET's
/// own formatter finds (Grisu3 with a Dragon4 fallback): the shortest, then the closest, ties to even. The
/// differential tests in <c>tests/HomeIQ.Influx.Tests/LineProtocol/RoundTripFormatTests.cs</c> hold it to
/// <c>ToString("R")</c>; they found two doubles where "R" writes a text that does not read back, and there this writes
/// the shortest text that does.
/// </para>
/// </remarks>
internal static partial class Schubfach
{
    private const int DoubleSignificandBits = 52;   // stored fraction bits (P - 1)
    private const int DoubleMinExponent = -1074;    // q of the subnormals and of the smallest normals
    private const int SingleSignificandBits = 23;
    private const int SingleMinExponent = -149;

    /// <summary>
    /// The shortest decimal <c>digits·10^exponent</c> that reads back as <paramref name="value"/>, whose sign is
    /// ignored. <paramref name="value"/> must be finite and not zero. <c>digits</c> has at most 17 digits and may end in
    /// zeros (the shortest form is it without them).
    /// </summary>
    public static ulong Shortest(double value, out int exponent)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        ulong fraction = bits & ((1UL << DoubleSignificandBits) - 1);
        int biasedExponent = (int)(bits >> DoubleSignificandBits) & 0x7FF;
        if (biasedExponent == 0) return Shortest(fraction, DoubleMinExponent, irregularSpacing: false, out exponent);

        ulong c = (1UL << DoubleSignificandBits) | fraction;
        int q = biasedExponent + DoubleMinExponent - 1;
        // An integer below 2^53 is its own shortest form (the interval is at most 1 wide and centred on it), which
        // saves the multiplications for whole-number readings (paper, section 8.3).
        if (q < 0 && q > -(DoubleSignificandBits + 1))
        {
            ulong integer = c >> -q;
            if (integer << -q == c)
            {
                exponent = 0;
                return integer;
            }
        }
        // Above a power of two the next double down is half as far away as the next one up.
        return Shortest(c, q, irregularSpacing: fraction == 0 && biasedExponent > 1, out exponent);
    }

    /// <summary>As <see cref="Shortest(double, out int)"/>, for a <see cref="float"/> (at most 9 digits).</summary>
    public static ulong Shortest(float value, out int exponent)
    {
        uint bits = BitConverter.SingleToUInt32Bits(value);
        uint fraction = bits & ((1U << SingleSignificandBits) - 1);
        int biasedExponent = (int)(bits >> SingleSignificandBits) & 0xFF;
        if (biasedExponent == 0) return Shortest(fraction, SingleMinExponent, irregularSpacing: false, out exponent);

        uint c = (1U << SingleSignificandBits) | fraction;
        int q = biasedExponent + SingleMinExponent - 1;
        if (q < 0 && q > -(SingleSignificandBits + 1))
        {
            uint integer = c >> -q;
            if (integer << -q == c)
            {
                exponent = 0;
                return integer;
            }
        }
        return Shortest(c, q, irregularSpacing: fraction == 0 && biasedExponent > 1, out exponent);
    }

    // The core for any binary precision up to 53 bits: v = c·2^q, c > 0. Names follow the paper: cb = 4c and its
    // interval ends cbl, cbr (in units of a quarter of 2^q); vb, vbl, vbr the same scaled by 10^-k.
    private static ulong Shortest(ulong c, int q, bool irregularSpacing, out int exponent)
    {
        ulong outside = c & 1; // an odd significand excludes the interval's ends (ties round to even)
        ulong cb = c << 2;
        ulong cbr = cb + 2;
        ulong cbl;
        int k;
        if (irregularSpacing)
        {
            cbl = cb - 1;
            k = FloorLog10ThreeQuartersPow2(q);
        }
        else
        {
            cbl = cb - 2;
            k = FloorLog10Pow2(q);
        }
        // 10^-k = g·2^(h - q - 127) within g's precision; h is 1..4, so cb << h stays below 2^59.
        int h = q + FloorLog2Pow10(-k) + 2;
        int index = (k - MinK) * 2;
        ulong g1 = Pow10[index];
        ulong g0 = Pow10[index + 1];
        ulong vb = RoundToOdd(g1, g0, cb << h);
        ulong vbl = RoundToOdd(g1, g0, cbl << h);
        ulong vbr = RoundToOdd(g1, g0, cbr << h);

        ulong s = vb >> 2;
        exponent = k;
        // One digit shorter: the multiples of 10^(k+1) either side of v.
        ulong sp10 = s / 10 * 10;
        ulong tp10 = sp10 + 10;
        bool upIn = vbl + outside <= sp10 << 2;
        bool wpIn = (tp10 << 2) + outside <= vbr;
        if (upIn != wpIn) return upIn ? sp10 : tp10;

        ulong t = s + 1;
        bool uIn = vbl + outside <= s << 2;
        bool wIn = (t << 2) + outside <= vbr;
        if (uIn != wIn) return uIn ? s : t;
        // Both lie in the interval: the closer to v, i.e. compare vb with 4(s + 1/2) = 2(s + t); a tie goes to even.
        ulong middle = (s + t) << 1;
        return vb < middle || (vb == middle && (s & 1) == 0) ? s : t;
    }

    // r_o'(g·cp·2^-127) of the paper (section 9.9, figure 8): floor(g·cp / 2^127) with its lowest bit set when the part
    // below is not zero ("round to odd"), computed from g1·cp and the high half of g0·cp only. The paper proves that
    // this computation, dropping the low half of g0·cp, gives the right comparisons for every double. Computing the
    // product exactly instead is wrong: the +1 in g then makes an exact decimal look inexact, and the test set lost
    // 18373128570789990 to 18373128570789992, whose interval ends exactly on the shorter decimal.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong RoundToOdd(ulong g1, ulong g0, ulong cp)
    {
        const ulong Low63 = (1UL << 63) - 1;
        ulong x1 = Math.BigMul(g0, cp, out _);
        ulong y1 = Math.BigMul(g1, cp, out ulong y0);
        ulong z = (y0 >> 1) + x1;
        ulong result = y1 + (z >> 63);
        return result | (((z & Low63) + Low63) >> 63);
    }

    // floor(e·log10(2)) with 661,971,961,083 = floor(log10(2)·2^41). These three are checked against exact integer
    // arithmetic for every e the formatter can pass them (RoundTripFormatTests).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog10Pow2(int e) => (int)((e * 661_971_961_083L) >> 41);

    // floor(log10(3/4·2^e)): the same with floor(log10(3/4)·2^41) added.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog10ThreeQuartersPow2(int e) => (int)((e * 661_971_961_083L - 274_743_187_321L) >> 41);

    // floor(e·log2(10)): 913,124,641,741 = floor(log2(10)·2^38).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog2Pow10(int e) => (int)((e * 913_124_641_741L) >> 38);
}
