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

    // erfc for x ≥ 0.5. Up to 6.0625: Taylor expansion about the nearest anchor a = 0.5 + k/8,
    //   erfc(a + h) = erfc(a) + 2/√π e^(−a²) Σₙ₌₁ (−1)ⁿ Hₙ₋₁(a) hⁿ / n!   (|h| ≤ 1/16, Hermite polynomials H),
    // using d^n/dx^n erfc = (−1)ⁿ 2/√π Hₙ₋₁(x) e^(−x²). Beyond: Laplace's continued fraction, which converges fast there.
    private static double ErfcPositive(double x)
    {
        if (x < 6.0625)
        {
            int k = (int)Math.Round((x - 0.5) * 8.0);
            double a = 0.5 + k * 0.125;
            double h = x - a;
            double erfcA = Anchors[2 * k], scale = Anchors[2 * k + 1];
            double twoA = 2.0 * a;
            double hermPrev = 0.0, herm = 1.0; // H₋₁ (unused, 0) and H₀
            double hPow = 1.0, sum = 0.0;
            for (int n = 1; n <= 22; n++)
            {
                hPow *= -h / n; // (−h)ⁿ / n!
                sum += herm * hPow;
                double next = twoA * herm - 2.0 * (n - 1) * hermPrev; // Hₙ = 2a Hₙ₋₁ − 2(n−1) Hₙ₋₂
                hermPrev = herm;
                herm = next;
            }
            return erfcA + scale * sum;
        }
        if (x > 27.3) return 0.0; // below the smallest subnormal
        // erfc x = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated from the tail.
        double f = x;
        for (int j = 40; j >= 1; j--) f = x + 0.5 * j / f;
        double p2 = x * x;
        double e2 = Math.FusedMultiplyAdd(x, x, -p2); // x² = p2 + e2 exactly
        double expNeg = Math.Exp(-p2) * (1.0 - e2);
        return expNeg / (1.7724538509055159 * f);
    }

    // (erfc a, 2/√π · e^(−a²)) for a = 0.5 + k/8, k = 0…44, computed to 40 digits with mpmath.
    private static readonly double[] Anchors =
    [
        4.7950012218695346e-1, 8.7878257893544479e-1, // a = 0.5
        3.7675911781158203e-1, 7.6349953576060489e-1, // a = 0.625
        2.8884436634648487e-1, 6.4293106919520733e-1, // a = 0.75
        2.1592493894014034e-1, 5.2474504529014822e-1, // a = 0.875
        1.5729920705028513e-1, 4.151074974205947e-1, // a = 1.0
        1.1161176829829224e-1, 3.182739585007693e-1, // a = 1.125
        7.709987174354177e-2, 2.3652112244729079e-1, // a = 1.25
        5.1829927217909677e-2, 1.703597736875156e-1, // a = 1.375
        3.3894853524689273e-2, 1.1893028922362937e-1, // a = 1.5
        2.1556266760016335e-2, 8.0472259022511165e-2, // a = 1.625
        1.3328328780817556e-2, 5.2774995930150375e-2, // a = 1.75
        8.0099423298800297e-3, 3.3545828424216075e-2, // a = 1.875
        4.6777349810472658e-3, 2.0666985354092054e-2, // a = 2.0
        2.6540293594823415e-3, 1.2340820614333695e-2, // a = 2.125
        1.4627165866811517e-3, 7.142319022017983e-3, // a = 2.25
        7.829382178911192e-4, 4.0064778616702194e-3, // a = 2.375
        4.0695201744495894e-4, 2.1782842303527097e-3, // a = 2.5
        2.0537573614121744e-4, 1.147875125882675e-3, // a = 2.625
        1.0062192211963684e-4, 5.8627724709379233e-4, // a = 2.75
        4.7854839743773413e-5, 2.9022828286249804e-4, // a = 2.875
        2.2090496998585441e-5, 1.3925305194674785e-4, // a = 3.0
        9.8967346252456195e-6, 6.4758683234712979e-5, // a = 3.125
        4.3027794636751218e-6, 2.9189025383581701e-5, // a = 3.25
        1.8152814274403558e-6, 1.2751740799765089e-5, // a = 3.375
        7.4309837234141275e-7, 5.3994267773847825e-6, // a = 3.5
        2.9514019251156986e-7, 2.2159202846331124e-6, // a = 3.625
        1.1372725656979665e-7, 8.8143219123180397e-7, // a = 3.75
        4.2513944082491122e-8, 3.398223817809154e-7, // a = 3.875
        1.5417257900280019e-8, 1.2698234671866558e-7, // a = 4.0
        5.423400799565066e-9, 4.5989958288460518e-8, // a = 4.125
        1.8505741373867425e-9, 1.6143993719507411e-8, // a = 4.25
        6.1248329535693602e-10, 5.4927172288534639e-9, // a = 4.375
        1.9661604415428875e-10, 1.8113058959086899e-9, // a = 4.5
        6.1216105130342263e-11, 5.7892813665874743e-10, // a = 4.625
        1.8485047721485311e-11, 1.7934357034341337e-10, // a = 4.75
        5.4134064662979415e-12, 5.3848704920994579e-11, // a = 4.875
        1.5374597944280349e-12, 1.5670866531017335e-11, // a = 5.0
        4.2345633763362237e-13, 4.4201708693385723e-12, // a = 5.125
        1.1310313266887154e-13, 1.2084074716006755e-12, // a = 5.25
        2.9294885544871543e-14, 3.2019610382476225e-13, // a = 5.375
        7.3578479179743981e-15, 8.223316045262922e-14, // a = 5.5
        1.7920200056510064e-15, 2.0469452084237929e-14, // a = 5.625
        4.2321366174257376e-16, 4.9384851409642188e-15, // a = 5.75
        9.6915556452771752e-17, 1.154807464350253e-15, // a = 5.875
        2.1519736712498913e-17, 2.6173012392492648e-16, // a = 6.0
    ];
}
