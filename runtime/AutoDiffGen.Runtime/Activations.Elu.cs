using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes elu(x) = x for x &gt; 0, α·(eˣ − 1) otherwise.</summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">α, the saturation value for x → −∞ is −α (default 1).</param>
    /// <remarks>eˣ − 1 is evaluated as expm1, accurate near 0.</remarks>
    public static double Elu(double x, [NoDerivative] double alpha = 1.0) => new EluOp<double>(alpha, 1.0).Value(x);

    /// <summary>
    /// Pullback of <see cref="Elu(double,double)"/>: returns Elu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = 1 for x &gt; 0, α·eˣ otherwise.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="alpha">α, the saturation value for x → −∞ is −α (default 1).</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Elu))]
    public static double EluBackward(double x, double alpha, double seed, ref double dX)
    {
        double y = new EluOp<double>(alpha, 1.0).Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = elu(x) = x for x &gt; 0, α·(eˣ − 1) otherwise.</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="alpha">α, the saturation value for x → −∞ is −α (default 1).</param>
    public static void Elu(ReadOnlySpan<double> x, Span<double> y, [NoDerivative] double alpha = 1.0) => Elementwise.Forward(new EluOp<double>(alpha, 1.0), x, y);

    /// <summary>
    /// Pullback of <see cref="Elu(ReadOnlySpan{double},Span{double},double)"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = 1 for x &gt; 0, α·eˣ otherwise. An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="alpha">α, the saturation value for x → −∞ is −α (default 1).</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Elu))]
    public static void EluBackward(ReadOnlySpan<double> x, Span<double> y, double alpha, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new EluOp<double>(alpha, 1.0), x, y, dY, dX);

    /// <inheritdoc cref="Elu(double,double)"/>
    public static float Elu(float x, [NoDerivative] float alpha = 1f) => new EluOp<float>(alpha, 1f).Value(x);

    /// <inheritdoc cref="EluBackward(double,double,double,ref double)"/>
    [DerivativeOf(nameof(Elu))]
    public static float EluBackward(float x, float alpha, float seed, ref float dX)
    {
        float y = new EluOp<float>(alpha, 1f).Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Elu(ReadOnlySpan{double},Span{double},double)"/>
    public static void Elu(ReadOnlySpan<float> x, Span<float> y, [NoDerivative] float alpha = 1f) => Elementwise.Forward(new EluOp<float>(alpha, 1f), x, y);

    /// <inheritdoc cref="EluBackward(ReadOnlySpan{double},Span{double},double,ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(Elu))]
    public static void EluBackward(ReadOnlySpan<float> x, Span<float> y, float alpha, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new EluOp<float>(alpha, 1f), x, y, dY, dX);
}
