using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes prelu(x) = x for x &gt; 0, α·x otherwise, with a learnable α (PyTorch initializes it to 0.25).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The learnable slope α for x ≤ 0.</param>
    public static T PRelu<T>(T x, T alpha) where T : IFloatingPointIeee754<T> => x > T.Zero ? x : alpha * x;

    /// <summary>
    /// Pullback of <see cref="PRelu{T}(T, T)"/>: returns prelu(x), adds <c>seed · (x &gt; 0 ? 1 : α)</c> into
    /// <paramref name="dX"/> and <c>seed · (x &gt; 0 ? 0 : x)</c> into <paramref name="dAlpha"/>. A partial derivative that
    /// is 0 (α = 0, x = 0, or the branch not taken) adds nothing, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slope α.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="dAlpha">Accumulates the adjoint of <paramref name="alpha"/>.</param>
    [DerivativeOf(nameof(PRelu))]
    public static T PReluBackward<T>(T x, T alpha, T seed, ref T dX, ref T dAlpha) where T : IFloatingPointIeee754<T>
    {
        if (x > T.Zero)
        {
            dX += seed;
            return x;
        }
        dX += Adjoint.Times(seed, alpha);
        dAlpha += Adjoint.Times(seed, x);
        return alpha * x;
    }

    /// <summary>Computes <c>y[i] = x[i] &gt; 0 ? x[i] : α·x[i]</c> (vectorized) with one learnable α shared by all elements.</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The learnable slope α for x ≤ 0.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void PRelu<T>(ReadOnlySpan<T> x, T alpha, Span<T> y) where T : IFloatingPointIeee754<T>
        => Elementwise.Forward(new LeakyReluOp(double.CreateTruncating(alpha)), x, y);

    /// <summary>
    /// Pullback of <see cref="PRelu{T}(ReadOnlySpan{T}, T, Span{T})"/>: writes <c>y</c>, adds
    /// <c>dY[i] · (x[i] &gt; 0 ? 1 : α)</c> into <paramref name="dX"/> (skipped when empty) and
    /// <c>Σᵢ dY[i] · (x[i] &gt; 0 ? 0 : x[i])</c> into <paramref name="dAlpha"/>; zero partial derivatives add nothing,
    /// even for infinite or NaN adjoints.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slope α.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    /// <param name="dAlpha">Accumulates the adjoint of <paramref name="alpha"/>.</param>
    [DerivativeOf(nameof(PRelu))]
    public static void PReluBackward<T>(ReadOnlySpan<T> x, T alpha, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX, ref T dAlpha) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        // The alpha gradient reads x, so take it before y (which may alias x) is written.
        dAlpha += NegativePartDot(x, dY);
        Elementwise.Backward(new LeakyReluOp(double.CreateTruncating(alpha)), x, y, dY, dX);
    }

    /// <summary>
    /// Forward-mode derivative of <see cref="PRelu{T}(T, T)"/>: returns prelu(x) and sets <paramref name="dResult"/> =
    /// <c>dX</c> for x &gt; 0, <c>α·dX + x·dAlpha</c> otherwise. A partial derivative that is 0 (α = 0, x = 0) contributes
    /// nothing, even for an infinite or NaN tangent.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slope α.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>.</param>
    /// <param name="dAlpha">The tangent of <paramref name="alpha"/>.</param>
    /// <param name="dResult">Receives the tangent of the result.</param>
    [DerivativeOf(nameof(PRelu), Derivatives.Forward)]
    public static T PReluTangent<T>(T x, T alpha, T dX, T dAlpha, out T dResult) where T : IFloatingPointIeee754<T>
    {
        if (x > T.Zero)
        {
            dResult = dX;
            return x;
        }
        dResult = Adjoint.Times(dX, alpha) + Adjoint.Times(dAlpha, x);
        return alpha * x;
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="PReluBackward{T}(T, T, T, ref T, ref T)"/>, for Hessian-vector
    /// products. For x &gt; 0 prelu is x: it returns x, adds <c>seed</c> into <paramref name="dX"/> and <c>vSeed</c> into
    /// <paramref name="hvX"/>, and sets <paramref name="vResult"/> = <c>vX</c>. Otherwise prelu is α·x, whose only nonzero
    /// second derivative is ∂²/∂x∂α = 1: it returns α·x, adds <c>seed·α</c> into <paramref name="dX"/> and <c>seed·x</c> into
    /// <paramref name="dAlpha"/> as the pullback does, <c>vSeed·α + seed·vAlpha</c> into <paramref name="hvX"/>,
    /// <c>vSeed·x + seed·vX</c> into <paramref name="hvAlpha"/>, and sets <paramref name="vResult"/> = <c>α·vX + x·vAlpha</c>.
    /// Products with a partial derivative that is 0 add nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slope α.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="dAlpha">Accumulates the adjoint of <paramref name="alpha"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>.</param>
    /// <param name="vAlpha">The direction's component along <paramref name="alpha"/>.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>.</param>
    /// <param name="hvAlpha">Accumulates the tangent of <paramref name="dAlpha"/>.</param>
    /// <param name="vResult">Receives the tangent of the result along (vX, vAlpha).</param>
    [DerivativeOf(nameof(PRelu), Derivatives.Hessian)]
    public static T PReluBackwardTangent<T>(T x, T alpha, T seed, ref T dX, ref T dAlpha, T vX, T vAlpha, T vSeed, ref T hvX, ref T hvAlpha, out T vResult)
        where T : IFloatingPointIeee754<T>
    {
        T y = PReluBackward(x, alpha, seed, ref dX, ref dAlpha);
        if (x > T.Zero)
        {
            hvX += vSeed;
            vResult = vX;
            return y;
        }
        hvX += Adjoint.Times(vSeed, alpha) + seed * vAlpha;
        hvAlpha += Adjoint.Times(vSeed, x) + seed * vX;
        vResult = Adjoint.Times(vX, alpha) + Adjoint.Times(vAlpha, x);
        return y;
    }

    /// <summary>
    /// Forward-mode derivative of <see cref="PRelu{T}(ReadOnlySpan{T}, T, Span{T})"/>: writes <c>y</c> and
    /// <c>dY[i] = x[i] &gt; 0 ? dX[i] : α·dX[i] + x[i]·dAlpha</c> (vectorized). An empty <paramref name="dX"/> is zero; an empty
    /// <paramref name="dY"/> is not written. Zero partial derivatives contribute nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slope α.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dAlpha">The tangent of <paramref name="alpha"/>.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(PRelu), Derivatives.Forward)]
    public static void PReluTangent<T>(ReadOnlySpan<T> x, T alpha, Span<T> y, ReadOnlySpan<T> dX, T dAlpha, Span<T> dY) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.LengthOrEmpty(x.Length, dX.Length, nameof(dX));
        Check.LengthOrEmpty(x.Length, dY.Length, nameof(dY));
        if (!dY.IsEmpty)
        {
            // Before y, which may alias x, is written.
            using var zeros = new ZerosForEmpty<T>(ZerosForEmpty<T>.Needed(dX, x.Length));
            Rows.Run(new PReluTangentStep<T>(alpha, dAlpha), x, zeros.Or(dX, x.Length), default, dY, default, default);
        }
        PRelu(x, alpha, y);
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="PReluBackward{T}(ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, Span{T}, ref T)"/>,
    /// for Hessian-vector products: writes <c>y</c>, adds the pullback's <c>dY[i]·(x[i] &gt; 0 ? 1 : α)</c> into
    /// <paramref name="dX"/> and <c>Σᵢ dY[i]·(x[i] &gt; 0 ? 0 : x[i])</c> into <paramref name="dAlpha"/>, and their derivatives
    /// along (vX, vAlpha, vDY): <c>vDY[i]·(x[i] &gt; 0 ? 1 : α) + (x[i] &gt; 0 ? 0 : dY[i]·vAlpha)</c> into <paramref name="hvX"/> and
    /// <c>Σ_{x[i] ≤ 0} (vDY[i]·x[i] + dY[i]·vX[i])</c> into <paramref name="hvAlpha"/> (∂²/∂x∂α = 1 where x ≤ 0, every other
    /// second derivative is 0); writes <c>vY[i] = x[i] &gt; 0 ? vX[i] : α·vX[i] + x[i]·vAlpha</c>. Empty <paramref name="dX"/>,
    /// <paramref name="hvX"/>, <paramref name="vY"/> are skipped; empty <paramref name="vX"/>, <paramref name="vDY"/> are zeros.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slope α.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="dAlpha">Accumulates the adjoint of <paramref name="alpha"/>.</param>
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vAlpha">The direction's component along <paramref name="alpha"/>.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="hvAlpha">Accumulates the tangent of <paramref name="dAlpha"/>.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/>, or empty.</param>
    [DerivativeOf(nameof(PRelu), Derivatives.Hessian)]
    public static void PReluBackwardTangent<T>(ReadOnlySpan<T> x, T alpha, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX, ref T dAlpha,
        ReadOnlySpan<T> vX, T vAlpha, ReadOnlySpan<T> vDY, Span<T> hvX, ref T hvAlpha, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        int n = x.Length;
        Check.SameLength(n, y.Length, nameof(y));
        Check.SameLength(n, dY.Length, nameof(dY));
        Check.LengthOrEmpty(n, vX.Length, nameof(vX));
        Check.LengthOrEmpty(n, vDY.Length, nameof(vDY));
        Check.LengthOrEmpty(n, hvX.Length, nameof(hvX));
        Check.LengthOrEmpty(n, vY.Length, nameof(vY));
        // Everything that reads x runs before y (which may alias it) is written.
        using (var zeros = new ZerosForEmpty<T>(ZerosForEmpty<T>.Needed(vX, n) + ZerosForEmpty<T>.Needed(vDY, n)))
        {
            ReadOnlySpan<T> vx = zeros.Or(vX, n), vdy = zeros.Or(vDY, n);
            // Σ over x ≤ 0 of vDY·x + dY·vX (NegativePartDot skips x = 0, whose product vDY·x is 0 anyway).
            hvAlpha += NegativePartDot(x, vdy) + Rows.Sum(new NonPositivePartProduct<T>(), x, dY, vx);
            if (!hvX.IsEmpty) Rows.Run(new PReluHvXStep<T>(alpha, vAlpha), x, vdy, dY, hvX, default, default);
            if (!vY.IsEmpty) Rows.Run(new PReluTangentStep<T>(alpha, vAlpha), x, vx, default, vY, default, default);
        }
        PReluBackward(x, alpha, y, dY, dX, ref dAlpha);
    }

    /// <inheritdoc cref="PRelu{T}(T, T)"/>
    public static double PRelu(double x, double alpha) => PRelu<double>(x, alpha);

    /// <inheritdoc cref="PRelu{T}(T, T)"/>
    public static float PRelu(float x, float alpha) => PRelu<float>(x, alpha);

    /// <inheritdoc cref="PReluBackward{T}(T, T, T, ref T, ref T)"/>
    [DerivativeOf(nameof(PRelu))]
    public static double PReluBackward(double x, double alpha, double seed, ref double dX, ref double dAlpha) => PReluBackward<double>(x, alpha, seed, ref dX, ref dAlpha);

    /// <inheritdoc cref="PReluBackward{T}(T, T, T, ref T, ref T)"/>
    [DerivativeOf(nameof(PRelu))]
    public static float PReluBackward(float x, float alpha, float seed, ref float dX, ref float dAlpha) => PReluBackward<float>(x, alpha, seed, ref dX, ref dAlpha);

    /// <inheritdoc cref="PRelu{T}(ReadOnlySpan{T}, T, Span{T})"/>
    public static void PRelu(ReadOnlySpan<double> x, double alpha, Span<double> y) => PRelu<double>(x, alpha, y);

    /// <inheritdoc cref="PRelu{T}(ReadOnlySpan{T}, T, Span{T})"/>
    public static void PRelu(ReadOnlySpan<float> x, float alpha, Span<float> y) => PRelu<float>(x, alpha, y);

    /// <inheritdoc cref="PReluBackward{T}(ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, Span{T}, ref T)"/>
    [DerivativeOf(nameof(PRelu))]
    public static void PReluBackward(ReadOnlySpan<double> x, double alpha, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX, ref double dAlpha)
        => PReluBackward<double>(x, alpha, y, dY, dX, ref dAlpha);

    /// <inheritdoc cref="PReluBackward{T}(ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, Span{T}, ref T)"/>
    [DerivativeOf(nameof(PRelu))]
    public static void PReluBackward(ReadOnlySpan<float> x, float alpha, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX, ref float dAlpha)
        => PReluBackward<float>(x, alpha, y, dY, dX, ref dAlpha);

    /// <inheritdoc cref="PReluTangent{T}(T, T, T, T, out T)"/>
    [DerivativeOf(nameof(PRelu), Derivatives.Forward)]
    public static double PReluTangent(double x, double alpha, double dX, double dAlpha, out double dResult) => PReluTangent<double>(x, alpha, dX, dAlpha, out dResult);

    /// <inheritdoc cref="PReluTangent{T}(T, T, T, T, out T)"/>
    [DerivativeOf(nameof(PRelu), Derivatives.Forward)]
    public static float PReluTangent(float x, float alpha, float dX, float dAlpha, out float dResult) => PReluTangent<float>(x, alpha, dX, dAlpha, out dResult);

    /// <inheritdoc cref="PReluBackwardTangent{T}(T, T, T, ref T, ref T, T, T, T, ref T, ref T, out T)"/>
    [DerivativeOf(nameof(PRelu), Derivatives.Hessian)]
    public static double PReluBackwardTangent(double x, double alpha, double seed, ref double dX, ref double dAlpha, double vX, double vAlpha, double vSeed, ref double hvX, ref double hvAlpha, out double vResult)
        => PReluBackwardTangent<double>(x, alpha, seed, ref dX, ref dAlpha, vX, vAlpha, vSeed, ref hvX, ref hvAlpha, out vResult);

    /// <inheritdoc cref="PReluBackwardTangent{T}(T, T, T, ref T, ref T, T, T, T, ref T, ref T, out T)"/>
    [DerivativeOf(nameof(PRelu), Derivatives.Hessian)]
    public static float PReluBackwardTangent(float x, float alpha, float seed, ref float dX, ref float dAlpha, float vX, float vAlpha, float vSeed, ref float hvX, ref float hvAlpha, out float vResult)
        => PReluBackwardTangent<float>(x, alpha, seed, ref dX, ref dAlpha, vX, vAlpha, vSeed, ref hvX, ref hvAlpha, out vResult);

    /// <inheritdoc cref="PReluTangent{T}(ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(nameof(PRelu), Derivatives.Forward)]
    public static void PReluTangent(ReadOnlySpan<double> x, double alpha, Span<double> y, ReadOnlySpan<double> dX, double dAlpha, Span<double> dY)
        => PReluTangent<double>(x, alpha, y, dX, dAlpha, dY);

    /// <inheritdoc cref="PReluTangent{T}(ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(nameof(PRelu), Derivatives.Forward)]
    public static void PReluTangent(ReadOnlySpan<float> x, float alpha, Span<float> y, ReadOnlySpan<float> dX, float dAlpha, Span<float> dY)
        => PReluTangent<float>(x, alpha, y, dX, dAlpha, dY);

    /// <inheritdoc cref="PReluBackwardTangent{T}(ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, Span{T}, ref T, ReadOnlySpan{T}, T, ReadOnlySpan{T}, Span{T}, ref T, Span{T})"/>
    [DerivativeOf(nameof(PRelu), Derivatives.Hessian)]
    public static void PReluBackwardTangent(ReadOnlySpan<double> x, double alpha, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX, ref double dAlpha,
        ReadOnlySpan<double> vX, double vAlpha, ReadOnlySpan<double> vDY, Span<double> hvX, ref double hvAlpha, Span<double> vY)
        => PReluBackwardTangent<double>(x, alpha, y, dY, dX, ref dAlpha, vX, vAlpha, vDY, hvX, ref hvAlpha, vY);

    /// <inheritdoc cref="PReluBackwardTangent{T}(ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, Span{T}, ref T, ReadOnlySpan{T}, T, ReadOnlySpan{T}, Span{T}, ref T, Span{T})"/>
    [DerivativeOf(nameof(PRelu), Derivatives.Hessian)]
    public static void PReluBackwardTangent(ReadOnlySpan<float> x, float alpha, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX, ref float dAlpha,
        ReadOnlySpan<float> vX, float vAlpha, ReadOnlySpan<float> vDY, Span<float> hvX, ref float hvAlpha, Span<float> vY)
        => PReluBackwardTangent<float>(x, alpha, y, dY, dX, ref dAlpha, vX, vAlpha, vDY, hvX, ref hvAlpha, vY);

    // Σ dY[i]·x[i] over the elements with x[i] < 0 (the derivative of α·x there); x = 0 has partial 0 and adds nothing, a NaN x adds NaN.
    private static T NegativePartDot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dY) where T : IFloatingPointIeee754<T>
        => Rows.Sum(new NegativePartProduct<T>(), x, dY);

    private readonly struct NegativePartProduct<T> : IRowReduction<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV xv = TV.Load(ref r.A, j);
            TV skip = TV.Select(TV.GreaterThan(xv, TV.Zero), TV.Equal(xv, xv), TV.Equal(xv, TV.Zero)); // x ≥ 0; NaN is kept
            return TV.Select(skip, TV.Zero, xv * TV.Load(ref r.B, j));
        }
    }

    // Σ dY[i]·vX[i] over the elements with x[i] ≤ 0 (where ∂²prelu/∂x∂α = 1); NaN x is kept.
    private readonly struct NonPositivePartProduct<T> : IRowReduction<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV xv = TV.Load(ref r.A, j);
            return TV.SelectGreaterThan(xv, TV.Zero, TV.Zero, TV.Load(ref r.B, j) * TV.Load(ref r.C, j));
        }
    }

    // out = x > 0 ? t : α·t + x·tα with t = b (a tangent of x) and tα the tangent of α; zero partials contribute nothing.
    private readonly struct PReluTangentStep<T>(T alpha, T alphaTangent) : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV xv = TV.Load(ref r.A, j), t = TV.Load(ref r.B, j);
            TV negative = Adjoint.AddTimes<TV, T, TD>(Adjoint.AddTimes<TV, T, TD>(TV.Zero, t, TV.Create(alpha)), TV.Create(alphaTangent), xv);
            TV.Store(TV.SelectGreaterThan(xv, TV.Zero, t, negative), ref r.Out, j);
        }
    }

    // out += x > 0 ? vDY : vDY·α + dY·vα with vDY = b, dY = c.
    private readonly struct PReluHvXStep<T>(T alpha, T alphaTangent) : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV xv = TV.Load(ref r.A, j), vdy = TV.Load(ref r.B, j);
            TV negative = Adjoint.AddTimes<TV, T, TD>(TV.Zero, vdy, TV.Create(alpha)) + TV.Load(ref r.C, j) * TV.Create(alphaTangent);
            TV.Store(TV.Load(ref r.Out, j) + TV.SelectGreaterThan(xv, TV.Zero, vdy, negative), ref r.Out, j);
        }
    }
}
