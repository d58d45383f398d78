using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>Generic scalar helpers: constants and the exp family evaluated in double, so float results are correctly rounded.</summary>
internal static class G
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T C<T>(double value) where T : unmanaged, IFloatingPointIeee754<T> => T.CreateTruncating(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double D<T>(T value) where T : unmanaged, IFloatingPointIeee754<T> => double.CreateTruncating(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Exp<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => C<T>(Math.Exp(D(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ExpM1<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => C<T>(ScalarMath.ExpM1(D(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Log1P<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => C<T>(ScalarMath.Log1P(D(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sigmoid<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => C<T>(ScalarMath.Sigmoid(D(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Tanh<T>(T x) where T : unmanaged, IFloatingPointIeee754<T> => C<T>(Math.Tanh(D(x)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> V<T>(double value) where T : unmanaged, IFloatingPointIeee754<T> => Vector256.Create(C<T>(value));
}

/// <summary>relu(x) = max(0, x), relu′(x) = [x &gt; 0] (0 at 0, as PyTorch); NaN stays NaN.</summary>
internal readonly struct ReluOp<T> : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Value(T x) => x <= T.Zero ? T.Zero : x;
    public T Value(T x, out T derivative) { derivative = x > T.Zero ? T.One : T.Zero; return Value(x); }
    public Vector256<T> Value(Vector256<T> x) => Simd.Select(Vector256.LessThanOrEqual(x, Vector256<T>.Zero), Vector256<T>.Zero, x);
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative)
    {
        derivative = Vector256.GreaterThan(x, Vector256<T>.Zero) & Vector256<T>.One;
        return Value(x);
    }
}

/// <summary>x for x &gt; 0, slope·x otherwise; derivative 1 or slope (slope at 0). Also PReLU with slope = alpha.</summary>
internal readonly struct LeakyReluOp<T>(T slope) : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Value(T x) => x > T.Zero ? x : x * slope;
    public T Value(T x, out T derivative) { derivative = x > T.Zero ? T.One : slope; return Value(x); }
    public Vector256<T> Value(Vector256<T> x) => Simd.Select(Vector256.GreaterThan(x, Vector256<T>.Zero), x, x * Vector256.Create(slope));
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative)
    {
        Vector256<T> positive = Vector256.GreaterThan(x, Vector256<T>.Zero);
        Vector256<T> s = Vector256.Create(slope);
        derivative = Simd.Select(positive, Vector256<T>.One, s);
        return Simd.Select(positive, x, x * s);
    }
}

/// <summary>
/// scale·x for x &gt; 0, scale·alpha·(eˣ − 1) otherwise (ELU with scale 1, SELU with its constants);
/// derivative scale or scale·alpha·eˣ.
/// </summary>
internal readonly struct EluOp<T>(T alpha, T scale) : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Value(T x) => x > T.Zero ? scale * x : scale * alpha * G.ExpM1(x);
    public T Value(T x, out T derivative)
    {
        if (x > T.Zero)
        {
            derivative = scale;
            return scale * x;
        }
        T y = scale * alpha * G.ExpM1(x);
        derivative = y + scale * alpha; // scale·alpha·eˣ without a second exp
        return y;
    }
    public Vector256<T> Value(Vector256<T> x)
        => Simd.Select(Vector256.GreaterThan(x, Vector256<T>.Zero), Vector256.Create(scale) * x, Vector256.Create(scale * alpha) * Simd.ExpM1(x));
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative)
    {
        Vector256<T> positive = Vector256.GreaterThan(x, Vector256<T>.Zero);
        Vector256<T> sa = Vector256.Create(scale * alpha);
        Vector256<T> s = Vector256.Create(scale);
        Vector256<T> negative = sa * Simd.ExpM1(x);
        derivative = Simd.Select(positive, s, negative + sa);
        return Simd.Select(positive, s * x, negative);
    }
}

/// <summary>silu(x) = x·σ(x); silu′(x) = σ(x)·(1 + x·(1 − σ(x))).</summary>
internal readonly struct SiluOp<T> : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Value(T x) => x * G.Sigmoid(x);
    public T Value(T x, out T derivative)
    {
        T s = G.Sigmoid(x);
        derivative = s * (T.One + x * (T.One - s));
        return x * s;
    }
    public Vector256<T> Value(Vector256<T> x) => x * Simd.Sigmoid(x);
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative)
    {
        Vector256<T> s = Simd.Sigmoid(x);
        derivative = s * (Vector256<T>.One + x * (Vector256<T>.One - s));
        return x * s;
    }
}

/// <summary>
/// softplus(x) = ln(1 + e^(βx))/β, or x where βx &gt; threshold (PyTorch); derivative σ(βx), or 1 past the threshold.
/// </summary>
internal readonly struct SoftplusOp<T>(T beta, T threshold) : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Value(T x)
    {
        T bx = x * beta;
        return bx > threshold ? x : G.Log1P(G.Exp(bx)) / beta;
    }
    public T Value(T x, out T derivative)
    {
        T bx = x * beta;
        if (bx > threshold)
        {
            derivative = T.One;
            return x;
        }
        derivative = G.Sigmoid(bx);
        return G.Log1P(G.Exp(bx)) / beta;
    }
    public Vector256<T> Value(Vector256<T> x) => Value(x, out _);
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative)
    {
        Vector256<T> bx = x * Vector256.Create(beta);
        Vector256<T> over = Vector256.GreaterThan(bx, Vector256.Create(threshold));
        Vector256<T> e = Simd.Exp(bx);
        Vector256<T> sig = e / (Vector256<T>.One + e);
        // e = ∞ only when the caller raised the threshold past the overflow point; σ is then 1.
        sig = Simd.Select(Vector256.Equals(e, Vector256.Create(T.PositiveInfinity)), Vector256<T>.One, sig);
        derivative = Simd.Select(over, Vector256<T>.One, sig);
        return Simd.Select(over, x, Simd.Log1PNonNegative(e) / Vector256.Create(beta));
    }
}

/// <summary>σ(x) = 1/(1 + e⁻ˣ); σ′ = σ(1 − σ).</summary>
internal readonly struct SigmoidOp<T> : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Value(T x) => G.Sigmoid(x);
    public T Value(T x, out T derivative)
    {
        T s = G.Sigmoid(x);
        derivative = s * (T.One - s);
        return s;
    }
    public Vector256<T> Value(Vector256<T> x) => Simd.Sigmoid(x);
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative)
    {
        Vector256<T> s = Simd.Sigmoid(x);
        derivative = s * (Vector256<T>.One - s);
        return s;
    }
}

/// <summary>tanh x; tanh′ = 1 − tanh².</summary>
internal readonly struct TanhOp<T> : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Value(T x) => G.Tanh(x);
    public T Value(T x, out T derivative)
    {
        T t = G.Tanh(x);
        derivative = T.One - t * t;
        return t;
    }
    public Vector256<T> Value(Vector256<T> x) => Simd.Tanh(x);
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative)
    {
        Vector256<T> t = Simd.Tanh(x);
        derivative = Vector256<T>.One - t * t;
        return t;
    }
}

/// <summary>
/// The tanh approximation of GELU: ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³);
/// derivative ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715x²).
/// </summary>
internal readonly struct GeluTanhOp<T> : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private const double K = 0.7978845608028654; // √(2/π)
    private const double Kappa = 0.044715;

    public T Value(T x) => Value(x, out _); // one expression order, so forward and pullback agree bit for bit
    public T Value(T x, out T derivative)
    {
        T x2 = x * x;
        T u = G.C<T>(K) * (x + G.C<T>(Kappa) * x2 * x);
        T t = G.Tanh(u);
        T half = G.C<T>(0.5);
        derivative = half * (T.One + t) + half * x * (T.One - t * t) * G.C<T>(K) * (T.One + G.C<T>(3 * Kappa) * x2);
        return half * x * (T.One + t);
    }
    public Vector256<T> Value(Vector256<T> x) => Value(x, out _);
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative)
    {
        Vector256<T> x2 = x * x;
        Vector256<T> u = G.V<T>(K) * (x + G.V<T>(Kappa) * x2 * x);
        Vector256<T> t = Simd.Tanh(u);
        Vector256<T> half = G.V<T>(0.5);
        Vector256<T> onePlusT = Vector256<T>.One + t;
        derivative = half * onePlusT + half * x * (Vector256<T>.One - t * t) * G.V<T>(K) * (Vector256<T>.One + G.V<T>(3 * Kappa) * x2);
        return half * x * onePlusT;
    }
}

/// <summary>Exact GELU x·Φ(x) with derivative Φ(x) + x·φ(x), computed in double (float lanes are widened).</summary>
internal readonly struct GeluOp<T> : IElementwiseOp<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public T Value(T x) => G.C<T>(ScalarMath.GeluWithDerivative(G.D(x), out _));
    public T Value(T x, out T derivative)
    {
        double y = ScalarMath.GeluWithDerivative(G.D(x), out double d);
        derivative = G.C<T>(d);
        return G.C<T>(y);
    }
    public Vector256<T> Value(Vector256<T> x) => Simd.Gelu(x, out _);
    public Vector256<T> Value(Vector256<T> x, out Vector256<T> derivative) => Simd.Gelu(x, out derivative);
}
