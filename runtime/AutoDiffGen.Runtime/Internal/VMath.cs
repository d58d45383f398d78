using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Internal;

/// <summary>
/// exp, expm1, log1p, the sigmoid, tanh and the exact GELU on SIMD vectors of any width (.NET 8 has no vectorized versions,
/// and <c>TensorPrimitives.Tanh</c> loses relative accuracy near 0: 2.4e-7 in double, measured). They compute in double lanes;
/// float lanes are widened and the results rounded once, so the float kernels are correctly rounded double results and
/// match the scalar float overloads.
/// </summary>
internal static class VMath
{
    /// <summary><c>eˣ</c> lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        if (typeof(T) == typeof(double)) return TV.FromDouble(ExpDouble(TV.AsDouble(x), minusOne: false));
        TV.Widen(x, out TD lo, out TD hi);
        return TV.Narrow(ExpDouble(lo, false), ExpDouble(hi, false));
    }

    /// <summary><c>eˣ − 1</c> lane-wise, accurate near 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ExpM1<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        if (typeof(T) == typeof(double)) return TV.FromDouble(ExpDouble(TV.AsDouble(x), minusOne: true));
        TV.Widen(x, out TD lo, out TD hi);
        return TV.Narrow(ExpDouble(lo, true), ExpDouble(hi, true));
    }

    /// <summary><c>ln(1 + x)</c> lane-wise for <c>x ≥ 0</c> (and +∞, NaN), accurate near 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log1PNonNegative<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        if (typeof(T) == typeof(double)) return TV.FromDouble(Log1PDouble(TV.AsDouble(x)));
        TV.Widen(x, out TD lo, out TD hi);
        return TV.Narrow(Log1PDouble(lo), Log1PDouble(hi));
    }

    /// <summary>Logistic sigmoid <c>1 / (1 + e⁻ˣ)</c>; saturates to exactly 0 or 1 without NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Sigmoid<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => TV.One / (TV.One + Exp<TV, T, TD>(-x));

    /// <summary><c>tanh x = expm1(2x) / (expm1(2x) + 2)</c>, with the argument clamped to ±20 where tanh is ±1 in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Tanh<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV limit = TV.Create(T.CreateTruncating(20.0));
        // Comparisons are false for NaN, so NaN lanes pass through unchanged.
        TV clamped = TV.SelectGreaterThan(x, limit, limit, TV.SelectLessThan(x, -limit, -limit, x));
        TV e = ExpM1<TV, T, TD>(clamped + clamped);
        return e / (e + TV.Create(T.CreateTruncating(2.0)));
    }

    /// <summary>Exact GELU <c>x·Φ(x)</c> and its derivative lane-wise, the vector form of <see cref="ScalarMath.GeluWithDerivative"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Gelu<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => Gelu<TV, T, TD>(x, out derivative, out _);

    /// <summary>
    /// Exact GELU, its derivative and its second derivative <c>φ(x)·(2 − x²)</c> lane-wise (the vector form of
    /// <see cref="ScalarMath.GeluWithDerivatives"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Gelu<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        if (typeof(T) == typeof(double))
        {
            TD y = GeluDouble(TV.AsDouble(x), out TD d, out TD d2);
            derivative = TV.FromDouble(d);
            second = TV.FromDouble(d2);
            return TV.FromDouble(y);
        }
        TV.Widen(x, out TD lo, out TD hi);
        TD yLo = GeluDouble(lo, out TD dLo, out TD d2Lo), yHi = GeluDouble(hi, out TD dHi, out TD d2Hi);
        derivative = TV.Narrow(dLo, dHi);
        second = TV.Narrow(d2Lo, d2Hi);
        return TV.Narrow(yLo, yHi);
    }

    // 1/k! for the Taylor polynomial of expm1 on |r| ≤ ln2/2 (degree 13 keeps the truncation below 1e-17).
    private const double C2 = 1.0 / 2, C3 = 1.0 / 6, C4 = 1.0 / 24, C5 = 1.0 / 120, C6 = 1.0 / 720, C7 = 1.0 / 5040,
        C8 = 1.0 / 40320, C9 = 1.0 / 362880, C10 = 1.0 / 3628800, C11 = 1.0 / 39916800, C12 = 1.0 / 479001600,
        C13 = 1.0 / 6227020800;
    private const double Log2E = 1.4426950408889634;
    // ln 2 split so that n·Ln2Hi is exact for |n| < 2^21 (Ln2Hi has 32 significant bits): the reduction x − n·ln 2 stays
    // accurate without FMA too.
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Shifter = 6755399441055744.0; // 1.5 · 2^52: adding it rounds to an integer held in the low bits

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD ExpDouble<TD>(TD x, bool minusOne) where TD : struct, IVec<TD, double, TD>
    {
        // Clamp so each half of the exponent stays in [−1022, 1023] (|n| ≤ 2020); e^±1400 already over/underflows.
        TD bound = TD.Create(1400.0);
        TD xc = TD.SelectGreaterThan(x, bound, bound, TD.SelectLessThan(x, -bound, -bound, x));
        TD shifter = TD.Create(Shifter);
        TD t = TD.MulAdd(xc, TD.Create(Log2E), shifter);
        TD n = t - shifter;
        TD r = TD.MulAdd(-n, TD.Create(Ln2Hi), xc);
        r = TD.MulAdd(-n, TD.Create(Ln2Lo), r);

        TD p = TD.Create(C13);
        p = TD.MulAdd(p, r, TD.Create(C12));
        p = TD.MulAdd(p, r, TD.Create(C11));
        p = TD.MulAdd(p, r, TD.Create(C10));
        p = TD.MulAdd(p, r, TD.Create(C9));
        p = TD.MulAdd(p, r, TD.Create(C8));
        p = TD.MulAdd(p, r, TD.Create(C7));
        p = TD.MulAdd(p, r, TD.Create(C6));
        p = TD.MulAdd(p, r, TD.Create(C5));
        p = TD.MulAdd(p, r, TD.Create(C4));
        p = TD.MulAdd(p, r, TD.Create(C3));
        p = TD.MulAdd(p, r, TD.Create(C2));
        p = TD.MulAdd(p, r, TD.One);
        TD q = p * r; // expm1(r)

        TD.PowersOfTwo(t, shifter, out TD s1, out TD s2);
        TD exp = (q + TD.One) * s1 * s2;

        TD result = exp;
        if (minusOne)
        {
            // For n = 0 the polynomial is expm1 itself (full relative accuracy near 0); elsewhere |expm1| ≥ 0.29, so eˣ − 1 is accurate.
            result = TD.SelectEqual(n, TD.Zero, q, exp - TD.One);
        }
        return TD.SelectNaN(x, x, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD Log1PDouble<TD>(TD x) where TD : struct, IVec<TD, double, TD>
    {
        TD u = x + TD.One;
        // ln u for u ≥ 1: u = 2^k · m with m in [√½, √2), ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172.
        TD k = TD.Exponent(u, out TD m);
        TD big = TD.GreaterThan(m, TD.Create(1.4142135623730951));
        m = TD.Select(big, m * TD.Create(0.5), m);
        k = TD.Select(big, k + TD.One, k);
        TD s = (m - TD.One) / (m + TD.One);
        TD z = s * s;
        TD p = TD.Create(1.0 / 21);
        p = TD.MulAdd(p, z, TD.Create(1.0 / 19));
        p = TD.MulAdd(p, z, TD.Create(1.0 / 17));
        p = TD.MulAdd(p, z, TD.Create(1.0 / 15));
        p = TD.MulAdd(p, z, TD.Create(1.0 / 13));
        p = TD.MulAdd(p, z, TD.Create(1.0 / 11));
        p = TD.MulAdd(p, z, TD.Create(1.0 / 9));
        p = TD.MulAdd(p, z, TD.Create(1.0 / 7));
        p = TD.MulAdd(p, z, TD.Create(1.0 / 5));
        p = TD.MulAdd(p, z, TD.Create(1.0 / 3));
        TD lnm = (s + s) + (s + s) * z * p;
        TD lnu = TD.MulAdd(k, TD.Create(Ln2Hi), TD.MulAdd(k, TD.Create(Ln2Lo), lnm));
        // Goldberg's correction: ln(1+x) = ln(u) · x / (u − 1) cancels the rounding of 1 + x.
        TD uMinus1 = u - TD.One;
        TD corrected = lnu * (x / uMinus1);
        TD result = TD.SelectEqual(uMinus1, TD.Zero, x, corrected);
        result = TD.SelectEqual(x, TD.Create(double.PositiveInfinity), x, result);
        return TD.SelectNaN(x, x, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TD GeluDouble<TD>(TD x, out TD derivative, out TD second) where TD : struct, IVec<TD, double, TD>
    {
        TD p = x * x;
        TD e = TD.MulAdd(x, x, -p);
        TD half = TD.Create(0.5);
        TD expHalf = ExpDouble(-half * p, minusOne: false) * (TD.One - half * e);
        TD a = TD.Abs(x) * TD.Create(ScalarMath.InvSqrt2);
        TD limit = TD.Create(27.0);
        TD beyond = TD.GreaterThan(a, limit);
        TD ac = TD.Select(beyond, limit, a); // keeps t finite; the tail there is 0
        TD four = TD.Create(4.0);
        TD t = (ac - four) / (ac + four);
        TD twoT = t + t;
        double[] c = ScalarMath.ErfcChebyshev;
        TD b1 = TD.Zero, b2 = TD.Zero;
        for (int k = c.Length - 1; k >= 1; k--)
        {
            TD b0 = TD.MulAdd(twoT, b1, TD.Create(c[k]) - b2);
            b2 = b1;
            b1 = b0;
        }
        TD series = TD.MulAdd(t, b1, TD.Create(c[0]) - b2);
        TD tail = half * expHalf * series / TD.MulAdd(TD.Create(2.0), ac, TD.One);
        tail = TD.Select(beyond, TD.Zero, tail);
        TD cdf = TD.SelectGreaterThan(x, TD.Zero, TD.One - tail, tail);
        derivative = TD.MulAdd(x * TD.Create(ScalarMath.InvSqrt2Pi), expHalf, cdf);
        second = TD.Create(ScalarMath.InvSqrt2Pi) * expHalf * (TD.Create(2.0) - p);
        TD nan = TD.IsNaN(x);
        derivative = TD.Select(nan, x, derivative);
        second = TD.Select(nan, x, second);
        return TD.Select(nan, x, x * cdf);
    }
}
