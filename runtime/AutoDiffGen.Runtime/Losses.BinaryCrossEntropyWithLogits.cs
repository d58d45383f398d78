using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes the binary cross-entropy of <c>σ(x)</c> against the target t in the stable form of PyTorch's
    /// <c>binary_cross_entropy_with_logits</c>: <c>L = max(x, 0) − x·t + ln(1 + e^(−|x|))</c>
    /// (equal to <c>−t·ln σ(x) − (1 − t)·ln(1 − σ(x))</c>, but finite for |x| up to the overflow range). Computed in double.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target t, usually in [0, 1]; a constant.</param>
    public static T BinaryCrossEntropyWithLogits<T>(T logit, [NoDerivative] T target) where T : IFloatingPointIeee754<T>
        => T.CreateTruncating(Bce(double.CreateTruncating(logit), double.CreateTruncating(target)));

    /// <summary>
    /// Pullback of <see cref="BinaryCrossEntropyWithLogits{T}(T, T)"/>: returns L and adds <c>seed · (σ(x) − t)</c>
    /// into <paramref name="dLogit"/> (nothing where σ(x) = t, even for an infinite seed).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target t.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogit">Accumulates the adjoint of <paramref name="logit"/>.</param>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits))]
    public static T BinaryCrossEntropyWithLogitsBackward<T>(T logit, T target, T seed, ref T dLogit) where T : IFloatingPointIeee754<T>
    {
        double x = double.CreateTruncating(logit), t = double.CreateTruncating(target);
        dLogit += Adjoint.Times(seed, T.CreateTruncating(ScalarMath.Sigmoid(x) - t));
        return T.CreateTruncating(Bce(x, t));
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits{T}(T, T)"/>
    public static double BinaryCrossEntropyWithLogits(double logit, [NoDerivative] double target) => BinaryCrossEntropyWithLogits<double>(logit, target);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits{T}(T, T)"/>
    public static float BinaryCrossEntropyWithLogits(float logit, [NoDerivative] float target) => BinaryCrossEntropyWithLogits<float>(logit, target);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsBackward{T}(T, T, T, ref T)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits))]
    public static double BinaryCrossEntropyWithLogitsBackward(double logit, double target, double seed, ref double dLogit)
        => BinaryCrossEntropyWithLogitsBackward<double>(logit, target, seed, ref dLogit);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsBackward{T}(T, T, T, ref T)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits))]
    public static float BinaryCrossEntropyWithLogitsBackward(float logit, float target, float seed, ref float dLogit)
        => BinaryCrossEntropyWithLogitsBackward<float>(logit, target, seed, ref dLogit);

    private static double Bce(double x, double t) => Math.Max(x, 0.0) - x * t + ScalarMath.Log1P(Math.Exp(-Math.Abs(x)));
}

