using System;
using System.Numerics;
using System.Numerics.Tensors;
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

    /// <summary>
    /// Forward-mode derivative of <see cref="MeanSquaredError{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/>: returns L and sets
    /// <paramref name="dResult"/> = <c>(2/n) Σᵢ (prediction[i] − target[i]) · dPrediction[i]</c> (0 for an empty dPrediction).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="prediction">The prediction.</param>
    /// <param name="target">The target.</param>
    /// <param name="dPrediction">The tangent of <paramref name="prediction"/>, or empty for zero.</param>
    /// <param name="dResult">Receives the tangent of the loss.</param>
    [DerivativeOf(nameof(MeanSquaredError), Derivatives.Forward)]
    public static T MeanSquaredErrorTangent<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, ReadOnlySpan<T> dPrediction, out T dResult)
        where T : IFloatingPointIeee754<T>
    {
        T loss = MeanSquaredError(prediction, target);
        Check.LengthOrEmpty(prediction.Length, dPrediction.Length, nameof(dPrediction));
        dResult = dPrediction.IsEmpty ? T.Zero : DifferenceDot(prediction, target, dPrediction);
        return loss;
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="MeanSquaredErrorBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T})"/>,
    /// for Hessian-vector products: returns L, adds the pullback's <c>seed · 2(p[i] − t[i]) / n</c> into
    /// <paramref name="dPrediction"/>, adds its derivative along (vPrediction, vSeed), <c>vSeed · 2(p[i] − t[i]) / n + seed · (2/n) ·
    /// vPrediction[i]</c> (the Hessian of L is (2/n)·I), into <paramref name="hvPrediction"/>, and sets
    /// <paramref name="vResult"/> = <c>(2/n) Σᵢ (p[i] − t[i]) · vPrediction[i]</c>. Empty dPrediction and hvPrediction are
    /// skipped; an empty vPrediction is zero.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="prediction">The prediction.</param>
    /// <param name="target">The target.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dPrediction">Accumulates the adjoint of <paramref name="prediction"/>, or empty.</param>
    /// <param name="vPrediction">The direction's component along <paramref name="prediction"/>, or empty for zero.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvPrediction">Accumulates the tangent of <paramref name="dPrediction"/>, or empty.</param>
    /// <param name="vResult">Receives the tangent of the loss along vPrediction.</param>
    [DerivativeOf(nameof(MeanSquaredError), Derivatives.Hessian)]
    public static T MeanSquaredErrorBackwardTangent<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, T seed, Span<T> dPrediction,
        ReadOnlySpan<T> vPrediction, T vSeed, Span<T> hvPrediction, out T vResult) where T : IFloatingPointIeee754<T>
    {
        T loss = MeanSquaredErrorBackward(prediction, target, seed, dPrediction);
        int n = prediction.Length;
        Check.LengthOrEmpty(n, vPrediction.Length, nameof(vPrediction));
        Check.LengthOrEmpty(n, hvPrediction.Length, nameof(hvPrediction));
        vResult = vPrediction.IsEmpty ? T.Zero : DifferenceDot(prediction, target, vPrediction);
        if (!hvPrediction.IsEmpty)
        {
            T twoOverN = T.CreateTruncating(2.0) / T.CreateTruncating(n);
            Rows.Run(new AddScaledDifference<T>(vSeed * twoOverN), prediction, target, default, hvPrediction, default, default);
            if (!vPrediction.IsEmpty) TensorPrimitives.MultiplyAdd(vPrediction, seed * twoOverN, hvPrediction, hvPrediction);
        }
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

    /// <inheritdoc cref="MeanSquaredErrorTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, out T)"/>
    [DerivativeOf(nameof(MeanSquaredError), Derivatives.Forward)]
    public static double MeanSquaredErrorTangent(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, ReadOnlySpan<double> dPrediction, out double dResult)
        => MeanSquaredErrorTangent<double>(prediction, target, dPrediction, out dResult);

    /// <inheritdoc cref="MeanSquaredErrorTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, out T)"/>
    [DerivativeOf(nameof(MeanSquaredError), Derivatives.Forward)]
    public static float MeanSquaredErrorTangent(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, ReadOnlySpan<float> dPrediction, out float dResult)
        => MeanSquaredErrorTangent<float>(prediction, target, dPrediction, out dResult);

    /// <inheritdoc cref="MeanSquaredErrorBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, T, Span{T}, out T)"/>
    [DerivativeOf(nameof(MeanSquaredError), Derivatives.Hessian)]
    public static double MeanSquaredErrorBackwardTangent(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target, double seed, Span<double> dPrediction,
        ReadOnlySpan<double> vPrediction, double vSeed, Span<double> hvPrediction, out double vResult)
        => MeanSquaredErrorBackwardTangent<double>(prediction, target, seed, dPrediction, vPrediction, vSeed, hvPrediction, out vResult);

    /// <inheritdoc cref="MeanSquaredErrorBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, T, Span{T}, ReadOnlySpan{T}, T, Span{T}, out T)"/>
    [DerivativeOf(nameof(MeanSquaredError), Derivatives.Hessian)]
    public static float MeanSquaredErrorBackwardTangent(ReadOnlySpan<float> prediction, ReadOnlySpan<float> target, float seed, Span<float> dPrediction,
        ReadOnlySpan<float> vPrediction, float vSeed, Span<float> hvPrediction, out float vResult)
        => MeanSquaredErrorBackwardTangent<float>(prediction, target, seed, dPrediction, vPrediction, vSeed, hvPrediction, out vResult);

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

    // (2/n) Σ (p − t)·v: the derivative of the mean squared error along v.
    private static T DifferenceDot<T>(ReadOnlySpan<T> prediction, ReadOnlySpan<T> target, ReadOnlySpan<T> direction) where T : IFloatingPointIeee754<T>
        => T.CreateTruncating(2.0) * Rows.Sum(new DifferenceProduct<T>(), prediction, target, direction) / T.CreateTruncating(prediction.Length);

    // (p − t)·v
    private readonly struct DifferenceProduct<T> : IRowReduction<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TV Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => Adjoint.AddTimes<TV, T, TD>(TV.Zero, TV.Load(ref r.C, j), TV.Load(ref r.A, j) - TV.Load(ref r.B, j));
    }
}
