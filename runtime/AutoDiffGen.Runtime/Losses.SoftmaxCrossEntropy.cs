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
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The unnormalized class scores z.</param>
    /// <param name="label">The index of the true class, in <c>[0, logits.Length)</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="label"/> is not a valid index.</exception>
    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, int label) where T : IFloatingPointIeee754<T>
    {
        CheckLabel(label, logits.Length);
        return CrossEntropyRows(logits, new ReadOnlySpan<int>(in label), logits.Length, T.Zero, default);
    }

    /// <summary>
    /// Pullback of <see cref="SoftmaxCrossEntropy{T}(ReadOnlySpan{T}, int)"/>: returns L and adds
    /// <c>seed · (softmax(z)ᵢ − [i = label])</c> into <paramref name="dLogits"/> (skipped when empty). Where that partial
    /// derivative is exactly 0 (an underflowed class, or the label's class at probability 1) nothing is added, even for an
    /// infinite seed.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The class scores.</param>
    /// <param name="label">The true class.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogits">Accumulates the adjoint of <paramref name="logits"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static T SoftmaxCrossEntropyBackward<T>(ReadOnlySpan<T> logits, int label, T seed, Span<T> dLogits) where T : IFloatingPointIeee754<T>
    {
        CheckLabel(label, logits.Length);
        Check.LengthOrEmpty(logits.Length, dLogits.Length, nameof(dLogits));
        return CrossEntropyRows(logits, new ReadOnlySpan<int>(in label), logits.Length, seed, dLogits);
    }

    /// <summary>
    /// Computes the mean softmax cross-entropy over a batch: <paramref name="logits"/> is row-major
    /// [batch × classes] with <c>batch = labels.Length</c>, and <c>L = (1/batch) Σ_b CE(logits_b, labels[b])</c>
    /// (PyTorch <c>cross_entropy</c>, mean reduction), each row max-subtracted.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The class scores, <c>labels.Length × classes</c> row-major.</param>
    /// <param name="labels">The true class of each row (constants).</param>
    /// <exception cref="ArgumentException">The lengths do not divide, or there are no rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A label is not a valid class index.</exception>
    public static T SoftmaxCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels) where T : IFloatingPointIeee754<T>
        => BatchCrossEntropy(logits, labels, T.Zero, default);

    /// <summary>
    /// Pullback of <see cref="SoftmaxCrossEntropy{T}(ReadOnlySpan{T}, ReadOnlySpan{int})"/>: returns L and adds
    /// <c>(seed / batch) · (softmax(z_b)ᵢ − [i = labels[b]])</c> into each row of <paramref name="dLogits"/> (skipped when empty;
    /// nothing where that partial derivative is exactly 0).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The class scores.</param>
    /// <param name="labels">The true classes.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogits">Accumulates the adjoint of <paramref name="logits"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static T SoftmaxCrossEntropyBackward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, T seed, Span<T> dLogits) where T : IFloatingPointIeee754<T>
        => BatchCrossEntropy(logits, labels, seed, dLogits);

    /// <inheritdoc cref="SoftmaxCrossEntropy{T}(ReadOnlySpan{T}, int)"/>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label) => SoftmaxCrossEntropy<double>(logits, label);

    /// <inheritdoc cref="SoftmaxCrossEntropy{T}(ReadOnlySpan{T}, int)"/>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, int label) => SoftmaxCrossEntropy<float>(logits, label);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackward{T}(ReadOnlySpan{T}, int, T, Span{T})"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static double SoftmaxCrossEntropyBackward(ReadOnlySpan<double> logits, int label, double seed, Span<double> dLogits)
        => SoftmaxCrossEntropyBackward<double>(logits, label, seed, dLogits);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackward{T}(ReadOnlySpan{T}, int, T, Span{T})"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static float SoftmaxCrossEntropyBackward(ReadOnlySpan<float> logits, int label, float seed, Span<float> dLogits)
        => SoftmaxCrossEntropyBackward<float>(logits, label, seed, dLogits);

    /// <inheritdoc cref="SoftmaxCrossEntropy{T}(ReadOnlySpan{T}, ReadOnlySpan{int})"/>
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels) => SoftmaxCrossEntropy<double>(logits, labels);

    /// <inheritdoc cref="SoftmaxCrossEntropy{T}(ReadOnlySpan{T}, ReadOnlySpan{int})"/>
    public static float SoftmaxCrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels) => SoftmaxCrossEntropy<float>(logits, labels);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, Span{T})"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static double SoftmaxCrossEntropyBackward(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, double seed, Span<double> dLogits)
        => SoftmaxCrossEntropyBackward<double>(logits, labels, seed, dLogits);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, Span{T})"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy))]
    public static float SoftmaxCrossEntropyBackward(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, float seed, Span<float> dLogits)
        => SoftmaxCrossEntropyBackward<float>(logits, labels, seed, dLogits);

    private static T BatchCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, T seed, Span<T> dLogits) where T : IFloatingPointIeee754<T>
    {
        int batch = labels.Length;
        if (batch == 0 || logits.Length % batch != 0 || logits.Length == 0)
            throw new ArgumentException($"logits has length {logits.Length}, which is not a positive multiple of the {batch} labels.", nameof(logits));
        Check.LengthOrEmpty(logits.Length, dLogits.Length, nameof(dLogits));
        int classes = logits.Length / batch;
        foreach (int label in labels) CheckLabel(label, classes);
        T n = T.CreateTruncating(batch);
        return CrossEntropyRows(logits, labels, classes, seed / n, dLogits) / n;
    }

    /// <summary>
    /// Σ_b CE(row b) over the rows of a [rows × classes] matrix, and, unless <paramref name="dLogits"/> is empty,
    /// <c>dLogits_b += rowSeed · (softmax(row b) − onehot)</c>. The whole matrix is done in matrix-wide passes (shift each row by
    /// its maximum into scratch, one vectorized exp over all of it, then the row sums), so rows as short as a classifier's
    /// 10 classes cost no per-row vector tails.
    /// </summary>
    private static T CrossEntropyRows<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, T rowSeed, Span<T> dLogits)
        where T : IFloatingPointIeee754<T>
    {
        int rows = labels.Length, count = rows * classes;
        Span<T> scratch = Scratch.RentUninitialized<T>(count + rows);
        try
        {
            Span<T> e = scratch.Slice(0, count), maxMinusLabel = scratch.Slice(count, rows);
            for (int b = 0; b < rows; b++)
            {
                ReadOnlySpan<T> row = logits.Slice(b * classes, classes);
                T max = RowMax(row); // NaN if any element is NaN, which then propagates
                Span<T> shifted = e.Slice(b * classes, classes);
                for (int c = 0; c < classes; c++) shifted[c] = row[c] - max;
                maxMinusLabel[b] = max - row[labels[b]]; // exact (0) when the label holds the maximum
            }
            Elementwise.Forward(new ExpOp(), e, e);
            T total = T.Zero;
            for (int b = 0; b < rows; b++)
            {
                Span<T> p = e.Slice(b * classes, classes);
                T sum = T.Zero;
                foreach (T v in p) sum += v;
                total += T.Log(sum) + maxMinusLabel[b];
                if (dLogits.IsEmpty) continue;
                Span<T> d = dLogits.Slice(b * classes, classes);
                T scale = rowSeed / sum;
                int label = labels[b];
                for (int c = 0; c < classes; c++)
                {
                    // seed·softmax_c, and seed·(softmax − 1) at the label; nothing where that partial is exactly 0.
                    d[c] += c == label ? Adjoint.Times(rowSeed, p[c] / sum - T.One) : Adjoint.Times(scale, p[c]);
                }
            }
            return total;
        }
        finally
        {
            Scratch.ReturnUninitialized<T>(count + rows);
        }
    }

    private static T RowMax<T>(ReadOnlySpan<T> row) where T : IFloatingPointIeee754<T>
    {
        T max = row[0];
        foreach (T v in row)
        {
            if (T.IsNaN(v)) return v;
            if (v > max) max = v;
        }
        return max;
    }

    private static void CheckLabel(int label, int classes)
    {
        if ((uint)label >= (uint)classes)
            throw new ArgumentOutOfRangeException(nameof(label), label, $"label must be a class index in [0, {classes}).");
    }
}

