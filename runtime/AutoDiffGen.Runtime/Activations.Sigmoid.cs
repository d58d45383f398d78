using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes σ(x) = 1 / (1 + e⁻ˣ).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    /// <remarks>Saturates to exactly 0 or 1 without NaN.</remarks>
    public static T Sigmoid<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new SigmoidOp(), x);

    /// <summary>
    /// Pullback of <see cref="Sigmoid{T}(T)"/>: returns Sigmoid(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = σ(x)·(1 − σ(x)). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Sigmoid))]
    public static T SigmoidBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new SigmoidOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = σ(x) = 1 / (1 + e⁻ˣ).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Sigmoid<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new SigmoidOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="Sigmoid{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = σ(x)·(1 − σ(x)). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Sigmoid))]
    public static void SigmoidBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new SigmoidOp(), x, y, dY, dX);

    /// <inheritdoc cref="Sigmoid{T}(T)"/>
    public static double Sigmoid(double x) => Sigmoid<double>(x);

    /// <inheritdoc cref="Sigmoid{T}(T)"/>
    public static float Sigmoid(float x) => Sigmoid<float>(x);

    /// <inheritdoc cref="SigmoidBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static double SigmoidBackward(double x, double seed, ref double dX) => SigmoidBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="SigmoidBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static float SigmoidBackward(float x, float seed, ref float dX) => SigmoidBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Sigmoid{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y) => Sigmoid<double>(x, y);

    /// <inheritdoc cref="Sigmoid{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Sigmoid<float>(x, y);

    /// <inheritdoc cref="SigmoidBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static void SigmoidBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => SigmoidBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="SigmoidBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Sigmoid))]
    public static void SigmoidBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => SigmoidBackward<float>(x, y, dY, dX);
}

