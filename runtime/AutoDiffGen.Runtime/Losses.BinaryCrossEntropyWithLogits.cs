using System;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes the binary cross-entropy of <c>σ(x)</c> against the target t in the stable form of PyTorch's
    /// <c>binary_cross_entropy_with_logits</c>: <c>L = max(x, 0) − x·t + ln(1 + e^(−|x|))</c>
    /// (equal to <c>−t·ln σ(x) − (1 − t)·ln(1 − σ(x))</c>, but finite for |x| up to the overflow range).
    /// </summary>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target t, usually in [0, 1]; a constant.</param>
    public static double BinaryCrossEntropyWithLogits(double logit, [NoDerivative] double target)
        => Math.Max(logit, 0.0) - logit * target + ScalarMath.Log1P(Math.Exp(-Math.Abs(logit)));

    /// <summary>
    /// Pullback of <see cref="BinaryCrossEntropyWithLogits(double, double)"/>: returns L and adds <c>seed · (σ(x) − t)</c>
    /// into <paramref name="dLogit"/>.
    /// </summary>
    /// <param name="logit">The logit x.</param>
    /// <param name="target">The target t.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogit">Accumulates the adjoint of <paramref name="logit"/>.</param>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits))]
    public static double BinaryCrossEntropyWithLogitsBackward(double logit, double target, double seed, ref double dLogit)
    {
        dLogit += seed * (ScalarMath.Sigmoid(logit) - target);
        return BinaryCrossEntropyWithLogits(logit, target);
    }

    /// <inheritdoc cref="BinaryCrossEntropyWithLogits(double, double)"/>
    public static float BinaryCrossEntropyWithLogits(float logit, [NoDerivative] float target)
        => (float)BinaryCrossEntropyWithLogits((double)logit, target);

    /// <inheritdoc cref="BinaryCrossEntropyWithLogitsBackward(double, double, double, ref double)"/>
    [DerivativeOf(nameof(BinaryCrossEntropyWithLogits))]
    public static float BinaryCrossEntropyWithLogitsBackward(float logit, float target, float seed, ref float dLogit)
    {
        dLogit += seed * (float)(ScalarMath.Sigmoid(logit) - target);
        return (float)BinaryCrossEntropyWithLogits((double)logit, target);
    }
}
