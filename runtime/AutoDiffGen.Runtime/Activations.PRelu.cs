using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes prelu(x) = x for x &gt; 0, α·x otherwise, with a learnable α (PyTorch initializes it to 0.25).</summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The learnable slope α for x ≤ 0.</param>
    public static double PRelu(double x, double alpha) => x > 0 ? x : alpha * x;

    /// <summary>
    /// Pullback of <see cref="PRelu(double, double)"/>: returns prelu(x), adds <c>seed · (x &gt; 0 ? 1 : α)</c> into
    /// <paramref name="dX"/> and <c>seed · (x &gt; 0 ? 0 : x)</c> into <paramref name="dAlpha"/>.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slope α.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    /// <param name="dAlpha">Accumulates the adjoint of <paramref name="alpha"/>.</param>
    [DerivativeOf(nameof(PRelu))]
    public static double PReluBackward(double x, double alpha, double seed, ref double dX, ref double dAlpha)
    {
        if (x > 0)
        {
            dX += seed;
            return x;
        }
        dX += seed * alpha;
        dAlpha += seed * x;
        return alpha * x;
    }

    /// <inheritdoc cref="PRelu(double, double)"/>
    public static float PRelu(float x, float alpha) => x > 0 ? x : alpha * x;

    /// <inheritdoc cref="PReluBackward(double, double, double, ref double, ref double)"/>
    [DerivativeOf(nameof(PRelu))]
    public static float PReluBackward(float x, float alpha, float seed, ref float dX, ref float dAlpha)
    {
        if (x > 0)
        {
            dX += seed;
            return x;
        }
        dX += seed * alpha;
        dAlpha += seed * x;
        return alpha * x;
    }

    /// <summary>Computes <c>y[i] = x[i] &gt; 0 ? x[i] : α·x[i]</c> (vectorized) with one learnable α shared by all elements.</summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The learnable slope α for x ≤ 0.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void PRelu(ReadOnlySpan<double> x, double alpha, Span<double> y) => Elementwise.Forward(new LeakyReluOp<double>(alpha), x, y);

    /// <summary>
    /// Pullback of <see cref="PRelu(ReadOnlySpan{double}, double, Span{double})"/>: writes <c>y</c>, adds
    /// <c>dY[i] · (x[i] &gt; 0 ? 1 : α)</c> into <paramref name="dX"/> (skipped when empty) and
    /// <c>Σᵢ dY[i] · (x[i] &gt; 0 ? 0 : x[i])</c> into <paramref name="dAlpha"/>.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">The slope α.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    /// <param name="dAlpha">Accumulates the adjoint of <paramref name="alpha"/>.</param>
    [DerivativeOf(nameof(PRelu))]
    public static void PReluBackward(ReadOnlySpan<double> x, double alpha, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX, ref double dAlpha)
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        // The alpha gradient reads x, so take it before y (which may alias x) is written.
        dAlpha += NegativePartDot(x, dY);
        Elementwise.Backward(new LeakyReluOp<double>(alpha), x, y, dY, dX);
    }

    /// <inheritdoc cref="PRelu(ReadOnlySpan{double}, double, Span{double})"/>
    public static void PRelu(ReadOnlySpan<float> x, float alpha, Span<float> y) => Elementwise.Forward(new LeakyReluOp<float>(alpha), x, y);

    /// <inheritdoc cref="PReluBackward(ReadOnlySpan{double}, double, Span{double}, ReadOnlySpan{double}, Span{double}, ref double)"/>
    [DerivativeOf(nameof(PRelu))]
    public static void PReluBackward(ReadOnlySpan<float> x, float alpha, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX, ref float dAlpha)
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        dAlpha += NegativePartDot(x, dY);
        Elementwise.Backward(new LeakyReluOp<float>(alpha), x, y, dY, dX);
    }

    // Σ dY[i]·x[i] over the elements with x[i] ≤ 0 (the derivative of α·x there).
    private static T NegativePartDot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> dY) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (Simd.IsAccelerated && x.Length >= Vector256<T>.Count)
        {
            Vector256<T> acc = Vector256<T>.Zero;
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> xv = Simd.Load(x, i);
                acc += Simd.Select(Vector256.GreaterThan(xv, Vector256<T>.Zero), Vector256<T>.Zero, xv * Simd.Load(dY, i));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < x.Length; i++)
        {
            if (!(x[i] > T.Zero)) sum += dY[i] * x[i];
        }
        return sum;
    }
}
