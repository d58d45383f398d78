using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace AutoDiffGen.Internal;

/// <summary>
/// Vector building blocks of the span kernels: loads and stores, fused multiply-add, and exp / expm1 / log1p for
/// <see cref="Vector256{T}"/>, which .NET 8 does not provide. Float lanes are widened to double for the transcendental
/// functions, so the float results are correctly rounded double results and match the scalar float overloads.
/// </summary>
internal static class Simd
{
    /// <summary>Whether the 256-bit paths run in hardware (otherwise the kernels use their scalar loops).</summary>
    public static bool IsAccelerated
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.IsHardwareAccelerated;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load<T>(ReadOnlySpan<T> span, int index) where T : unmanaged
        => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load<T>(Span<T> span, int index) where T : unmanaged
        => Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<T>(Vector256<T> value, Span<T> span, int index) where T : unmanaged
        => value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);

    /// <summary><c>a · b + c</c>, fused where the CPU has FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MulAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c) where T : unmanaged
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(double)) return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            if (typeof(T) == typeof(float)) return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
        }
        return a * b + c;
    }

    /// <summary>Lane-wise <c>select(mask, a, b)</c> where the mask lanes are all-ones or all-zeros.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Select<T>(Vector256<T> mask, Vector256<T> a, Vector256<T> b) where T : unmanaged
        => Vector256.ConditionalSelect(mask, a, b);

    /// <summary>Lanes that are NaN, as a mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> IsNaN<T>(Vector256<T> x) where T : unmanaged => ~Vector256.Equals(x, x);

    /// <summary><c>eˣ</c> lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Exp<T>(Vector256<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return ExpDouble(x.AsDouble(), minusOne: false).As<double, T>();
        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x.AsSingle());
        return Vector256.Narrow(ExpDouble(lo, false), ExpDouble(hi, false)).As<float, T>();
    }

    /// <summary><c>eˣ − 1</c> lane-wise, accurate near 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ExpM1<T>(Vector256<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return ExpDouble(x.AsDouble(), minusOne: true).As<double, T>();
        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x.AsSingle());
        return Vector256.Narrow(ExpDouble(lo, true), ExpDouble(hi, true)).As<float, T>();
    }

    /// <summary><c>ln(1 + x)</c> lane-wise for <c>x ≥ 0</c> (and +∞, NaN), accurate near 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Log1PNonNegative<T>(Vector256<T> x) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return Log1PDouble(x.AsDouble()).As<double, T>();
        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x.AsSingle());
        return Vector256.Narrow(Log1PDouble(lo), Log1PDouble(hi)).As<float, T>();
    }

    /// <summary>Logistic sigmoid <c>1 / (1 + e⁻ˣ)</c>; saturates to exactly 0 or 1 without NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sigmoid<T>(Vector256<T> x) where T : unmanaged
        => Vector256<T>.One / (Vector256<T>.One + Exp(-x));

    /// <summary><c>tanh x = expm1(2x) / (expm1(2x) + 2)</c>, with the argument clamped to ±20 where tanh is ±1 in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Tanh<T>(Vector256<T> x) where T : unmanaged
    {
        Vector256<T> limit = Vector256.Create(Scalar<T>(20.0));
        // Comparisons are false for NaN, so NaN lanes pass through unchanged.
        Vector256<T> clamped = Select(Vector256.GreaterThan(x, limit), limit, Select(Vector256.LessThan(x, -limit), -limit, x));
        Vector256<T> e = ExpM1(clamped + clamped);
        return e / (e + Vector256.Create(Scalar<T>(2.0)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Scalar<T>(double value) where T : unmanaged
    {
        if (typeof(T) == typeof(double)) return (T)(object)value;
        return (T)(object)(float)value;
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
    private static Vector256<double> ExpDouble(Vector256<double> x, bool minusOne)
    {
        // Clamp so each half of the exponent stays in [−1022, 1023] (|n| ≤ 2020); e^±1400 already over/underflows.
        Vector256<double> bound = Vector256.Create(1400.0);
        Vector256<double> xc = Select(Vector256.GreaterThan(x, bound), bound, Select(Vector256.LessThan(x, -bound), -bound, x));
        Vector256<double> shifter = Vector256.Create(Shifter);
        Vector256<double> t = MulAdd(xc, Vector256.Create(Log2E), shifter);
        Vector256<double> n = t - shifter;
        Vector256<long> ni = t.AsInt64() - shifter.AsInt64();
        Vector256<double> r = MulAdd(-n, Vector256.Create(Ln2Hi), xc);
        r = MulAdd(-n, Vector256.Create(Ln2Lo), r);

        Vector256<double> p = Vector256.Create(C13);
        p = MulAdd(p, r, Vector256.Create(C12));
        p = MulAdd(p, r, Vector256.Create(C11));
        p = MulAdd(p, r, Vector256.Create(C10));
        p = MulAdd(p, r, Vector256.Create(C9));
        p = MulAdd(p, r, Vector256.Create(C8));
        p = MulAdd(p, r, Vector256.Create(C7));
        p = MulAdd(p, r, Vector256.Create(C6));
        p = MulAdd(p, r, Vector256.Create(C5));
        p = MulAdd(p, r, Vector256.Create(C4));
        p = MulAdd(p, r, Vector256.Create(C3));
        p = MulAdd(p, r, Vector256.Create(C2));
        p = MulAdd(p, r, Vector256<double>.One);
        Vector256<double> q = p * r; // expm1(r)

        // 2^n as two factors, so subnormal results and overflow to ∞ come out right.
        Vector256<long> half = Vector256.ShiftRightArithmetic(ni, 1);
        Vector256<long> bias = Vector256.Create(1023L);
        Vector256<double> s1 = Vector256.ShiftLeft(half + bias, 52).AsDouble();
        Vector256<double> s2 = Vector256.ShiftLeft(ni - half + bias, 52).AsDouble();
        Vector256<double> exp = (q + Vector256<double>.One) * s1 * s2;

        Vector256<double> result = exp;
        if (minusOne)
        {
            // For n = 0 the polynomial is expm1 itself (full relative accuracy near 0); elsewhere |expm1| ≥ 0.29, so eˣ − 1 is accurate.
            result = Select(Vector256.Equals(n, Vector256<double>.Zero), q, exp - Vector256<double>.One);
        }
        return Select(IsNaN(x), x, result);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Log1PDouble(Vector256<double> x)
    {
        Vector256<double> u = x + Vector256<double>.One;
        // ln u for u ≥ 1: u = 2^k · m with m in [√½, √2), ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.172.
        Vector256<ulong> bits = u.AsUInt64();
        Vector256<ulong> exponentBits = Vector256.ShiftRightLogical(bits, 52);
        Vector256<double> twoTo52 = Vector256.Create(4503599627370496.0);
        Vector256<double> k = (exponentBits | twoTo52.AsUInt64()).AsDouble() - twoTo52 - Vector256.Create(1023.0);
        Vector256<double> m = ((bits & Vector256.Create(0x000FFFFFFFFFFFFFUL)) | Vector256.Create(0x3FF0000000000000UL)).AsDouble();
        Vector256<double> big = Vector256.GreaterThan(m, Vector256.Create(1.4142135623730951));
        m = Select(big, m * Vector256.Create(0.5), m);
        k = Select(big, k + Vector256<double>.One, k);
        Vector256<double> s = (m - Vector256<double>.One) / (m + Vector256<double>.One);
        Vector256<double> z = s * s;
        Vector256<double> p = Vector256.Create(1.0 / 21);
        p = MulAdd(p, z, Vector256.Create(1.0 / 19));
        p = MulAdd(p, z, Vector256.Create(1.0 / 17));
        p = MulAdd(p, z, Vector256.Create(1.0 / 15));
        p = MulAdd(p, z, Vector256.Create(1.0 / 13));
        p = MulAdd(p, z, Vector256.Create(1.0 / 11));
        p = MulAdd(p, z, Vector256.Create(1.0 / 9));
        p = MulAdd(p, z, Vector256.Create(1.0 / 7));
        p = MulAdd(p, z, Vector256.Create(1.0 / 5));
        p = MulAdd(p, z, Vector256.Create(1.0 / 3));
        Vector256<double> lnm = (s + s) + (s + s) * z * p;
        Vector256<double> lnu = MulAdd(k, Vector256.Create(Ln2Hi), MulAdd(k, Vector256.Create(Ln2Lo), lnm));
        // Goldberg's correction: ln(1+x) = ln(u) · x / (u − 1) cancels the rounding of 1 + x.
        Vector256<double> uMinus1 = u - Vector256<double>.One;
        Vector256<double> corrected = lnu * (x / uMinus1);
        Vector256<double> result = Select(Vector256.Equals(uMinus1, Vector256<double>.Zero), x, corrected);
        result = Select(Vector256.Equals(x, Vector256.Create(double.PositiveInfinity)), x, result);
        return Select(IsNaN(x), x, result);
    }

    /// <summary>Exact GELU <c>x·Φ(x)</c> and its derivative lane-wise, the vector form of <see cref="ScalarMath.GeluWithDerivative"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Gelu<T>(Vector256<T> x, out Vector256<T> derivative) where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            Vector256<double> y = GeluDouble(x.AsDouble(), out Vector256<double> d);
            derivative = d.As<double, T>();
            return y.As<double, T>();
        }
        (Vector256<double> lo, Vector256<double> hi) = Vector256.Widen(x.AsSingle());
        Vector256<double> yLo = GeluDouble(lo, out Vector256<double> dLo), yHi = GeluDouble(hi, out Vector256<double> dHi);
        derivative = Vector256.Narrow(dLo, dHi).As<float, T>();
        return Vector256.Narrow(yLo, yHi).As<float, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> GeluDouble(Vector256<double> x, out Vector256<double> derivative)
    {
        Vector256<double> p = x * x;
        Vector256<double> e = MulAdd(x, x, -p);
        Vector256<double> half = Vector256.Create(0.5);
        Vector256<double> expHalf = ExpDouble(-half * p, minusOne: false) * (Vector256<double>.One - half * e);
        Vector256<double> a = Vector256.Abs(x) * Vector256.Create(ScalarMath.InvSqrt2);
        Vector256<double> limit = Vector256.Create(27.0);
        Vector256<double> beyond = Vector256.GreaterThan(a, limit);
        Vector256<double> ac = Select(beyond, limit, a); // keeps t finite; the tail there is 0
        Vector256<double> four = Vector256.Create(4.0);
        Vector256<double> t = (ac - four) / (ac + four);
        Vector256<double> twoT = t + t;
        double[] c = ScalarMath.ErfcChebyshev;
        Vector256<double> b1 = Vector256<double>.Zero, b2 = Vector256<double>.Zero;
        for (int k = c.Length - 1; k >= 1; k--)
        {
            Vector256<double> b0 = MulAdd(twoT, b1, Vector256.Create(c[k]) - b2);
            b2 = b1;
            b1 = b0;
        }
        Vector256<double> series = MulAdd(t, b1, Vector256.Create(c[0]) - b2);
        Vector256<double> tail = half * expHalf * series / MulAdd(Vector256.Create(2.0), ac, Vector256<double>.One);
        tail = Select(beyond, Vector256<double>.Zero, tail);
        Vector256<double> cdf = Select(Vector256.GreaterThan(x, Vector256<double>.Zero), Vector256<double>.One - tail, tail);
        derivative = MulAdd(x * Vector256.Create(ScalarMath.InvSqrt2Pi), expHalf, cdf);
        Vector256<double> nan = IsNaN(x);
        derivative = Select(nan, x, derivative);
        return Select(nan, x, x * cdf);
    }
}
