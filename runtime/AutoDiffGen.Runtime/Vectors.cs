using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace AutoDiffGen;

/// <summary>The dot product, differentiable and vectorized (TensorPrimitives: 512-bit where the CPU has AVX-512).</summary>
public static class Vectors
{
    /// <summary>The dot product <c>Σᵢ a[i] · b[i]</c> (vectorized).</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector, same length.</param>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static T Dot<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b) where T : IFloatingPointIeee754<T> => TensorPrimitives.Dot(a, b);

    /// <summary>Pullback of <see cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>: <c>dA += seed · b</c>, <c>dB += seed · a</c>.</summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dA">Accumulates the adjoint of <paramref name="a"/>, or empty when not needed.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty when not needed.</param>
    /// <returns>The dot product.</returns>
    [DerivativeOf(nameof(Dot))]
    public static T DotBackward<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> dA, Span<T> dB) where T : IFloatingPointIeee754<T>
    {
        if (!dA.IsEmpty) TensorPrimitives.MultiplyAdd(b, seed, dA, dA);
        if (!dB.IsEmpty) TensorPrimitives.MultiplyAdd(a, seed, dB, dB);
        return TensorPrimitives.Dot(a, b);
    }

    /// <summary>
    /// Pullback of <see cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> for a caller that has the product already:
    /// <c>dA += seed · b</c>, <c>dB += seed · a</c>, without computing the product again.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dA">Accumulates the adjoint of <paramref name="a"/>, or empty when not needed.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty when not needed.</param>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs)]
    public static void DotBackwardFromOutputs<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T seed, Span<T> dA, Span<T> dB) where T : IFloatingPointIeee754<T>
    {
        if (a.Length != b.Length) throw new ArgumentException("a and b must have the same length.", nameof(b));
        if (!dA.IsEmpty) TensorPrimitives.MultiplyAdd(b, seed, dA, dA);
        if (!dB.IsEmpty) TensorPrimitives.MultiplyAdd(a, seed, dB, dB);
    }

    /// <inheritdoc cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => Dot<double>(a, b);

    /// <inheritdoc cref="Dot{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => Dot<float>(a, b);

    /// <inheritdoc cref="DotBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot))]
    public static double DotBackward(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> dA, Span<double> dB)
        => DotBackward<double>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot))]
    public static float DotBackward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float seed, Span<float> dA, Span<float> dB)
        => DotBackward<float>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs)]
    public static void DotBackwardFromOutputs(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> dA, Span<double> dB)
        => DotBackwardFromOutputs<double>(a, b, seed, dA, dB);

    /// <inheritdoc cref="DotBackwardFromOutputs{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(Dot), Derivatives.ReverseFromOutputs)]
    public static void DotBackwardFromOutputs(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float seed, Span<float> dA, Span<float> dB)
        => DotBackwardFromOutputs<float>(a, b, seed, dA, dB);
}
