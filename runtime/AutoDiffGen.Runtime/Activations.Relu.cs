using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes relu(x) = max(0, x).</summary>
    /// <param name="x">The input.</param>
    /// <remarks>NaN inputs give NaN.</remarks>
    public static double Relu(double x) => new ReluOp<double>().Value(x);

    /// <summary>
    /// Pullback of <see cref="Relu(double)"/>: returns Relu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = relu′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Relu))]
    public static double ReluBackward(double x, double seed, ref double dX)
    {
        double y = new ReluOp<double>().Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = relu(x) = max(0, x).</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Relu(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Forward(new ReluOp<double>(), x, y);

    /// <summary>
    /// Pullback of <see cref="Relu(ReadOnlySpan{double},Span{double})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = relu′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0). An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Relu))]
    public static void ReluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new ReluOp<double>(), x, y, dY, dX);

    /// <inheritdoc cref="Relu(double)"/>
    public static float Relu(float x) => new ReluOp<float>().Value(x);

    /// <inheritdoc cref="ReluBackward(double,double,ref double)"/>
    [DerivativeOf(nameof(Relu))]
    public static float ReluBackward(float x, float seed, ref float dX)
    {
        float y = new ReluOp<float>().Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Relu(ReadOnlySpan{double},Span{double})"/>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Forward(new ReluOp<float>(), x, y);

    /// <inheritdoc cref="ReluBackward(ReadOnlySpan{double},Span{double},ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(Relu))]
    public static void ReluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new ReluOp<float>(), x, y, dY, dX);
}
