using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes the tanh approximation of GELU (PyTorch <c>gelu(approximate="tanh")</c>): ½·x·(1 + tanh u), u = √(2/π)·(x + 0.044715·x³).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    public static T GeluTanh<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new GeluTanhOp(), x);

    /// <summary>
    /// Pullback of <see cref="GeluTanh{T}(T)"/>: returns GeluTanh(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(GeluTanh))]
    public static T GeluTanhBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new GeluTanhOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = the tanh approximation of GELU (PyTorch <c>gelu(approximate="tanh")</c>): ½·x·(1 + tanh u), u = √(2/π)·(x + 0.044715·x³).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void GeluTanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new GeluTanhOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="GeluTanh{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715·x²). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(GeluTanh))]
    public static void GeluTanhBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new GeluTanhOp(), x, y, dY, dX);

    /// <inheritdoc cref="GeluTanh{T}(T)"/>
    public static double GeluTanh(double x) => GeluTanh<double>(x);

    /// <inheritdoc cref="GeluTanh{T}(T)"/>
    public static float GeluTanh(float x) => GeluTanh<float>(x);

    /// <inheritdoc cref="GeluTanhBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static double GeluTanhBackward(double x, double seed, ref double dX) => GeluTanhBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="GeluTanhBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static float GeluTanhBackward(float x, float seed, ref float dX) => GeluTanhBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="GeluTanh{T}(ReadOnlySpan{T},Span{T})"/>
    public static void GeluTanh(ReadOnlySpan<double> x, Span<double> y) => GeluTanh<double>(x, y);

    /// <inheritdoc cref="GeluTanh{T}(ReadOnlySpan{T},Span{T})"/>
    public static void GeluTanh(ReadOnlySpan<float> x, Span<float> y) => GeluTanh<float>(x, y);

    /// <inheritdoc cref="GeluTanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static void GeluTanhBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => GeluTanhBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="GeluTanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(GeluTanh))]
    public static void GeluTanhBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => GeluTanhBackward<float>(x, y, dY, dX);
}

