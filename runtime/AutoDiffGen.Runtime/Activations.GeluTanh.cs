using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes gelu_tanh(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (PyTorch <c>gelu(approximate="tanh")</c>).</summary>
    /// <param name="x">The input.</param>
    public static double GeluTanh(double x) => new GeluTanhOp<double>().Value(x);

    /// <summary>
    /// Pullback of <see cref="GeluTanh(double)"/>: returns GeluTanh(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²), with u the tanh argument.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(GeluTanh))]
    public static double GeluTanhBackward(double x, double seed, ref double dX)
    {
        double y = new GeluTanhOp<double>().Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = gelu_tanh(x) = ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) (PyTorch <c>gelu(approximate="tanh")</c>).</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void GeluTanh(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Forward(new GeluTanhOp<double>(), x, y);

    /// <summary>
    /// Pullback of <see cref="GeluTanh(ReadOnlySpan{double},Span{double})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²), with u the tanh argument. An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(GeluTanh))]
    public static void GeluTanhBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new GeluTanhOp<double>(), x, y, dY, dX);

    /// <inheritdoc cref="GeluTanh(double)"/>
    public static float GeluTanh(float x) => new GeluTanhOp<float>().Value(x);

    /// <inheritdoc cref="GeluTanhBackward(double,double,ref double)"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static float GeluTanhBackward(float x, float seed, ref float dX)
    {
        float y = new GeluTanhOp<float>().Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="GeluTanh(ReadOnlySpan{double},Span{double})"/>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Forward(new GeluTanhOp<float>(), x, y);

    /// <inheritdoc cref="GeluTanhBackward(ReadOnlySpan{double},Span{double},ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static void GeluTanhBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new GeluTanhOp<float>(), x, y, dY, dX);
}
