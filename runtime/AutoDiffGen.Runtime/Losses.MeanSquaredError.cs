using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes the mean squared error <c>L = (1/n) Σᵢ (prediction[i] − target[i])²</c> (PyTorch <c>mse_loss</c>, mean
    /// reduction). An empty input gives NaN (the mean of nothing), as in PyTorch.
    /// </summary>
    /// <param name="prediction">The prediction.</param>
    /// <param name="target">The target, same length; a constant.</param>
    public static double MeanSquaredError(ReadOnlySpan<double> prediction, [NoDerivative] ReadOnlySpan<double> target)
        => MeanSquaredErrorCore(prediction, target);

    /// <summary>
    /// Pullback of <see cref="MeanSquaredError(ReadOnlySpan{double}, ReadOnlySpan{double})"/>: returns L and adds
    /// <c>seed · 2(prediction[i] − target[i]) / n</c> into <paramref name="dPrediction"/> (skipped when empty).
    /// </summary>
    /// <param name="prediction">The prediction.</param>
    /// <param name="target">The target.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dPrediction">Accumulates the adjoint of <paramref name="prediction"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(MeanSquaredError))]
    public static double MeanSquaredErrorBackward(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, double seed, Span<double> dPrediction)
        => MeanSquaredErrorBackwardCore(prediction, target, seed, dPrediction);

    /// <inheritdoc cref="MeanSquaredError(ReadOnlySpan{double}, ReadOnlySpan{double})"/>
    public static float MeanSquaredError(ReadOnlySpan<float> prediction, [NoDerivative] ReadOnlySpan<float> target)
        => MeanSquaredErrorCore(prediction, target);

    /// <inheritdoc cref="MeanSquaredErrorBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, double, Span{double})"/>
    [DerivativeOf(nameof(MeanSquaredError))]
    public static float MeanSquaredErrorBackward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, float seed, Span<float> dPrediction)
        => MeanSquaredErrorBackwardCore(prediction, target, seed, dPrediction);

    private static T MeanSquaredErrorCore<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check.SameLength(p.Length, t.Length, "target");
        int i = 0;
        T sum = T.Zero;
        if (Simd.IsAccelerated && p.Length >= Vector256<T>.Count)
        {
            Vector256<T> acc = Vector256<T>.Zero;
            for (; i <= p.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> d = Simd.Load(p, i) - Simd.Load(t, i);
                acc = Simd.MulAdd(d, d, acc);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < p.Length; i++)
        {
            T d = p[i] - t[i];
            sum += d * d;
        }
        return sum / T.CreateTruncating(p.Length);
    }

    private static T MeanSquaredErrorBackwardCore<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, T seed, Span<T> dP) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T loss = MeanSquaredErrorCore(p, t);
        if (dP.IsEmpty) return loss;
        Check.SameLength(p.Length, dP.Length, "dPrediction");
        T scale = seed * G.C<T>(2.0) / T.CreateTruncating(p.Length);
        int i = 0;
        if (Simd.IsAccelerated)
        {
            Vector256<T> s = Vector256.Create(scale);
            for (; i <= p.Length - Vector256<T>.Count; i += Vector256<T>.Count)
                Simd.Store(Simd.MulAdd(Simd.Load(p, i) - Simd.Load(t, i), s, Simd.Load(dP, i)), dP, i);
        }
        for (; i < p.Length; i++) dP[i] += (p[i] - t[i]) * scale;
        return loss;
    }
}
