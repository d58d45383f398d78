using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>
    /// Computes the exact GELU, gelu(x) = x·Φ(x) = ½·x·erfc(−x/√2) (PyTorch <c>gelu</c>, <c>approximate="none"</c>), where Φ
    /// is the standard normal distribution function.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <remarks>
    /// erfc comes from a Chebyshev series of the scaled complementary error function (about 5e-16 relative error) with
    /// e^(−x²/2) computed from x itself, so very negative x keeps full relative accuracy.
    /// </remarks>
    public static double Gelu(double x) => ScalarMath.GeluWithDerivative(x, out _);

    /// <summary>
    /// Pullback of <see cref="Gelu(double)"/>: returns gelu(x) and adds <c>seed · (Φ(x) + x·φ(x))</c> into
    /// <paramref name="dX"/>, with φ(x) = e^(−x²/2)/√(2π).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Gelu))]
    public static double GeluBackward(double x, double seed, ref double dX)
    {
        double y = ScalarMath.GeluWithDerivative(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Gelu(double)"/>
    public static float Gelu(float x) => new GeluOp<float>().Value(x);

    /// <inheritdoc cref="GeluBackward(double, double, ref double)"/>
    [DerivativeOf(nameof(Gelu))]
    public static float GeluBackward(float x, float seed, ref float dX)
    {
        float y = new GeluOp<float>().Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = gelu(x[i])</c> elementwise (vectorized), with the exact GELU <c>x·Φ(x)</c>.</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Gelu(ReadOnlySpan<double> x, Span<double> y) => Elementwise.Forward(new GeluOp<double>(), x, y);

    /// <summary>
    /// Pullback of <see cref="Gelu(ReadOnlySpan{double}, Span{double})"/>: writes <c>y</c> and adds
    /// <c>dY[i] · (Φ(x[i]) + x[i]·φ(x[i]))</c> into <paramref name="dX"/> (skipped when empty).
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Gelu))]
    public static void GeluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new GeluOp<double>(), x, y, dY, dX);

    /// <inheritdoc cref="Gelu(ReadOnlySpan{double}, Span{double})"/>
    public static void Gelu(ReadOnlySpan<float> x, Span<float> y) => Elementwise.Forward(new GeluOp<float>(), x, y);

    /// <inheritdoc cref="GeluBackward(ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, Span{double})"/>
    [DerivativeOf(nameof(Gelu))]
    public static void GeluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new GeluOp<float>(), x, y, dY, dX);
}
