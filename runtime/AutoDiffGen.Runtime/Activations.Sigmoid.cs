using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes σ(x) = 1 / (1 + e⁻ˣ).</summary>
    /// <param name="x">The input.</param>
    /// <remarks>Saturates to exactly 0 and 1 without overflow or NaN (x = ±1000 gives 0 and 1).</remarks>
    public static double Sigmoid(double x) => new SigmoidOp<double>().Value(x);

    /// <summary>
    /// Pullback of <see cref="Sigmoid(double)"/>: returns Sigmoid(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = σ(x)·(1 − σ(x)).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Sigmoid))]
    public static double SigmoidBackward(double x, double seed, ref double dX)
    {
        double y = new SigmoidOp<double>().Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = σ(x) = 1 / (1 + e⁻ˣ).</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Forward(new SigmoidOp<double>(), x, y);

    /// <summary>
    /// Pullback of <see cref="Sigmoid(ReadOnlySpan{double},Span{double})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = σ(x)·(1 − σ(x)). An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Sigmoid))]
    public static void SigmoidBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new SigmoidOp<double>(), x, y, dY, dX);

    /// <inheritdoc cref="Sigmoid(double)"/>
    public static float Sigmoid(float x) => new SigmoidOp<float>().Value(x);

    /// <inheritdoc cref="SigmoidBackward(double,double,ref double)"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static float SigmoidBackward(float x, float seed, ref float dX)
    {
        float y = new SigmoidOp<float>().Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Sigmoid(ReadOnlySpan{double},Span{double})"/>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Forward(new SigmoidOp<float>(), x, y);

    /// <inheritdoc cref="SigmoidBackward(ReadOnlySpan{double},Span{double},ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static void SigmoidBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new SigmoidOp<float>(), x, y, dY, dX);
}
