using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Activations
{
    /// <summary>Computes selu(x) = λ·x for x &gt; 0, λ·α·(eˣ − 1) otherwise, with α = 1.6732632423543772848 and λ = 1.0507009873554804934 (Klambauer et al., PyTorch).</summary>
    /// <typeparam name="T">The floating-point type: <see cref="double"/> and <see cref="float"/> natively; any other IEEE type is computed in double and rounded.</typeparam>
    /// <param name="x">The input.</param>
    public static T Selu<T>(T x) where T : IFloatingPointIeee754<T> => Scalar.Value(new EluOp(SeluAlpha, SeluScale), x);

    /// <summary>
    /// Pullback of <see cref="Selu{T}(T)"/>: returns Selu(x) and adds <c>seed · f′(x)</c> into <paramref name="dX"/>,
    /// where f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise. Where f′(x) = 0, nothing is added, even for an infinite or NaN seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>.</param>
    [DerivativeOf(nameof(Selu))]
    public static T SeluBackward<T>(T x, T seed, ref T dX) where T : IFloatingPointIeee754<T> => Scalar.Backward(new EluOp(SeluAlpha, SeluScale), x, seed, ref dX);

    /// <summary>Computes <c>y[i] = f(x[i])</c> elementwise (vectorized: 512-bit where the CPU has AVX-512), where f(x) = selu(x) = λ·x for x &gt; 0, λ·α·(eˣ − 1) otherwise, with α = 1.6732632423543772848 and λ = 1.0507009873554804934 (Klambauer et al., PyTorch).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output; same length as <paramref name="x"/> (it may be <paramref name="x"/> itself).</param>
    public static void Selu<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T> => Elementwise.Forward(new EluOp(SeluAlpha, SeluScale), x, y);

    /// <summary>
    /// Pullback of <see cref="Selu{T}(ReadOnlySpan{T},Span{T})"/>: writes <c>y = f(x)</c> and adds <c>dY[i] · f′(x[i])</c> into <paramref name="dX"/> in
    /// the same pass, where f′(x) = λ for x &gt; 0, λ·α·eˣ otherwise. Elements where f′ = 0 get nothing, even for an infinite or NaN <c>dY[i]</c>.
    /// An empty <paramref name="dX"/> skips the gradient.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Selu))]
    public static void SeluBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
        => Elementwise.Backward(new EluOp(SeluAlpha, SeluScale), x, y, dY, dX);

    /// <inheritdoc cref="Selu{T}(T)"/>
    public static double Selu(double x) => Selu<double>(x);

    /// <inheritdoc cref="Selu{T}(T)"/>
    public static float Selu(float x) => Selu<float>(x);

    /// <inheritdoc cref="SeluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Selu))]
    public static double SeluBackward(double x, double seed, ref double dX) => SeluBackward<double>(x, seed, ref dX);

    /// <inheritdoc cref="SeluBackward{T}(T,T,ref T)"/>
    [DerivativeOf(nameof(Selu))]
    public static float SeluBackward(float x, float seed, ref float dX) => SeluBackward<float>(x, seed, ref dX);

    /// <inheritdoc cref="Selu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Selu(ReadOnlySpan<double> x, Span<double> y) => Selu<double>(x, y);

    /// <inheritdoc cref="Selu{T}(ReadOnlySpan{T},Span{T})"/>
    public static void Selu(ReadOnlySpan<float> x, Span<float> y) => Selu<float>(x, y);

    /// <inheritdoc cref="SeluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Selu))]
    public static void SeluBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => SeluBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="SeluBackward{T}(ReadOnlySpan{T},Span{T},ReadOnlySpan{T},Span{T})"/>
    [DerivativeOf(nameof(Selu))]
    public static void SeluBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => SeluBackward<float>(x, y, dY, dX);
}

