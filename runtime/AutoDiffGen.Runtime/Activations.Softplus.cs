using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes softplus(x) = ln(1 + e^(β·x)) / β, and x itself where β·x &gt; threshold (PyTorch).</summary>
    /// <param name="x">The input.</param>
    /// <param name="beta">β (default 1).</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20).</param>
    /// <remarks>ln(1 + ·) is evaluated as log1p, so very negative x gives e^(βx)/β rather than 0 or overflow.</remarks>
    public static double Softplus(double x, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) => new SoftplusOp<double>(beta, threshold).Value(x);

    /// <summary>
    /// Pullback of <see cref="Softplus(double,double,double)"/>: returns Softplus(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = σ(β·x), and 1 where β·x &gt; threshold.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="beta">β (default 1).</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20).</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Softplus))]
    public static double SoftplusBackward(double x, double beta, double threshold, double seed, ref double dX)
    {
        double y = new SoftplusOp<double>(beta, threshold).Value(x, out double derivative);
        dX += seed * derivative;
        return y;
    }

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized), where f(x) = softplus(x) = ln(1 + e^(β·x)) / β, and x itself where β·x &gt; threshold (PyTorch).</summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="beta">β (default 1).</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20).</param>
    public static void Softplus(ReadOnlySpan<double> x, Span<double> y, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) => Elementwise.Forward(new SoftplusOp<double>(beta, threshold), x, y);

    /// <summary>
    /// Pullback of <see cref="Softplus(ReadOnlySpan{double},Span{double},double,double)"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into
    /// <paramref name="dX"/>, where f′(x) = σ(β·x), and 1 where β·x &gt; threshold. An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="beta">β (default 1).</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20).</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Softplus))]
    public static void SoftplusBackward(ReadOnlySpan<double> x, Span<double> y, double beta, double threshold, ReadOnlySpan<double> dY, Span<double> dX)
        => Elementwise.Backward(new SoftplusOp<double>(beta, threshold), x, y, dY, dX);

    /// <inheritdoc cref="Softplus(double,double,double)"/>
    public static float Softplus(float x, [NoDerivative] float beta = 1f, [NoDerivative] float threshold = 20f) => new SoftplusOp<float>(beta, threshold).Value(x);

    /// <inheritdoc cref="SoftplusBackward(double,double,double,double,ref double)"/>
    [DerivativeOf(nameof(Softplus))]
    public static float SoftplusBackward(float x, float beta, float threshold, float seed, ref float dX)
    {
        float y = new SoftplusOp<float>(beta, threshold).Value(x, out float derivative);
        dX += seed * derivative;
        return y;
    }

    /// <inheritdoc cref="Softplus(ReadOnlySpan{double},Span{double},double,double)"/>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y, [NoDerivative] float beta = 1f, [NoDerivative] float threshold = 20f) => Elementwise.Forward(new SoftplusOp<float>(beta, threshold), x, y);

    /// <inheritdoc cref="SoftplusBackward(ReadOnlySpan{double},Span{double},double,double,ReadOnlySpan{double},Span{double})"/>
    [DerivativeOf(nameof(Softplus))]
    public static void SoftplusBackward(ReadOnlySpan<float> x, Span<float> y, float beta, float threshold, ReadOnlySpan<float> dY, Span<float> dX)
        => Elementwise.Backward(new SoftplusOp<float>(beta, threshold), x, y, dY, dX);
}
