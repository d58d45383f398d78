using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes the mean squared error <c>L = (1/n) Σᵢ (prediction[i] − target[i])²</c> (PyTorch <c>mse_loss</c>, mean
    /// reduction). An empty input gives NaN (the mean of nothing), as in PyTorch.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="prediction">The prediction.</param>
    /// <param name="target">The target, same length; a constant.</param>
    public static T MeanSquaredError<T>(ReadOnlySpan<T> prediction, [NoDerivative] ReadOnlySpan<T> target) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(prediction.Length, target.Length, nameof(target));
        return Rows.Sum(new SquaredDifference<T>(), prediction, target) / T.CreateTruncating(prediction.Length);
    }

    /// <summary>
    /// Pullback of <see cref="MeanSquaredError{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>: returns L and adds
    /// <c>seed · 2(prediction[i] − target[i]) / n</c> into <paramref name="dPrediction"/> (skipped when empty; nothing where
    /// prediction[i] = target[i], even for an infinite seed).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="prediction">The prediction.</param>
    /// <param name="target">The target.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dPrediction">Accumulates the adjoint of <paramref name="prediction"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(MeanSquaredError))]
    public static T MeanSquaredErrorBackward<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, T seed, Span<T> dPrediction) where T : IFloatingPointIeee754<T>
    {
        T loss = MeanSquaredError(prediction, target);
        if (dPrediction.IsEmpty) return loss;
        Check.SameLength(prediction.Length, dPrediction.Length, nameof(dPrediction));
        // seed · 2/n is one factor; the other, p − t, is the partial that may be 0.
        T scale = seed * T.CreateTruncating(2.0) / T.CreateTruncating(prediction.Length);
        Rows.Run(new AddScaledDifference<T>(scale), prediction, target, default, dPrediction, default, default);
        return loss;
    }

    /// <inheritdoc cref="MeanSquaredError{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    public static double MeanSquaredError(ReadOnlySpan<double> prediction, [NoDerivative] ReadOnlySpan<double> target) => MeanSquaredError<double>(prediction, target);

    /// <inheritdoc cref="MeanSquaredError{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>
    public static float MeanSquaredError(ReadOnlySpan<float> prediction, [NoDerivative] ReadOnlySpan<float> target) => MeanSquaredError<float>(prediction, target);

    /// <inheritdoc cref="MeanSquaredErrorBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(nameof(MeanSquaredError))]
    public static double MeanSquaredErrorBackward(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, double seed, Span<double> dPrediction)
        => MeanSquaredErrorBackward<double>(prediction, target, seed, dPrediction);

    /// <inheritdoc cref="MeanSquaredErrorBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T})"/>
    [DerivativeOf(nameof(MeanSquaredError))]
    public static float MeanSquaredErrorBackward(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, float seed, Span<float> dPrediction)
        => MeanSquaredErrorBackward<float>(prediction, target, seed, dPrediction);

    // (p − t)²
    private readonly struct SquaredDifference<T> : IRowReduction<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV d = TV.Load(ref r.A, j) - TV.Load(ref r.B, j);
            return d * d;
        }
    }

    // dP += scale · (p − t), nothing where p = t.
    private readonly struct AddScaledDifference<T>(T scale) : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref r.Out, j), TV.Create(scale), TV.Load(ref r.A, j) - TV.Load(ref r.B, j)), ref r.Out, j);
    }
}
