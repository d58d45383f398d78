using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes softplus(x) = ln(1 + e^(β·x)) / β, and x itself where β·x &gt; threshold (PyTorch).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <remarks>ln(1 + ·) is evaluated as log1p, so very negative x gives e^(βx)/β rather than 0 or overflow.</remarks>
    public static T Softplus<T>(T x, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) where T : IFloatingPointIeee754<T> => Scalar.Value(new SoftplusOp(beta, threshold), x);

    /// <summary>
    /// Pullback of <see cref="Softplus{T}(T,double,double)"/>: returns Softplus(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = σ(β·x), and 1 where β·x &gt; threshold. Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Softplus))]
    public static T SoftplusBackward<T>(T x, double beta, double threshold, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new SoftplusOp(beta, threshold), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = softplus(x) = ln(1 + e^(β·x)) / β, and x itself where β·x &gt; threshold (PyTorch).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    public static void Softplus<T>(ReadOnlySpan<T> x, Span<T> y, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new SoftplusOp(beta, threshold), x, y);

    /// <summary>
    /// Pullback of <see cref="Softplus{T}(ReadOnlySpan{T},Span{T},double,double)"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = σ(β·x), and 1 where β·x &gt; threshold. Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="beta">β (default 1); a constant.</param>
    /// <param name="threshold">Above this value of β·x the function reverts to x (default 20); a constant.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Softplus))]
    public static void SoftplusBackward<T>(ReadOnlySpan<T> x, Span<T> y, double beta, double threshold, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new SoftplusOp(beta, threshold), x, y, dY, dX);

    /// <inheritdoc cref="Softplus{T}(T,double,double)"/>
    public static double Softplus(double x, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) => Softplus<double>(x, beta, threshold);

    /// <inheritdoc cref="Softplus{T}(T,double,double)"/>
    public static float Softplus(float x, [NoDerivative] float beta = 1f, [NoDerivative] float threshold = 20f) => Softplus<float>(x, beta, threshold);

    /// <inheritdoc cref="SoftplusBackward{T}(T,double,double,T,ref T)"/>
    [DerivativeOf(nameof(Softplus))]
    public static double SoftplusBackward(double x, double beta, double threshold, double seed, ref double dX) => SoftplusBackward<double>(x, beta, threshold, seed, ref dX);

    /// <inheritdoc cref="SoftplusBackward{T}(T,double,double,T,ref T)"/>
    [DerivativeOf(nameof(Softplus))]
    public static float SoftplusBackward(float x, float beta, float threshold, float seed, ref float dX) => SoftplusBackward<float>(x, beta, threshold, seed, ref dX);

    /// <inheritdoc cref="Softplus{T}(ReadOnlySpan{T},Span{T},double,double)"/>
    public static void Softplus(ReadOnlySpan<double> x, Span<double> y, [NoDerivative] double beta = 1.0, [NoDerivative] double threshold = 20.0) => Softplus<double>(x, y, beta, threshold);

    /// <inheritdoc cref="Softplus{T}(ReadOnlySpan{T},Span{T},double,double)"/>
    public static void Softplus(ReadOnlySpan<float> x, Span<float> y, [NoDerivative] float beta = 1f, [NoDerivative] float threshold = 20f) => Softplus<float>(x, y, beta, threshold);

    /// <inheritdoc cref="SoftplusBackward{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Softplus))]
    public static void SoftplusBackward(ReadOnlySpan<double> x, Span<double> y, double beta, double threshold, ReadOnlySpan<double> dY, Span<double> dX) => SoftplusBackward<double>(x, y, beta, threshold, dY, dX);

    /// <inheritdoc cref="SoftplusBackward{T}(ReadOnlySpan{T},Span{T},double,double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Softplus))]
    public static void SoftplusBackward(ReadOnlySpan<float> x, Span<float> y, float beta, float threshold, ReadOnlySpan<float> dY, Span<float> dX) => SoftplusBackward<float>(x, y, beta, threshold, dY, dX);
}

