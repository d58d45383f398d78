using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
        int i = 0;
        T sum = T.Zero;
        if (typeof(T) == typeof(double)) sum = (T)(object)SumSquaredDifference(Spans.As<T, double>(prediction), Spans.As<T, double>(target), out i);
        else if (typeof(T) == typeof(float)) sum = (T)(object)SumSquaredDifference(Spans.As<T, float>(prediction), Spans.As<T, float>(target), out i);
        for (; i < prediction.Length; i++)
        {
            T d = prediction[i] - target[i];
            sum += d * d;
        }
        return sum / T.CreateTruncating(prediction.Length);
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
        int i = 0;
        if (typeof(T) == typeof(double)) i = AddScaledDifference(Spans.As<T, double>(prediction), Spans.As<T, double>(target), (double)(object)scale, Spans.As<T, double>(dPrediction));
        else if (typeof(T) == typeof(float)) i = AddScaledDifference(Spans.As<T, float>(prediction), Spans.As<T, float>(target), (float)(object)scale, Spans.As<T, float>(dPrediction));
        for (; i < prediction.Length; i++) dPrediction[i] += Adjoint.Times(scale, prediction[i] - target[i]);
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

    private static T SumSquaredDifference<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, out int done) where T : unmanaged, IFloatingPointIeee754<T>
    {
        done = 0;
        if (Vector512.IsHardwareAccelerated) return SumSquaredDifference<T, V512<T>, V512<double>>(p, t, out done);
        if (Vector256.IsHardwareAccelerated) return SumSquaredDifference<T, V256<T>, V256<double>>(p, t, out done);
        return T.Zero;
    }

    private static T SumSquaredDifference<T, TV, TD>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, out int done)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rp = ref MemoryMarshal.GetReference(p);
        ref T rt = ref MemoryMarshal.GetReference(t);
        TV acc = TV.Zero;
        int i = 0;
        for (; i <= p.Length - TV.Count; i += TV.Count)
        {
            TV d = TV.Load(ref rp, (nuint)i) - TV.Load(ref rt, (nuint)i);
            acc = TV.MulAdd(d, d, acc);
        }
        done = i;
        return TV.Sum(acc);
    }

    private static int AddScaledDifference<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, T scale, Span<T> dP) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated) return AddScaledDifference<T, V512<T>, V512<double>>(p, t, scale, dP);
        if (Vector256.IsHardwareAccelerated) return AddScaledDifference<T, V256<T>, V256<double>>(p, t, scale, dP);
        return 0;
    }

    private static int AddScaledDifference<T, TV, TD>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, T scale, Span<T> dP)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        ref T rp = ref MemoryMarshal.GetReference(p);
        ref T rt = ref MemoryMarshal.GetReference(t);
        ref T rd = ref MemoryMarshal.GetReference(dP);
        TV s = TV.Create(scale);
        int i = 0;
        for (; i <= p.Length - TV.Count; i += TV.Count)
        {
            nuint at = (nuint)i;
            TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref rd, at), s, TV.Load(ref rp, at) - TV.Load(ref rt, at)), ref rd, at);
        }
        return i;
    }
}

