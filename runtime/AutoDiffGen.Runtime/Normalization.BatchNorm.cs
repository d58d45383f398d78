using System;
using System.Numerics;
using System.Numerics.Tensors;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Normalization
{
    /// <summary>
    /// Batch normalization in training mode (PyTorch <c>batch_norm(training=True)</c>) over a batch of rows: <paramref name="x"/>
    /// is row-major [batch × features] with <c>features = gamma.Length</c>, and for each feature j
    /// <c>y[b, j] = (x[b, j] − μⱼ) / √(σⱼ² + eps) · γⱼ + βⱼ</c>, with the batch mean <c>μⱼ</c> and the biased batch variance
    /// <c>σⱼ² = (1/batch) Σ_b (x[b, j] − μⱼ)²</c>.
    /// </summary>
    /// <remarks>
    /// Pure: it does not update running statistics. Call <see cref="BatchNormRunningStatistics{T}.Update(ReadOnlySpan{T})"/>
    /// with the same batch once per training step, and use <see cref="BatchNormInference(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double)"/>
    /// with its <see cref="BatchNormRunningStatistics{T}.Mean"/> and <see cref="BatchNormRunningStatistics{T}.Variance"/> for evaluation.
    /// </remarks>
    /// <param name="x">The input, [batch × features] row-major.</param>
    /// <param name="gamma">The per-feature scale γ.</param>
    /// <param name="beta">The per-feature shift β.</param>
    /// <param name="y">Receives the output, same shape as <paramref name="x"/>; must not overlap it.</param>
    /// <param name="eps">Added to the variance (default 1e-5); a constant.</param>
    public static void BatchNormTraining(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, [NoDerivative] double eps = 1e-5)
        => BatchNormTrainingCore(x, gamma, beta, y, eps, default, default, default, default);

    /// <summary>
    /// Pullback of <see cref="BatchNormTraining(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double)"/>:
    /// writes <c>y</c> and, per feature j with <c>x̂ = (x − μⱼ) rⱼ</c>, <c>rⱼ = 1/√(σⱼ² + eps)</c> and N = batch, adds
    /// <c>γⱼ rⱼ / N · (N·dY[b, j] − Σ_b dY[b, j] − x̂[b, j] · Σ_b dY[b, j] x̂[b, j])</c> into <paramref name="dX"/>,
    /// <c>Σ_b dY x̂</c> into <paramref name="dGamma"/> and <c>Σ_b dY</c> into <paramref name="dBeta"/>. Empty adjoints are skipped.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="gamma">The scale γ.</param>
    /// <param name="beta">The shift β.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="dGamma">Accumulates the adjoint of <paramref name="gamma"/>, or empty.</param>
    /// <param name="dBeta">Accumulates the adjoint of <paramref name="beta"/>, or empty.</param>
    [DerivativeOf(nameof(BatchNormTraining))]
    public static void BatchNormTrainingBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps,
        ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta)
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        BatchNormTrainingCore(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
    }

    /// <inheritdoc cref="BatchNormTraining(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double)"/>
    public static void BatchNormTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, [NoDerivative] float eps = 1e-5f)
        => BatchNormTrainingCore(x, gamma, beta, y, eps, default, default, default, default);

    /// <inheritdoc cref="BatchNormTrainingBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double})"/>
    [DerivativeOf(nameof(BatchNormTraining))]
    public static void BatchNormTrainingBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float eps,
        ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta)
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        BatchNormTrainingCore(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
    }

    /// <summary>
    /// Batch normalization in inference mode (PyTorch <c>batch_norm(training=False)</c>): for x row-major [batch × features],
    /// <c>y[b, j] = (x[b, j] − meanⱼ) / √(varⱼ + eps) · γⱼ + βⱼ</c> with the given running statistics
    /// (e.g. <see cref="BatchNormRunningStatistics{T}.Mean"/> and <see cref="BatchNormRunningStatistics{T}.Variance"/>).
    /// </summary>
    /// <param name="x">The input, [batch × features] row-major.</param>
    /// <param name="gamma">The per-feature scale γ.</param>
    /// <param name="beta">The per-feature shift β.</param>
    /// <param name="runningMean">The per-feature mean to subtract; a constant.</param>
    /// <param name="runningVariance">The per-feature variance; a constant.</param>
    /// <param name="y">Receives the output, same shape as <paramref name="x"/>.</param>
    /// <param name="eps">Added to the variance (default 1e-5); a constant.</param>
    public static void BatchNormInference(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta,
        [NoDerivative] ReadOnlySpan<double> runningMean, [NoDerivative] ReadOnlySpan<double> runningVariance, Span<double> y, [NoDerivative] double eps = 1e-5)
        => BatchNormInferenceCore(x, gamma, beta, runningMean, runningVariance, y, eps, default, default, default, default);

    /// <summary>
    /// Pullback of <see cref="BatchNormInference(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double)"/>:
    /// writes <c>y</c> and, with <c>rⱼ = 1/√(varⱼ + eps)</c> and <c>x̂ = (x − meanⱼ) rⱼ</c>, adds <c>dY · γⱼ rⱼ</c> into
    /// <paramref name="dX"/>, <c>Σ_b dY x̂</c> into <paramref name="dGamma"/> and <c>Σ_b dY</c> into <paramref name="dBeta"/>.
    /// Empty adjoints are skipped.
    /// </summary>
    /// <param name="x">The input.</param>
    /// <param name="gamma">The scale γ.</param>
    /// <param name="beta">The shift β.</param>
    /// <param name="runningMean">The mean.</param>
    /// <param name="runningVariance">The variance.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="dY">The adjoint of <paramref name="y"/>.</param>
    /// <param name="dX">Accumulates the adjoint of <paramref name="x"/>, or empty.</param>
    /// <param name="dGamma">Accumulates the adjoint of <paramref name="gamma"/>, or empty.</param>
    /// <param name="dBeta">Accumulates the adjoint of <paramref name="beta"/>, or empty.</param>
    [DerivativeOf(nameof(BatchNormInference))]
    public static void BatchNormInferenceBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta,
        ReadOnlySpan<double> runningMean, ReadOnlySpan<double> runningVariance, Span<double> y, double eps,
        ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta)
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        BatchNormInferenceCore(x, gamma, beta, runningMean, runningVariance, y, eps, dY, dX, dGamma, dBeta);
    }

    /// <inheritdoc cref="BatchNormInference(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double)"/>
    public static void BatchNormInference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        [NoDerivative] ReadOnlySpan<float> runningMean, [NoDerivative] ReadOnlySpan<float> runningVariance, Span<float> y, [NoDerivative] float eps = 1e-5f)
        => BatchNormInferenceCore(x, gamma, beta, runningMean, runningVariance, y, eps, default, default, default, default);

    /// <inheritdoc cref="BatchNormInferenceBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double})"/>
    [DerivativeOf(nameof(BatchNormInference))]
    public static void BatchNormInferenceBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, Span<float> y, float eps,
        ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta)
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        BatchNormInferenceCore(x, gamma, beta, runningMean, runningVariance, y, eps, dY, dX, dGamma, dBeta);
    }

    /// <summary>Checks the shapes and returns the batch size.</summary>
    internal static int BatchRows(int xLength, int features, string name)
    {
        if (features == 0 || xLength % features != 0)
            throw new ArgumentException($"{name} has length {xLength}, which is not a multiple of the {features} features.", name);
        return xLength / features;
    }

    private static void BatchNormTrainingCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, T eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = gamma.Length;
        int batch = BatchRows(x.Length, f, nameof(x));
        Check.SameLength(f, beta.Length, nameof(beta));
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.LengthOrEmpty(x.Length, dX.Length, nameof(dX));
        Check.LengthOrEmpty(f, dGamma.Length, nameof(dGamma));
        Check.LengthOrEmpty(f, dBeta.Length, nameof(dBeta));
        if (batch == 0) return;

        Span<T> buffer = Scratch.Rent<T>(4 * f);
        try
        {
            Span<T> mean = buffer.Slice(0, f), rstd = buffer.Slice(f, f);
            Span<T> sumDy = buffer.Slice(2 * f, f), sumDyXhat = buffer.Slice(3 * f, f);
            T count = T.CreateTruncating(batch);
            for (int b = 0; b < batch; b++) TensorPrimitives.Add(mean, x.Slice(b * f, f), mean);
            TensorPrimitives.Divide(mean, count, mean);
            // rstd first holds Σ (x − μ)², then 1/√(σ² + eps).
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<T> row = x.Slice(b * f, f);
                for (int j = 0; j < f; j++)
                {
                    T d = row[j] - mean[j];
                    rstd[j] += d * d;
                }
            }
            for (int j = 0; j < f; j++) rstd[j] = T.One / T.Sqrt(rstd[j] / count + eps);

            if (!dY.IsEmpty)
            {
                for (int b = 0; b < batch; b++)
                {
                    ReadOnlySpan<T> row = x.Slice(b * f, f), dRow = dY.Slice(b * f, f);
                    for (int j = 0; j < f; j++)
                    {
                        sumDy[j] += dRow[j];
                        sumDyXhat[j] += dRow[j] * (row[j] - mean[j]) * rstd[j];
                    }
                }
                if (!dGamma.IsEmpty) TensorPrimitives.Add(dGamma, sumDyXhat, dGamma);
                if (!dBeta.IsEmpty) TensorPrimitives.Add(dBeta, sumDy, dBeta);
                if (!dX.IsEmpty)
                {
                    for (int b = 0; b < batch; b++)
                    {
                        ReadOnlySpan<T> row = x.Slice(b * f, f), dRow = dY.Slice(b * f, f);
                        Span<T> dxRow = dX.Slice(b * f, f);
                        for (int j = 0; j < f; j++)
                        {
                            T xhat = (row[j] - mean[j]) * rstd[j];
                            dxRow[j] += gamma[j] * rstd[j] / count * (count * dRow[j] - sumDy[j] - xhat * sumDyXhat[j]);
                        }
                    }
                }
            }
            NormalizeRows(x, mean, rstd, gamma, beta, y, f);
        }
        finally
        {
            Scratch.Return<T>(4 * f);
        }
    }

    private static void BatchNormInferenceCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
        ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVariance, Span<T> y, T eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = gamma.Length;
        int batch = BatchRows(x.Length, f, nameof(x));
        Check.SameLength(f, beta.Length, nameof(beta));
        Check.SameLength(f, runningMean.Length, nameof(runningMean));
        Check.SameLength(f, runningVariance.Length, nameof(runningVariance));
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.LengthOrEmpty(x.Length, dX.Length, nameof(dX));
        Check.LengthOrEmpty(f, dGamma.Length, nameof(dGamma));
        Check.LengthOrEmpty(f, dBeta.Length, nameof(dBeta));
        if (batch == 0) return;

        Span<T> rstd = Scratch.Rent<T>(f);
        try
        {
            for (int j = 0; j < f; j++) rstd[j] = T.One / T.Sqrt(runningVariance[j] + eps);
            if (!dY.IsEmpty)
            {
                for (int b = 0; b < batch; b++)
                {
                    ReadOnlySpan<T> row = x.Slice(b * f, f), dRow = dY.Slice(b * f, f);
                    for (int j = 0; j < f; j++)
                    {
                        if (!dGamma.IsEmpty) dGamma[j] += dRow[j] * (row[j] - runningMean[j]) * rstd[j];
                        if (!dBeta.IsEmpty) dBeta[j] += dRow[j];
                        if (!dX.IsEmpty) dX[b * f + j] += dRow[j] * gamma[j] * rstd[j];
                    }
                }
            }
            NormalizeRows(x, runningMean, rstd, gamma, beta, y, f);
        }
        finally
        {
            Scratch.Return<T>(f);
        }
    }

    private static void NormalizeRows<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> mean, ReadOnlySpan<T> rstd, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
        Span<T> y, int f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int b = 0; b < x.Length / f; b++)
        {
            ReadOnlySpan<T> row = x.Slice(b * f, f);
            Span<T> yRow = y.Slice(b * f, f);
            for (int j = 0; j < f; j++) yRow[j] = (row[j] - mean[j]) * rstd[j] * gamma[j] + beta[j];
        }
    }
}
