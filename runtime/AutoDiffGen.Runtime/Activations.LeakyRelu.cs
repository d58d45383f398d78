using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes leaky_relu(x) = x for x &gt; 0, slope·x otherwise.</summary>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01).</param>
    public static double LeakyRelu(double x, [NoDerivative] double slope = 0.01) => new LeakyReluOp<double>(slope).Value(x);

    /// <summary>
    /// Pullback of <see cref="LeakyRelu(double,double)"/>: returns LeakyRelu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01).</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(LeakyRelu))]
    public static double LeakyReluBackward(double x, double slope, double seed, ref double dX)
    {
        double y = new LeakyReluOp<double>(slope).Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = leaky_relu(x) = x for x &gt; 0, slope·x otherwise.</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01).</param>
    public static void LeakyRelu(ReadOnlySpan<double> x, Span<double> y, [NoDerivative] double slope = 0.01) => Elementwise.Forward(new LeakyReluOp<double>(slope), x, y);

    /// <summary>
    /// Pullback of <see cref="LeakyRelu(ReadOnlySpan{double},Span{double},double)"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch). An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01).</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(LeakyRelu))]
    public static void LeakyReluBackward(ReadOnlySpan<double> x, Span<double> y, double slope, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new LeakyReluOp<double>(slope), x, y, dY, dX);

    /// <inheritdoc cref="LeakyRelu(double,double)"/>
    public static float LeakyRelu(float x, [NoDerivative] float slope = 0.01f) => new LeakyReluOp<float>(slope).Value(x);

    /// <inheritdoc cref="LeakyReluBackward(double,double,double,ref double)"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static float LeakyReluBackward(float x, float slope, float seed, ref float dX)
    {
        float y = new LeakyReluOp<float>(slope).Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="LeakyRelu(ReadOnlySpan{double},Span{double},double)"/>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, [NoDerivative] float slope = 0.01f) => Elementwise.Forward(new LeakyReluOp<float>(slope), x, y);

    /// <inheritdoc cref="LeakyReluBackward(ReadOnlySpan{double},Span{double},double,ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static void LeakyReluBackward(ReadOnlySpan<float> x, Span<float> y, float slope, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new LeakyReluOp<float>(slope), x, y, dY, dX);
}
