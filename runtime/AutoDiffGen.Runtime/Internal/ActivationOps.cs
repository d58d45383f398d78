using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace AutoDiffGen.Internal;

/// <summary>relu(x) = max(0, x), relu′(x) = [x &gt; 0] (0 at 0, as PyTorch); NaN stays NaN.</summary>
internal readonly struct ReluOp : IElementwiseOp
{
    public double Value(double x) => x <= 0 ? 0 : x;

    public double Value(double x, out double derivative)
    {
        derivative = x > 0 ? 1 : 0;
        return Value(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => TV.Select(TV.LessThanOrEqual(x, TV.Zero), TV.Zero, x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        derivative = TV.GreaterThan(x, TV.Zero) & TV.One;
        return Value<TV, T, TD>(x);
    }

    public double Value(double x, out double derivative, out double second)
    {
        second = 0; // piecewise linear: f″ = 0 on both sides (and at the kink, as PyTorch's double backward)
        return Value(x, out derivative);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        second = TV.Zero;
        return Value<TV, T, TD>(x, out derivative);
    }
}

/// <summary>x for x &gt; 0, slope·x otherwise; derivative 1 or slope (slope at 0). Also PReLU with slope = alpha.</summary>
internal readonly struct LeakyReluOp(double slope) : IElementwiseOp
{
    public double Value(double x) => x > 0 ? x : x * slope;

    public double Value(double x, out double derivative)
    {
        derivative = x > 0 ? 1 : slope;
        return Value(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => TV.SelectGreaterThan(x, TV.Zero, x, x * TV.Create(T.CreateTruncating(slope)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV positive = TV.GreaterThan(x, TV.Zero);
        TV s = TV.Create(T.CreateTruncating(slope));
        derivative = TV.Select(positive, TV.One, s);
        return TV.Select(positive, x, x * s);
    }

    public double Value(double x, out double derivative, out double second)
    {
        second = 0; // piecewise linear
        return Value(x, out derivative);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        second = TV.Zero;
        return Value<TV, T, TD>(x, out derivative);
    }
}

/// <summary>
/// scale·x for x &gt; 0, scale·alpha·(eˣ − 1) otherwise (ELU with scale 1, SELU with its constants);
/// derivative scale or scale·alpha·eˣ.
/// </summary>
internal readonly struct EluOp(double alpha, double scale) : IElementwiseOp
{
    public double Value(double x) => x > 0 ? scale * x : scale * alpha * ScalarMath.ExpM1(x);

    public double Value(double x, out double derivative)
    {
        if (x > 0)
        {
            derivative = scale;
            return scale * x;
        }
        double y = scale * alpha * ScalarMath.ExpM1(x);
        derivative = y + scale * alpha; // scale·alpha·eˣ without a second exp
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => TV.SelectGreaterThan(x, TV.Zero, TV.Create(T.CreateTruncating(scale)) * x,
            TV.Create(T.CreateTruncating(scale * alpha)) * VMath.ExpM1<TV, T, TD>(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV positive = TV.GreaterThan(x, TV.Zero);
        TV sa = TV.Create(T.CreateTruncating(scale * alpha));
        TV s = TV.Create(T.CreateTruncating(scale));
        TV negative = sa * VMath.ExpM1<TV, T, TD>(x);
        derivative = TV.Select(positive, s, negative + sa);
        return TV.Select(positive, s * x, negative);
    }

    public double Value(double x, out double derivative, out double second)
    {
        double y = Value(x, out derivative);
        second = x > 0 ? 0 : derivative; // (scale·alpha·eˣ)′ = scale·alpha·eˣ; 0 on the linear side
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV y = Value<TV, T, TD>(x, out derivative);
        second = TV.SelectGreaterThan(x, TV.Zero, TV.Zero, derivative);
        return y;
    }
}

/// <summary>silu(x) = x·σ(x); silu′(x) = σ(x)·(1 + x·(1 − σ(x))).</summary>
internal readonly struct SiluOp : IElementwiseOp
{
    public double Value(double x) => x * ScalarMath.Sigmoid(x);

    public double Value(double x, out double derivative)
    {
        double s = ScalarMath.Sigmoid(x);
        derivative = s * (1 + x * (1 - s));
        return x * s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => x * VMath.Sigmoid<TV, T, TD>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV s = VMath.Sigmoid<TV, T, TD>(x);
        derivative = s * (TV.One + x * (TV.One - s));
        return x * s;
    }

    /// <remarks>silu″(x) = σ(1 − σ)·(2 + x·(1 − 2σ)).</remarks>
    public double Value(double x, out double derivative, out double second)
    {
        double s = ScalarMath.Sigmoid(x);
        derivative = s * (1 + x * (1 - s));
        second = s * (1 - s) * (2 + x * (1 - 2 * s));
        return x * s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV s = VMath.Sigmoid<TV, T, TD>(x);
        TV oneMinusS = TV.One - s;
        derivative = s * (TV.One + x * oneMinusS);
        second = s * oneMinusS * (TV.Create(T.CreateTruncating(2.0)) + x * (oneMinusS - s));
        return x * s;
    }
}

/// <summary>
/// softplus(x) = ln(1 + e^(βx))/β, or x where βx &gt; threshold (PyTorch); derivative σ(βx), or 1 past the threshold.
/// </summary>
internal readonly struct SoftplusOp(double beta, double threshold) : IElementwiseOp
{
    public double Value(double x) => Value(x, out _);

    public double Value(double x, out double derivative)
    {
        double bx = x * beta;
        if (bx > threshold)
        {
            derivative = 1;
            return x;
        }
        derivative = ScalarMath.Sigmoid(bx);
        return ScalarMath.Log1P(Math.Exp(bx)) / beta;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => Value<TV, T, TD>(x, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV b = TV.Create(T.CreateTruncating(beta));
        TV bx = x * b;
        TV over = TV.GreaterThan(bx, TV.Create(T.CreateTruncating(threshold)));
        TV e = VMath.Exp<TV, T, TD>(bx);
        TV sig = e / (TV.One + e);
        // e = ∞ only when the caller raised the threshold past the overflow point; σ is then 1.
        sig = TV.SelectEqual(e, TV.Create(T.PositiveInfinity), TV.One, sig);
        derivative = TV.Select(over, TV.One, sig);
        return TV.Select(over, x, VMath.Log1PNonNegative<TV, T, TD>(e) / b);
    }

    /// <remarks>
    /// softplus″(x) = β·σ(βx)·σ(−βx), and 0 past the threshold (where the function is x). σ(−βx) = 1 − σ(βx) is computed
    /// as 1/(1 + e^(βx)), so f″ keeps its relative accuracy where σ(βx) is close to 1.
    /// </remarks>
    public double Value(double x, out double derivative, out double second)
    {
        double y = Value(x, out derivative);
        double bx = x * beta;
        second = bx > threshold ? 0 : beta * derivative * ScalarMath.Sigmoid(-bx);
        return y;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV b = TV.Create(T.CreateTruncating(beta));
        TV bx = x * b;
        TV over = TV.GreaterThan(bx, TV.Create(T.CreateTruncating(threshold)));
        TV e = VMath.Exp<TV, T, TD>(bx);
        TV onePlusE = TV.One + e;
        TV sig = e / onePlusE;
        TV infinite = TV.Equal(e, TV.Create(T.PositiveInfinity));
        sig = TV.Select(infinite, TV.One, sig);
        derivative = TV.Select(over, TV.One, sig);
        // σ(−βx) = 1/(1 + e^(βx)): exactly 0 when e overflowed.
        second = TV.Select(over, TV.Zero, b * sig * TV.Select(infinite, TV.Zero, TV.One / onePlusE));
        return TV.Select(over, x, VMath.Log1PNonNegative<TV, T, TD>(e) / b);
    }
}

/// <summary>σ(x) = 1/(1 + e⁻ˣ); σ′ = σ(1 − σ).</summary>
internal readonly struct SigmoidOp : IElementwiseOp
{
    public double Value(double x) => ScalarMath.Sigmoid(x);

    public double Value(double x, out double derivative)
    {
        double s = ScalarMath.Sigmoid(x);
        derivative = s * (1 - s);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => VMath.Sigmoid<TV, T, TD>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV s = VMath.Sigmoid<TV, T, TD>(x);
        derivative = s * (TV.One - s);
        return s;
    }

    /// <remarks>σ″ = σ(1 − σ)(1 − 2σ).</remarks>
    public double Value(double x, out double derivative, out double second)
    {
        double s = Value(x, out derivative);
        second = derivative * (1 - 2 * s);
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV s = Value<TV, T, TD>(x, out derivative);
        second = derivative * (TV.One - s - s);
        return s;
    }
}

/// <summary>tanh x; tanh′ = 1 − tanh².</summary>
internal readonly struct TanhOp : IElementwiseOp
{
    public double Value(double x) => Math.Tanh(x);

    public double Value(double x, out double derivative)
    {
        double t = Math.Tanh(x);
        derivative = 1 - t * t;
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => VMath.Tanh<TV, T, TD>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV t = VMath.Tanh<TV, T, TD>(x);
        derivative = TV.One - t * t;
        return t;
    }

    /// <remarks>tanh″ = −2·tanh·(1 − tanh²).</remarks>
    public double Value(double x, out double derivative, out double second)
    {
        double t = Value(x, out derivative);
        second = -2 * t * derivative;
        return t;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV t = Value<TV, T, TD>(x, out derivative);
        second = -(t + t) * derivative;
        return t;
    }
}

/// <summary>
/// The tanh approximation of GELU: ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³);
/// derivative ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715x²).
/// </summary>
internal readonly struct GeluTanhOp : IElementwiseOp
{
    private const double K = 0.7978845608028654; // √(2/π)
    private const double Kappa = 0.044715;

    public double Value(double x) => Value(x, out _); // one expression order, so forward and pullback agree bit for bit

    public double Value(double x, out double derivative)
    {
        double x2 = x * x;
        double u = K * (x + Kappa * x2 * x);
        double t = Math.Tanh(u);
        derivative = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * Kappa * x2);
        return 0.5 * x * (1 + t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => Value<TV, T, TD>(x, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV x2 = x * x;
        TV k = TV.Create(T.CreateTruncating(K));
        TV u = k * (x + TV.Create(T.CreateTruncating(Kappa)) * x2 * x);
        TV t = VMath.Tanh<TV, T, TD>(u);
        TV half = TV.Create(T.CreateTruncating(0.5));
        TV onePlusT = TV.One + t;
        derivative = half * onePlusT + half * x * (TV.One - t * t) * k * (TV.One + TV.Create(T.CreateTruncating(3 * Kappa)) * x2);
        return half * x * onePlusT;
    }

    /// <remarks>
    /// With u′ = √(2/π)(1 + 3·0.044715x²) and u″ = 6·√(2/π)·0.044715x: f″ = (1 − tanh² u)·(u′ + ½x·u″ − x·tanh u·u′²).
    /// </remarks>
    public double Value(double x, out double derivative, out double second)
    {
        // The value and f′ as Value(x, out derivative) computes them, tanh u once.
        double x2 = x * x;
        double u = K * (x + Kappa * x2 * x);
        double t = Math.Tanh(u);
        derivative = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * K * (1 + 3 * Kappa * x2);
        double du = K * (1 + 3 * Kappa * x2);
        second = (1 - t * t) * (du + 3 * K * Kappa * x2 - x * t * du * du);
        return 0.5 * x * (1 + t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
    {
        TV x2 = x * x;
        TV k = TV.Create(T.CreateTruncating(K));
        TV u = k * (x + TV.Create(T.CreateTruncating(Kappa)) * x2 * x);
        TV t = VMath.Tanh<TV, T, TD>(u);
        TV half = TV.Create(T.CreateTruncating(0.5));
        TV onePlusT = TV.One + t;
        TV sech2 = TV.One - t * t;
        derivative = half * onePlusT + half * x * sech2 * k * (TV.One + TV.Create(T.CreateTruncating(3 * Kappa)) * x2);
        TV du = k * (TV.One + TV.Create(T.CreateTruncating(3 * Kappa)) * x2);
        TV halfXddu = TV.Create(T.CreateTruncating(3 * K * Kappa)) * x2; // ½x · u″
        second = sech2 * (du + halfXddu - x * t * du * du);
        return half * x * onePlusT;
    }
}

/// <summary>Exact GELU x·Φ(x) with derivative Φ(x) + x·φ(x), computed in double (float lanes are widened).</summary>
internal readonly struct GeluOp : IElementwiseOp
{
    public double Value(double x) => ScalarMath.GeluWithDerivative(x, out _);

    public double Value(double x, out double derivative) => ScalarMath.GeluWithDerivative(x, out derivative);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => VMath.Gelu<TV, T, TD>(x, out _);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => VMath.Gelu<TV, T, TD>(x, out derivative);

    /// <remarks>gelu″(x) = φ(x)·(2 − x²), the derivative of Φ(x) + x·φ(x) with φ′(x) = −x·φ(x).</remarks>
    public double Value(double x, out double derivative, out double second) => ScalarMath.GeluWithDerivatives(x, out derivative, out second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => VMath.Gelu<TV, T, TD>(x, out derivative, out second);
}

/// <summary>eˣ (for the exponentials of a softmax), derivative eˣ.</summary>
internal readonly struct ExpOp : IElementwiseOp
{
    public double Value(double x) => Math.Exp(x);

    public double Value(double x, out double derivative) => derivative = Math.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => VMath.Exp<TV, T, TD>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => derivative = VMath.Exp<TV, T, TD>(x);

    public double Value(double x, out double derivative, out double second) => second = derivative = Math.Exp(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Value<TV, T, TD>(TV x, out TV derivative, out TV second) where TV : struct, IVec<TV, T, TD> where T : IFloatingPointIeee754<T> where TD : struct, IVec<TD, double, TD>
        => second = derivative = VMath.Exp<TV, T, TD>(x);
}
