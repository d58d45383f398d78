using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes selu(x) = λ·x for x &gt; 0, λ·α·(eˣ − 1) otherwise, with α = 1.6732632423543772848 and λ = 1.0507009873554804934 (Klambauer et al., PyTorch).</summary>
    /// <param name="x">The input.</param>
    public static double Selu(double x) => new EluOp<double>(SeluAlpha, SeluScale).Value(x);

    /// <summary>
    /// Pullback of <see cref="Selu(double)"/>: returns Selu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Selu))]
    public static double SeluBackward(double x, double seed, ref double dX)
    {
        double y = new EluOp<double>(SeluAlpha, SeluScale).Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = selu(x) = λ·x for x &gt; 0, λ·α·(eˣ − 1) otherwise, with α = 1.6732632423543772848 and λ = 1.0507009873554804934 (Klambauer et al., PyTorch).</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Selu(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Forward(new EluOp<double>(SeluAlpha, SeluScale), x, y);

    /// <summary>
    /// Pullback of <see cref="Selu(ReadOnlySpan{double},Span{double})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise. An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Selu))]
    public static void SeluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new EluOp<double>(SeluAlpha, SeluScale), x, y, dY, dX);

    /// <inheritdoc cref="Selu(double)"/>
    public static float Selu(float x) => new EluOp<float>(SeluAlphaF, SeluScaleF).Value(x);

    /// <inheritdoc cref="SeluBackward(double,double,ref double)"/>
    [DerivativeOf(nameof(Selu))]
    public static float SeluBackward(float x, float seed, ref float dX)
    {
        float y = new EluOp<float>(SeluAlphaF, SeluScaleF).Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Selu(ReadOnlySpan{double},Span{double})"/>
    public static void Selu(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Forward(new EluOp<float>(SeluAlphaF, SeluScaleF), x, y);

    /// <inheritdoc cref="SeluBackward(ReadOnlySpan{double},Span{double},ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(Selu))]
    public static void SeluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new EluOp<float>(SeluAlphaF, SeluScaleF), x, y, dY, dX);
}
