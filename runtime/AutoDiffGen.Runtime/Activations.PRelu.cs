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
}
