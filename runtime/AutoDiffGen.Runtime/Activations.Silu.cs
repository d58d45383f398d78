using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes silu(x) = x·σ(x) (swish), with σ the logistic sigmoid.</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    public static T Silu<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new SiluOp(), x);

    /// <summary>
    /// Pullback of <see cref="Silu{T}(T)"/>: returns Silu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = σ(x)·(1 + x·(1 − σ(x))). Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Silu))]
    public static T SiluBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new SiluOp(), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = silu(x) = x·σ(x) (swish), with σ the logistic sigmoid.</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Silu<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new SiluOp(), x, y);

    /// <summary>
    /// Pullback of <see cref="Silu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = σ(x)·(1 + x·(1 − σ(x))). Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Silu))]
    public static void SiluBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new SiluOp(), x, y, dY, dX);

    /// <inheritdoc cref="Silu{T}(T)"/>
    public static double Silu(double x) => Silu<double>(x);

    /// <inheritdoc cref="Silu{T}(T)"/>
    public static float Silu(float x) => Silu<float>(x);

    /// <inheritdoc cref="SiluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Silu))]
    public static double SiluBackward(double x, double seed, ref double dX) => SiluBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="SiluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Silu))]
    public static float SiluBackward(float x, float seed, ref float dX) => SiluBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Silu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Silu(ReadOnlySpan<double> x, Span<double> y) => Silu<double>(x, y);

    /// <inheritdoc cref="Silu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Silu(ReadOnlySpan<float> x, Span<float> y) => Silu<float>(x, y);

    /// <inheritdoc cref="SiluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Silu))]
    public static void SiluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => SiluBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="SiluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Silu))]
    public static void SiluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => SiluBackward<float>(x, y, dY, dX);
}

