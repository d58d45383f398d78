using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes silu(x) = x·σ(x) = x / (1 + e⁻ˣ) (also called swish).</summary>
    /// <param name="x">The input.</param>
    /// <remarks>Finite for every finite x (σ saturates to exactly 0 or 1).</remarks>
    public static double Silu(double x) => new SiluOp<double>().Value(x);

    /// <summary>
    /// Pullback of <see cref="Silu(double)"/>: returns Silu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = σ(x)·(1 + x·(1 − σ(x))).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Silu))]
    public static double SiluBackward(double x, double seed, ref double dX)
    {
        double y = new SiluOp<double>().Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = silu(x) = x·σ(x) = x / (1 + e⁻ˣ) (also called swish).</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Silu(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Forward(new SiluOp<double>(), x, y);

    /// <summary>
    /// Pullback of <see cref="Silu(ReadOnlySpan{double},Span{double})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = σ(x)·(1 + x·(1 − σ(x))). An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Silu))]
    public static void SiluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new SiluOp<double>(), x, y, dY, dX);

    /// <inheritdoc cref="Silu(double)"/>
    public static float Silu(float x) => new SiluOp<float>().Value(x);

    /// <inheritdoc cref="SiluBackward(double,double,ref double)"/>
    [DerivativeOf(nameof(Silu))]
    public static float SiluBackward(float x, float seed, ref float dX)
    {
        float y = new SiluOp<float>().Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Silu(ReadOnlySpan{double},Span{double})"/>
    public static void Silu(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Forward(new SiluOp<float>(), x, y);

    /// <inheritdoc cref="SiluBackward(ReadOnlySpan{double},Span{double},ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(Silu))]
    public static void SiluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new SiluOp<float>(), x, y, dY, dX);
}
