using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    public static T Tanh<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new TanhOp(), x);

    /// <summary>
    /// Pullback of <see cref="Tanh{T}(T)"/>: returns Tanh(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = 1 − tanh²(x). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Tanh))]
    public static T TanhBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new TanhOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = tanh(x) = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Tanh<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new TanhOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="Tanh{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = 1 − tanh²(x). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Tanh))]
    public static void TanhBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new TanhOp(), x, y, dY, dX);

    /// <inheritdoc cref="Tanh{T}(T)"/>
    public static double Tanh(double x) => Tanh<double>(x);

    /// <inheritdoc cref="Tanh{T}(T)"/>
    public static float Tanh(float x) => Tanh<float>(x);

    /// <inheritdoc cref="TanhBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Tanh))]
    public static double TanhBackward(double x, double seed, ref double dX) => TanhBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="TanhBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Tanh))]
    public static float TanhBackward(float x, float seed, ref float dX) => TanhBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Tanh{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => Tanh<double>(x, y);

    /// <inheritdoc cref="Tanh{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Tanh<float>(x, y);

    /// <inheritdoc cref="TanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Tanh))]
    public static void TanhBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => TanhBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="TanhBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Tanh))]
    public static void TanhBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => TanhBackward<float>(x, y, dY, dX);
}

