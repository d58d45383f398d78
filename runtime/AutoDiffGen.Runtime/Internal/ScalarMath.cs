using System;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Internal;

/// <summary>
/// Scalar special functions .NET lacks or computes inaccurately: expm1 and log1p accurate near 0
/// (<c>double.ExpM1</c> is <c>Exp(x) − 1</c>), and erf / erfc with about 1e-16 relative error.
/// </summary>
internal static class ScalarMath
{
    /// <summary>2/√π.</summary>
    public const double TwoOverSqrtPi = 1.1283791670955126;

    /// <summary>1/√(2π).</summary>
    public const double InvSqrt2Pi = 0.3989422804014327;

    /// <summary>1/√2.</summary>
    public const double InvSqrt2 = 0.7071067811865476;

    /// <summary><c>eˣ − 1</c> by Kahan's method: <c>(u − 1) · x / ln u</c> with <c>u = eˣ</c> cancels the rounding of u.</summary>
    public static double ExpM1(double x)
    {
        double u = Math.Exp(x);
        if (!(Math.Abs(x) < 0.5)) return u - 1.0; // no cancellation there; also keeps u·x from overflowing near x = 709
        if (u == 1.0) return x; // also returns x = ±0 with its sign
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return u;
        return um1 * x / Math.Log(u);
    }

    /// <summary><c>ln(1 + x)</c> by Goldberg's method: <c>ln(u) · x / (u − 1)</c> with <c>u = 1 + x</c>.</summary>
    public static double Log1P(double x)
    {
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>Logistic sigmoid <c>1 / (1 + e⁻ˣ)</c>: exactly 0 or 1 at the extremes, never NaN for finite x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The error function <c>erf x = 2/√π ∫₀ˣ e^(−t²) dt</c>.</summary>
    public static double Erf(double x)
    {
        double ax = Math.Abs(x);
        if (ax < 0.5) return ErfSmall(x);
        if (double.IsNaN(x)) return x;
        double r = 1.0 - ErfcPositive(ax);
        return x < 0 ? -r : r;
    }

    /// <summary>The complementary error function <c>erfc x = 1 − erf x</c>, with full relative accuracy for large x.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x)) return x;
        if (Math.Abs(x) < 0.5) return 1.0 - ErfSmall(x);
        return x < 0 ? 2.0 - ErfcPositive(-x) : ErfcPositive(x);
    }

    // Maclaurin series erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)); for |x| < 0.5 fifteen terms reach 1e-18.
    private static double ErfSmall(double x)
    {
        double z = x * x;
        double p = -2.4668270102644569277e-14;
        p = p * z + 3.9554295164585257634e-13;
        p = p * z - 5.9477940136376350368e-12;
        p = p * z + 8.3507027951472395917e-11;
        p = p * z - 1.089222103714857338e-9;
        p = p * z + 1.3122532963802805073e-8;
        p = p * z - 1.4503852223150468765e-7;
        p = p * z + 1.4589169000933706816e-6;
        p = p * z - 0.000013227513227513227513;
        p = p * z + 0.00010683760683760683761;
        p = p * z - 0.00075757575757575757576;
        p = p * z + 0.0046296296296296296296;
        p = p * z - 0.023809523809523809524;
        p = p * z + 0.1;
        p = p * z - 0.33333333333333333333;
        return TwoOverSqrtPi * (x + x * z * p);
    }

