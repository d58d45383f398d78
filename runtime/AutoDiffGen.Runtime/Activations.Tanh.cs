using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).</summary>
    /// <param name="x">The input.</param>
    public static double Tanh(double x) => new TanhOp<double>().Value(x);

    /// <summary>
    /// Pullback of <see cref="Tanh(double)"/>: returns Tanh(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = 1 − tanh²(x).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Tanh))]
    public static double TanhBackward(double x, double seed, ref double dX)
    {
        double y = new TanhOp<double>().Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Forward(new TanhOp<double>(), x, y);

    /// <summary>
    /// Pullback of <see cref="Tanh(ReadOnlySpan{double},Span{double})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = 1 − tanh²(x). An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Tanh))]
    public static void TanhBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new TanhOp<double>(), x, y, dY, dX);

    /// <inheritdoc cref="Tanh(double)"/>
    public static float Tanh(float x) => new TanhOp<float>().Value(x);

    /// <inheritdoc cref="TanhBackward(double,double,ref double)"/>
    [DerivativeOf(nameof(Tanh))]
    public static float TanhBackward(float x, float seed, ref float dX)
    {
        float y = new TanhOp<float>().Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Tanh(ReadOnlySpan{double},Span{double})"/>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Forward(new TanhOp<float>(), x, y);

    /// <inheritdoc cref="TanhBackward(ReadOnlySpan{double},Span{double},ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(Tanh))]
    public static void TanhBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new TanhOp<float>(), x, y, dY, dX);
}
