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

    /// <summary>
    /// Forward-mode derivative of <see cref="SoftmaxCrossEntropy{T}(ReadOnlySpan{T}, int)"/>: returns L and sets
    /// <paramref name="dResult"/> = <c>Σᵢ softmax(z)ᵢ · dLogits[i] − dLogits[label]</c> (0 for an empty dLogits).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The class scores z.</param>
    /// <param name="label">The true class.</param>
    /// <param name="dLogits">The tangent of <paramref name="logits"/>, or empty for zero.</param>
    /// <param name="dResult">Receives the tangent of the loss.</param>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Forward)]
    public static T SoftmaxCrossEntropyTangent<T>(ReadOnlySpan<T> logits, int label, ReadOnlySpan<T> dLogits, out T dResult) where T : IFloatingPointIeee754<T>
    {
        CheckLabel(label, logits.Length);
        Check.LengthOrEmpty(logits.Length, dLogits.Length, nameof(dLogits));
        return CrossEntropyRows(logits, new ReadOnlySpan<int>(in label), logits.Length, T.Zero, default, dLogits, T.Zero, default, out dResult);
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SoftmaxCrossEntropyBackward{T}(ReadOnlySpan{T}, int, T, Span{T})"/>,
    /// for Hessian-vector products. With p = softmax(z) and e the label's one-hot vector: returns L, adds the pullback's
    /// <c>seed · (p − e)</c> into <paramref name="dLogits"/>, adds its derivative along (vLogits, vSeed),
    /// <c>vSeed · (p − e) + seed · p ⊙ (vLogits − Σⱼ pⱼ vLogitsⱼ)</c> (the Hessian of L is diag(p) − p pᵀ), into
    /// <paramref name="hvLogits"/>, and sets <paramref name="vResult"/> = <c>Σᵢ pᵢ vLogitsᵢ − vLogits[label]</c>. Empty dLogits and
    /// hvLogits are skipped; an empty vLogits is zero. Products with a factor that is exactly 0 add nothing.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The class scores.</param>
    /// <param name="label">The true class.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogits">Accumulates the adjoint of <paramref name="logits"/>, or empty.</param>
    /// <param name="vLogits">The direction's component along <paramref name="logits"/>, or empty for zero.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvLogits">Accumulates the tangent of <paramref name="dLogits"/>, or empty.</param>
    /// <param name="vResult">Receives the tangent of the loss along vLogits.</param>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Hessian)]
    public static T SoftmaxCrossEntropyBackwardTangent<T>(ReadOnlySpan<T> logits, int label, T seed, Span<T> dLogits,
        ReadOnlySpan<T> vLogits, T vSeed, Span<T> hvLogits, out T vResult) where T : IFloatingPointIeee754<T>
    {
        CheckLabel(label, logits.Length);
        Check.LengthOrEmpty(logits.Length, dLogits.Length, nameof(dLogits));
        Check.LengthOrEmpty(logits.Length, vLogits.Length, nameof(vLogits));
        Check.LengthOrEmpty(logits.Length, hvLogits.Length, nameof(hvLogits));
        return CrossEntropyRows(logits, new ReadOnlySpan<int>(in label), logits.Length, seed, dLogits, vLogits, vSeed, hvLogits, out vResult);
    }

    /// <summary>
    /// Forward-mode derivative of <see cref="SoftmaxCrossEntropy{T}(ReadOnlySpan{T}, ReadOnlySpan{int})"/>: returns L and sets
    /// <paramref name="dResult"/> = <c>(1/batch) Σ_b (Σᵢ softmax(z_b)ᵢ · dLogits_b[i] − dLogits_b[labels[b]])</c> (0 for an empty dLogits).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The class scores, <c>labels.Length × classes</c> row-major.</param>
    /// <param name="labels">The true classes.</param>
    /// <param name="dLogits">The tangent of <paramref name="logits"/>, or empty for zero.</param>
    /// <param name="dResult">Receives the tangent of the loss.</param>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Forward)]
    public static T SoftmaxCrossEntropyTangent<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, ReadOnlySpan<T> dLogits, out T dResult)
        where T : IFloatingPointIeee754<T>
        => BatchCrossEntropy(logits, labels, T.Zero, default, dLogits, T.Zero, default, out dResult);

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="SoftmaxCrossEntropyBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, Span{T})"/>,
    /// for Hessian-vector products: per row b, with p_b = softmax(z_b) and s = seed / batch, adds the pullback's
    /// <c>s · (p_b − e_b)</c> into <paramref name="dLogits"/> and <c>(vSeed / batch) · (p_b − e_b) + s · p_b ⊙ (vLogits_b − Σⱼ p_bⱼ vLogits_bⱼ)</c>
    /// into <paramref name="hvLogits"/>; sets <paramref name="vResult"/> = <c>(1/batch) Σ_b (Σᵢ p_bᵢ vLogits_bᵢ − vLogits_b[labels[b]])</c>.
    /// Empty dLogits and hvLogits are skipped; an empty vLogits is zero.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="logits">The class scores.</param>
    /// <param name="labels">The true classes.</param>
    /// <param name="seed">The adjoint of the loss.</param>
    /// <param name="dLogits">Accumulates the adjoint of <paramref name="logits"/>, or empty.</param>
    /// <param name="vLogits">The direction's component along <paramref name="logits"/>, or empty for zero.</param>
    /// <param name="vSeed">The tangent of <paramref name="seed"/>.</param>
    /// <param name="hvLogits">Accumulates the tangent of <paramref name="dLogits"/>, or empty.</param>
    /// <param name="vResult">Receives the tangent of the loss along vLogits.</param>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Hessian)]
    public static T SoftmaxCrossEntropyBackwardTangent<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, T seed, Span<T> dLogits,
        ReadOnlySpan<T> vLogits, T vSeed, Span<T> hvLogits, out T vResult) where T : IFloatingPointIeee754<T>
        => BatchCrossEntropy(logits, labels, seed, dLogits, vLogits, vSeed, hvLogits, out vResult);

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

    /// <inheritdoc cref="SoftmaxCrossEntropyTangent{T}(ReadOnlySpan{T}, int, ReadOnlySpan{T}, out T)"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Forward)]
    public static double SoftmaxCrossEntropyTangent(ReadOnlySpan<double> logits, int label, ReadOnlySpan<double> dLogits, out double dResult)
        => SoftmaxCrossEntropyTangent<double>(logits, label, dLogits, out dResult);

    /// <inheritdoc cref="SoftmaxCrossEntropyTangent{T}(ReadOnlySpan{T}, int, ReadOnlySpan{T}, out T)"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Forward)]
    public static float SoftmaxCrossEntropyTangent(ReadOnlySpan<float> logits, int label, ReadOnlySpan<float> dLogits, out float dResult)
        => SoftmaxCrossEntropyTangent<float>(logits, label, dLogits, out dResult);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackwardTangent{T}(ReadOnlySpan{T}, int, T, Span{T}, ReadOnlySpan{T}, T, Span{T}, out T)"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Hessian)]
    public static double SoftmaxCrossEntropyBackwardTangent(ReadOnlySpan<double> logits, int label, double seed, Span<double> dLogits,
        ReadOnlySpan<double> vLogits, double vSeed, Span<double> hvLogits, out double vResult)
        => SoftmaxCrossEntropyBackwardTangent<double>(logits, label, seed, dLogits, vLogits, vSeed, hvLogits, out vResult);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackwardTangent{T}(ReadOnlySpan{T}, int, T, Span{T}, ReadOnlySpan{T}, T, Span{T}, out T)"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Hessian)]
    public static float SoftmaxCrossEntropyBackwardTangent(ReadOnlySpan<float> logits, int label, float seed, Span<float> dLogits,
        ReadOnlySpan<float> vLogits, float vSeed, Span<float> hvLogits, out float vResult)
        => SoftmaxCrossEntropyBackwardTangent<float>(logits, label, seed, dLogits, vLogits, vSeed, hvLogits, out vResult);

    /// <inheritdoc cref="SoftmaxCrossEntropyTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, ReadOnlySpan{T}, out T)"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Forward)]
    public static double SoftmaxCrossEntropyTangent(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, ReadOnlySpan<double> dLogits, out double dResult)
        => SoftmaxCrossEntropyTangent<double>(logits, labels, dLogits, out dResult);

    /// <inheritdoc cref="SoftmaxCrossEntropyTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, ReadOnlySpan{T}, out T)"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Forward)]
    public static float SoftmaxCrossEntropyTangent(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, ReadOnlySpan<float> dLogits, out float dResult)
        => SoftmaxCrossEntropyTangent<float>(logits, labels, dLogits, out dResult);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, Span{T}, ReadOnlySpan{T}, T, Span{T}, out T)"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Hessian)]
    public static double SoftmaxCrossEntropyBackwardTangent(ReadOnlySpan<double> logits, ReadOnlySpan<int> labels, double seed, Span<double> dLogits,
        ReadOnlySpan<double> vLogits, double vSeed, Span<double> hvLogits, out double vResult)
        => SoftmaxCrossEntropyBackwardTangent<double>(logits, labels, seed, dLogits, vLogits, vSeed, hvLogits, out vResult);

    /// <inheritdoc cref="SoftmaxCrossEntropyBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{int}, T, Span{T}, ReadOnlySpan{T}, T, Span{T}, out T)"/>
    [DerivativeOf(nameof(SoftmaxCrossEntropy), Derivatives.Hessian)]
    public static float SoftmaxCrossEntropyBackwardTangent(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, float seed, Span<float> dLogits,
        ReadOnlySpan<float> vLogits, float vSeed, Span<float> hvLogits, out float vResult)
        => SoftmaxCrossEntropyBackwardTangent<float>(logits, labels, seed, dLogits, vLogits, vSeed, hvLogits, out vResult);

    private static T BatchCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, T seed, Span<T> dLogits) where T : IFloatingPointIeee754<T>
        => BatchCrossEntropy(logits, labels, seed, dLogits, default, T.Zero, default, out _);

    private static T BatchCrossEntropy<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, T seed, Span<T> dLogits,
        ReadOnlySpan<T> vLogits, T vSeed, Span<T> hvLogits, out T vResult) where T : IFloatingPointIeee754<T>
    {
        int batch = labels.Length;
        if (batch == 0 || logits.Length % batch != 0 || logits.Length == 0)
            throw new ArgumentException($"logits has length {logits.Length}, which is not a positive multiple of the {batch} labels.", nameof(logits));
        Check.LengthOrEmpty(logits.Length, dLogits.Length, nameof(dLogits));
        Check.LengthOrEmpty(logits.Length, vLogits.Length, nameof(vLogits));
        Check.LengthOrEmpty(logits.Length, hvLogits.Length, nameof(hvLogits));
        int classes = logits.Length / batch;
        foreach (int label in labels) CheckLabel(label, classes);
        T n = T.CreateTruncating(batch);
        T total = CrossEntropyRows(logits, labels, classes, seed / n, dLogits, vLogits, vSeed / n, hvLogits, out T vTotal);
        vResult = vTotal / n;
        return total / n;
    }

    private static T CrossEntropyRows<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, T rowSeed, Span<T> dLogits)
        where T : IFloatingPointIeee754<T>
        => CrossEntropyRows(logits, labels, classes, rowSeed, dLogits, default, T.Zero, default, out _);

    /// <summary>
    /// Σ_b CE(row b) over the rows of a [rows × classes] matrix, and, unless <paramref name="dLogits"/> is empty,
    /// <c>dLogits_b += rowSeed · (softmax(row b) − onehot)</c>. Batches of short rows (a classifier's 10 classes) go to
    /// <see cref="CrossEntropyBlocks"/>, a vector's worth of rows at a time; otherwise the whole matrix is done in matrix-wide
    /// passes (shift each row by its maximum into scratch, one vectorized exp over all of it, then the row sums), with the
    /// blocks' exp and log, so both give the same bits. Forward mode and forward over reverse ride along: with p the row's softmax and
    /// v its row of <paramref name="vLogits"/> (zeros when empty), <paramref name="vTotal"/> = Σ_b (p·v − v[label]) and, unless
    /// <paramref name="hvLogits"/> is empty, <c>hvLogits_b += vRowSeed · (p − onehot) + rowSeed · p ⊙ (v − p·v)</c>.
    /// </summary>
    private static T CrossEntropyRows<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> labels, int classes, T rowSeed, Span<T> dLogits,
        ReadOnlySpan<T> vLogits, T vRowSeed, Span<T> hvLogits, out T vTotal)
        where T : IFloatingPointIeee754<T>
    {
        vTotal = T.Zero;
        int rows = labels.Length, count = rows * classes;
        if (vLogits.IsEmpty && hvLogits.IsEmpty && CrossEntropyBlocks.Fits<T>(rows, classes))
            return CrossEntropyBlocks.Run(logits, labels, classes, rowSeed, dLogits); // short rows: many at a time, same bits
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
            CrossEntropyBlocks.ExpInPlace(e);
            T total = T.Zero;
            for (int b = 0; b < rows; b++)
            {
                Span<T> p = e.Slice(b * classes, classes);
                T sum = T.Zero;
                foreach (T v in p) sum += v;
                total += CrossEntropyBlocks.LogOfSum(sum) + maxMinusLabel[b];
                int label = labels[b];
                if (!dLogits.IsEmpty)
                {
                    Span<T> d = dLogits.Slice(b * classes, classes);
                    T scale = rowSeed / sum;
                    for (int c = 0; c < classes; c++)
                    {
                        // seed·softmax_c, and seed·(softmax − 1) at the label; nothing where that partial is exactly 0.
                        d[c] += c == label ? Adjoint.Times(rowSeed, p[c] / sum - T.One) : Adjoint.Times(scale, p[c]);
                    }
                }
                if (vLogits.IsEmpty && hvLogits.IsEmpty) continue;
                ReadOnlySpan<T> direction = vLogits.IsEmpty ? default : vLogits.Slice(b * classes, classes);
                T pv = T.Zero;
                for (int c = 0; c < direction.Length; c++) pv += Adjoint.Times(direction[c], p[c]);
                pv /= sum;
                if (!direction.IsEmpty) vTotal += pv - direction[label];
                if (hvLogits.IsEmpty) continue;
                Span<T> hv = hvLogits.Slice(b * classes, classes);
                for (int c = 0; c < classes; c++)
                {
                    T probability = p[c] / sum;
                    T curvature = direction.IsEmpty ? T.Zero : Adjoint.Times(rowSeed * (direction[c] - pv), probability);
                    hv[c] += Adjoint.Times(vRowSeed, c == label ? probability - T.One : probability) + curvature;
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

