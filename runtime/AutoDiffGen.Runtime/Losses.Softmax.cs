using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes <c>y = softmax(x)</c>, <c>yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)</c> with <c>m = max x</c>, so logits of ±1000 stay finite
    /// (unlike <c>TensorPrimitives.SoftMax</c>, which does not subtract the maximum).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input scores.</param>
    /// <param name="y">Receives the probabilities; same length as <paramref name="x"/>, must not overlap it.</param>
    public static void Softmax<T>(ReadOnlySpan<T> x, Span<T> y) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        if (x.IsEmpty) return;
        T sum = SumExpShifted(x, out T max);
        y.Clear();
        AddScaledExpShifted(x, max, T.One / sum, y);
    }

    /// <summary>
    /// Pullback of <see cref="Softmax{T}(ReadOnlySpan{T}, Span{T})"/>: writes <c>y</c> and adds
    /// <c>yᵢ · (dYᵢ − Σⱼ dYⱼ yⱼ)</c> into <paramref name="dX"/> (skipped when empty). A probability that is exactly 0
    /// (an underflowed class) has zero partial derivatives: its term of the sum and its own adjoint are 0 even where
    /// dY is infinite.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input scores.</param>
    /// <param name="y">Receives the probabilities.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Softmax))]
    public static void SoftmaxBackward<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        Softmax(x, y);
        if (dX.IsEmpty || x.IsEmpty) return;
        Check.SameLength(x.Length, dX.Length, nameof(dX));
        T dot = T.Zero;
        for (int i = 0; i < x.Length; i++) dot += Adjoint.Times(dY[i], y[i]);
        for (int i = 0; i < x.Length; i++) dX[i] += Adjoint.Times(dY[i] - dot, y[i]);
    }

    /// <inheritdoc cref="Softmax{T}(ReadOnlySpan{T}, Span{T})"/>
    public static void Softmax(ReadOnlySpan<double> x, Span<double> y) => Softmax<double>(x, y);

    /// <inheritdoc cref="Softmax{T}(ReadOnlySpan{T}, Span{T})"/>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y) => Softmax<float>(x, y);

    /// <inheritdoc cref="SoftmaxBackward{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(Softmax))]
    public static void SoftmaxBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => SoftmaxBackward<double>(x, y, dY, dX);

    /// <inheritdoc cref="SoftmaxBackward{T}(ReadOnlySpan{T}, Span{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(Softmax))]
    public static void SoftmaxBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => SoftmaxBackward<float>(x, y, dY, dX);
}

