using System;
using System.Numerics.Tensors;

namespace AutoDiffGen;

/// <summary>The dot product, differentiable and vectorized.</summary>
public static class Vectors
{
    /// <summary>The dot product <c>Σᵢ a[i] · b[i]</c> (vectorized).</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => TensorPrimitives.Dot(a, b);

    /// <inheritdoc cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>Pullback of <see cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>: <c>dA += seed · b</c>, <c>dB += seed · a</c>.</summary>
    /// <param name="a">First vector.</param>
    /// <param name="b">Second vector.</param>
    /// <param name="seed">The adjoint of the result.</param>
    /// <param name="dA">Accumulates the adjoint of <paramref name="a"/>, or empty when not needed.</param>
    /// <param name="dB">Accumulates the adjoint of <paramref name="b"/>, or empty when not needed.</param>
    /// <returns>The dot product.</returns>
    [DerivativeOf(nameof(Dot))]
    public static double DotBackward(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double seed, Span<double> dA, Span<double> dB)
    {
        if (!dA.IsEmpty) TensorPrimitives.MultiplyAdd(b, seed, dA, dA);
        if (!dB.IsEmpty) TensorPrimitives.MultiplyAdd(a, seed, dB, dB);
        return TensorPrimitives.Dot(a, b);
    }

    /// <inheritdoc cref="DotBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, double, Span{double}, Span{double})"/>
    [DerivativeOf(nameof(Dot))]
    public static float DotBackward(ReadOnlySpan<float> a, ReadOnlySpan<float> b, float seed, Span<float> dA, Span<float> dB)
    {
        if (!dA.IsEmpty) TensorPrimitives.MultiplyAdd(b, seed, dA, dA);
        if (!dB.IsEmpty) TensorPrimitives.MultiplyAdd(a, seed, dB, dB);
        return TensorPrimitives.Dot(a, b);
    }
}
