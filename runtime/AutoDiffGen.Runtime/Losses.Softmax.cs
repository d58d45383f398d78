using System;
using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes <c>y = softmax(x)</c>, <c>yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m)</c> with <c>m = max x</c>, so logits of ±1000 stay finite
    /// (unlike <c>TensorPrimitives.SoftMax</c>, which does not subtract the maximum).
    /// </summary>
    /// <param name="x">The input scores.</param>
    /// <param name="y">Receives the probabilities; same length as <paramref name="x"/>, must not overlap it.</param>
    public static void Softmax(ReadOnlySpan<double> x, Span<double> y) => SoftmaxCore(x, y);

    /// <summary>
    /// Pullback of <see cref="Softmax(ReadOnlySpan{double}, Span{double})"/>: writes <c>y</c> and adds
    /// <c>yᵢ · (dYᵢ − Σⱼ dYⱼ yⱼ)</c> into <paramref name="dX"/> (skipped when empty).
    /// </summary>
    /// <param name="x">The input scores.</param>
    /// <param name="y">Receives the probabilities.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(Softmax))]
    public static void SoftmaxBackward(ReadOnlySpan<double> x, Span<double> y, ReadOnlySpan<double> dY, Span<double> dX) => SoftmaxBackwardCore(x, y, dY, dX);

    /// <inheritdoc cref="Softmax(ReadOnlySpan{double}, Span{double})"/>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y) => SoftmaxCore(x, y);

    /// <inheritdoc cref="SoftmaxBackward(ReadOnlySpan{double}, Span{double}, ReadOnlySpan{double}, Span{double})"/>
    [DerivativeOf(nameof(Softmax))]
    public static void SoftmaxBackward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<float> dY, Span<float> dX) => SoftmaxBackwardCore(x, y, dY, dX);

    private static void SoftmaxCore<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        if (x.IsEmpty) return;
        T sum = SumExpShifted(x, out T max);
        y.Clear();
        AddScaledExpShifted(x, max, T.One / sum, y);
    }

    private static void SoftmaxBackwardCore<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<T> dY, Span<T> dX) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        SoftmaxCore(x, y);
        if (dX.IsEmpty || x.IsEmpty) return;
        Check.SameLength(x.Length, dX.Length, nameof(dX));
        T dot = TensorPrimitives.Dot<T>(dY, y);
        for (int i = 0; i < x.Length; i++) dX[i] += y[i] * (dY[i] - dot);
    }
}
