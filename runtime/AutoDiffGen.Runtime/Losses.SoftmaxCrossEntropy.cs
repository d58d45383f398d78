using System;
using System.Numerics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Losses
{
    /// <summary>
    /// Computes the cross-entropy of a softmax over <paramref name="logits"/> against the class <paramref name="label"/>:
    /// <c>L = log Σⱼ e^(zⱼ) − z_label = m + log Σⱼ e^(zⱼ − m) − z_label</c> with <c>m = maxⱼ zⱼ</c> (PyTorch <c>cross_entropy</c>
    /// for one sample). Subtracting the maximum keeps logits of ±1000 finite. A NaN logit gives NaN.
    /// </summary>
    /// <param name="logits">The unnormalized class scores z.</param>
    /// <param name="label">The index of the true class, in <c>[0, logits.Length)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not a valid index.</exception>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label) => SoftmaxCrossEntropyCore(logits, label);

    /// <summary>
    /// Pullback of <see cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, int)"/>: returns L and adds
    /// <c>seed · (softmax(z)ᵢ − [i = label])</c> into <paramref name="dLogits"/> (skipped when empty).
    /// </summary>
    /// <param name="logits">The class scores.</param>
    /// <param name="label">The true class.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogits">Accumulates the adjoint of <paramref name="logits"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static double SoftmaxCrossEntropyBackward(ReadOnlySpan<double> logits, int label, double seed, Span<double> dLogits)
        => SoftmaxCrossEntropyBackwardCore(logits, label, seed, dLogits);

    /// <inheritdoc cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, int)"/>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, int label) => SoftmaxCrossEntropyCore(logits, label);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackward(ReadOnlySpan{double}, int, double, Span{double})"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static float SoftmaxCrossEntropyBackward(ReadOnlySpan<float> logits, int label, float seed, Span<float> dLogits)
        => SoftmaxCrossEntropyBackwardCore(logits, label, seed, dLogits);

    /// <summary>
    /// Computes the mean softmax cross-entropy over a batch: <paramref name="logits"/> is row-major
    /// [batch × classes] with <c>batch = labels.Length</c>, and <c>L = (1/batch) Σ_b CE(logits_b, labels[b])</c>
    /// (PyTorch <c>cross_entropy</c>, mean reduction), each row max-subtracted.
    /// </summary>
    /// <param name="logits">The class scores, <c>labels.Length × classes</c> row-major.</param>
    /// <param name="labels">The true class of each row (constants).</param>
    /// <exception cref="ArgumentException">The lengths do not divide, or there are no rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is not a valid class index.</exception>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels) => BatchCrossEntropy(logits, labels, 0.0, default);

    /// <summary>
    /// Pullback of <see cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, ReadOnlySpan{int})"/>: returns L and adds
    /// <c>(seed / batch) · (softmax(z_b)ᵢ − [i = labels[b]])</c> into each row of <paramref name="dLogits"/> (skipped when empty).
    /// </summary>
    /// <param name="logits">The class scores.</param>
    /// <param name="labels">The true classes.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogits">Accumulates the adjoint of <paramref name="logits"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static double SoftmaxCrossEntropyBackward(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, double seed, Span<double> dLogits)
        => BatchCrossEntropy(logits, labels, seed, dLogits);

    /// <inheritdoc cref="SoftmaxCrossEntropy(ReadOnlySpan{double}, ReadOnlySpan{int})"/>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels) => BatchCrossEntropy(logits, labels, 0f, default);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackward(ReadOnlySpan{double}, ReadOnlySpan{int}, double, Span{double})"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static float SoftmaxCrossEntropyBackward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, float seed, Span<float> dLogits)
        => BatchCrossEntropy(logits, labels, seed, dLogits);

    private static T SoftmaxCrossEntropyCore<T>(ReadOnlySpan<T> logits, int label) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLabel(label, logits.Length);
        T sum = SumExpShifted(logits, out T max);
        return T.Log(sum) + (max - logits[label]); // max − z first: exact when the label holds the maximum
    }

    private static T SoftmaxCrossEntropyBackwardCore<T>(ReadOnlySpan<T> logits, int label, T seed, Span<T> dLogits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckLabel(label, logits.Length);
        T sum = SumExpShifted(logits, out T max);
        if (!dLogits.IsEmpty)
        {
            Check.SameLength(logits.Length, dLogits.Length, nameof(dLogits));
            AddScaledExpShifted(logits, max, seed / sum, dLogits);
            dLogits[label] -= seed;
        }
        return T.Log(sum) + (max - logits[label]); // max − z first: exact when the label holds the maximum
    }

    private static T BatchCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, T seed, Span<T> dLogits) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int batch = labels.Length;
        if (batch == 0 || logits.Length % batch != 0 || logits.Length == 0)
            throw new ArgumentException($"logits has length {logits.Length}, which is not a positive multiple of the {batch} labels.", nameof(logits));
        Check.LengthOrEmpty(logits.Length, dLogits.Length, nameof(dLogits));
        int classes = logits.Length / batch;
        T rowSeed = seed / T.CreateTruncating(batch);
        T total = T.Zero;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> row = logits.Slice(b * classes, classes);
            total += dLogits.IsEmpty
                ? SoftmaxCrossEntropyCore(row, labels[b])
                : SoftmaxCrossEntropyBackwardCore(row, labels[b], rowSeed, dLogits.Slice(b * classes, classes));
        }
        return total / T.CreateTruncating(batch);
    }

    private static void CheckLabel(int label, int classes)
    {
        if ((uint)label >= (uint)classes)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"label must be a class index in [0, {classes}).");
    }
}