    /// <summary>
    /// erfc(a) for a ≥ 0 given <c>e^(−a²)</c>: Shepherd and Laframboise's form <c>erfc a = e^(−a²) · S(t) / (1 + 2a)</c>, where
    /// <c>S(t) = (1 + 2a) e^(a²) erfc a</c> is smooth in <c>t = (a − 4)/(a + 4) ∈ [−1, 1)</c> and is evaluated from its Chebyshev
    /// series (Clenshaw). Passing e^(−a²) separately lets callers compute it exactly from their own argument.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ErfcFromExp(double a, double expNegASquared)
    {
        if (a > 27.0) return 0.0; // below the smallest subnormal, and keeps t finite for a = ∞
        double t = (a - 4.0) / (a + 4.0);
        double twoT = t + t;
        double b1 = 0.0, b2 = 0.0;
        for (int k = ErfcChebyshev.Length - 1; k >= 1; k--)
        {
            double b0 = twoT * b1 - b2 + ErfcChebyshev[k];
            b2 = b1;
            b1 = b0;
        }
        double series = t * b1 - b2 + ErfcChebyshev[0];
        return expNegASquared * series / (1.0 + 2.0 * a);
    }

    /// <summary><c>e^(−x²)</c> with the rounding of x² compensated: x² = p + e exactly (FMA), e^(−x²) ≈ e^(−p)(1 − e).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExpNegSquare(double x)
    {
        double p = x * x;
        double e = Math.FusedMultiplyAdd(x, x, -p);
        return Math.Exp(-p) * (1.0 - e);
    }

    // erfc for x ≥ 0.5.
    private static double ErfcPositive(double x) => ErfcFromExp(x, ExpNegSquare(x));

    /// <summary>
    /// Exact GELU <c>x·Φ(x)</c> and its derivative <c>Φ(x) + x·φ(x)</c>. With <c>a = |x|/√2</c> and
    /// <c>E = e^(−x²/2) = e^(−a²)</c> computed from x itself (no rounding of x/√2 amplified by the exponential):
    /// <c>Φ(x) = ½ erfc(a)</c> for x ≤ 0 and <c>1 − ½ erfc(a)</c> for x &gt; 0, and <c>φ(x) = E/√(2π)</c>.
    /// </summary>
    public static double GeluWithDerivative(double x, out double derivative) => GeluWithDerivatives(x, out derivative, out _);

    /// <summary>
    /// <see cref="GeluWithDerivative"/> with the second derivative as well: <c>gelu″(x) = φ(x)·(2 − x²)</c> (φ′(x) = −x·φ(x)).
    /// </summary>
    public static double GeluWithDerivatives(double x, out double derivative, out double second)
    {
        double p = x * x;
        double e = Math.FusedMultiplyAdd(x, x, -p);
        double expHalf = Math.Exp(-0.5 * p) * (1.0 - 0.5 * e);
        double tail = 0.5 * ErfcFromExp(Math.Abs(x) * InvSqrt2, expHalf);
        double cdf = x > 0 ? 1.0 - tail : tail;
        derivative = cdf + x * InvSqrt2Pi * expHalf;
        second = InvSqrt2Pi * expHalf * (2.0 - p);
        return x * cdf;
    }

    /// <summary>Chebyshev coefficients of <c>S(t) = (1 + 2a) e^(a²) erfc a</c>, <c>a = 4(1 + t)/(1 − t)</c>, fitted with mpmath at 60 digits (27 terms: truncation below 1e-18).</summary>
    internal static readonly double[] ErfcChebyshev =
    [
        1.1774832005374487,
        -0.007260796620301901,
        -0.081265123236185,
        0.06009212804122225,
        -0.02875393558027666,
        0.01059566336347286,
        -0.003136927294554264,
        0.0007456494372536184,
        -0.0001369696503010054,
        1.7183861600300937e-05,
        -7.158364623450346e-07,
        -2.4261399442449534e-07,
        5.5765709395703566e-08,
        -2.1057869513809494e-09,
        -1.1717889351884957e-09,
        1.9098355172456688e-10,
        1.408871764208813e-11,
        -6.901108320480815e-12,
        9.167958364111294e-14,
        2.1454508286554553e-13,
        -1.4716575027010623e-14,
        -6.668675118770408e-15,
        7.504598509880083e-16,
        2.22009300666632e-16,
        -3.1704898956330886e-17,
        -8.193570309884333e-18,
        1.2459819733129574e-18
    ];
}
