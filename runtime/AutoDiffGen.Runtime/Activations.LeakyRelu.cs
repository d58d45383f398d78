using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes leaky_relu(x) = x for x &gt; 0, slope·x otherwise.</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    public static T LeakyRelu<T>(T x, [NoDerivative] double slope = 0.01) where T : IFloatingPointIeee754<T> => Scalar.Value(new LeakyReluOp(slope), x);

    /// <summary>
    /// Pullback of <see cref="LeakyRelu{T}(T,double)"/>: returns LeakyRelu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(LeakyRelu))]
    public static T LeakyReluBackward<T>(T x, double slope, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new LeakyReluOp(slope), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = leaky_relu(x) = x for x &gt; 0, slope·x otherwise.</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    public static void LeakyRelu<T>(ReadOnlySpan<T> x, Span<T> y, [NoDerivative] double slope = 0.01) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new LeakyReluOp(slope), x, y);

    /// <summary>
    /// Pullback of <see cref="LeakyRelu{T}(ReadOnlySpan{T},Span{T},double)"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = 1 for x &gt; 0, slope otherwise (slope at 0, as PyTorch). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="slope">The slope for x ≤ 0 (PyTorch <c>negative_slope</c>, default 0.01); a constant.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(LeakyRelu))]
    public static void LeakyReluBackward<T>(ReadOnlySpan<T> x, Span<T> y, double slope, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new LeakyReluOp(slope), x, y, dY, dX);

    /// <inheritdoc cref="LeakyRelu{T}(T,double)"/>
    public static double LeakyRelu(double x, [NoDerivative] double slope = 0.01) => LeakyRelu<double>(x, slope);

    /// <inheritdoc cref="LeakyRelu{T}(T,double)"/>
    public static float LeakyRelu(float x, [NoDerivative] float slope = 0.01f) => LeakyRelu<float>(x, slope);

    /// <inheritdoc cref="LeakyReluBackward{T}(T,double,T,ref T)"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static double LeakyReluBackward(double x, double slope, double seed, ref double dX) => LeakyReluBackward<double>(x, slope, seed, ref dX);

    /// <inheritdoc cref="LeakyReluBackward{T}(T,double,T,ref T)"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static float LeakyReluBackward(float x, float slope, float seed, ref float dX) => LeakyReluBackward<float>(x, slope, seed, ref dX);

    /// <inheritdoc cref="LeakyRelu{T}(ReadOnlySpan{T},Span{T},double)"/>
    public static void LeakyRelu(ReadOnlySpan<double> x, Span<double> y, [NoDerivative] double slope = 0.01) => LeakyRelu<double>(x, y, slope);

    /// <inheritdoc cref="LeakyRelu{T}(ReadOnlySpan{T},Span{T},double)"/>
    public static void LeakyRelu(ReadOnlySpan<float> x, Span<float> y, [NoDerivative] float slope = 0.01f) => LeakyRelu<float>(x, y, slope);

    /// <inheritdoc cref="LeakyReluBackward{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static void LeakyReluBackward(ReadOnlySpan<double> x, Span<double> y, double slope, ReadOnlySpan<double> dY, Span<double> dX) => LeakyReluBackward<double>(x, y, slope, dY, dX);

    /// <inheritdoc cref="LeakyReluBackward{T}(ReadOnlySpan{T},Span{T},double,ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(LeakyRelu))]
    public static void LeakyReluBackward(ReadOnlySpan<float> x, Span<float> y, float slope, ReadOnlySpan<float> dY, Span<float> dX) => LeakyReluBackward<float>(x, y, slope, dY, dX);
}

