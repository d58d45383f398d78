using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes relu(x) = max(0, x).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <remarks>NaN inputs give NaN.</remarks>
    public static T Relu<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new ReluOp(), x);

    /// <summary>
    /// Pullback of <see cref="Relu{T}(T)"/>: returns Relu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where relu′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Relu))]
    public static T ReluBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new ReluOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = relu(x) = max(0, x).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new ReluOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="Relu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where relu′(x) = 1 for x &gt; 0, else 0 (PyTorch's subgradient: 0 at 0). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Relu))]
    public static void ReluBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new ReluOp(), x, y, dY, dX);

    /// <inheritdoc cref="Relu{T}(T)"/>
    public static double Relu(double x) => Relu<double>(x);

    /// <inheritdoc cref="Relu{T}(T)"/>
    public static float Relu(float x) => Relu<float>(x);

    /// <inheritdoc cref="ReluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Relu))]
    public static double ReluBackward(double x, double seed, ref double dX) => ReluBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="ReluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Relu))]
    public static float ReluBackward(float x, float seed, ref float dX) => ReluBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Relu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Relu(ReadOnlySpan<double> x, Span<double> y) => Relu<double>(x, y);

    /// <inheritdoc cref="Relu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Relu(ReadOnlySpan<float> x, Span<float> y) => Relu<float>(x, y);

    /// <inheritdoc cref="ReluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Relu))]
    public static void ReluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => ReluBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="ReluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Relu))]
    public static void ReluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => ReluBackward<float>(x, y, dY, dX);
}

