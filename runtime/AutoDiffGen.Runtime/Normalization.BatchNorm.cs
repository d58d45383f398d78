using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    /// with the same batch once per training step, and use <see cref="BatchNormInference{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>
    /// with its <see cref="BatchNormRunningStatistics{T}.Mean"/> and <see cref="BatchNormRunningStatistics{T}.Variance"/> for evaluation.
    /// </remarks>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input, [batch × features] row-major.</param>
    /// <param name="gamma">The per-feature scale γ.</param>
    /// <param name="beta">The per-feature shift β.</param>
    /// <param name="y">Receives the output, same shape as <paramref name="x"/>; must not overlap it.</param>
    /// <param name="eps">Added to the variance (default 1e-5); a constant.</param>
    public static void BatchNormTraining<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, [NoDerivative] double eps = 1e-5)
        where T : IFloatingPointIeee754<T>
        => BatchNormTrainingCore(x, gamma, beta, y, T.CreateTruncating(eps), default, default, default, default);

    /// <summary>
    /// Pullback of <see cref="BatchNormTraining{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>:
    /// writes <c>y</c> and, per feature j with <c>x̂ = (x − μⱼ) rⱼ</c>, <c>rⱼ = 1/√(σⱼ² + eps)</c> and N = batch, adds
    /// <c>γⱼ rⱼ / N · (N·dY[b, j] − Σ_b dY[b, j] − x̂[b, j] · Σ_b dY[b, j] x̂[b, j])</c> into <paramref name="dX"/>,
    /// <c>Σ_b dY x̂</c> into <paramref name="dGamma"/> and <c>Σ_b dY</c> into <paramref name="dBeta"/>. Empty adjoints are skipped.
    /// Products with a zero partial derivative (γⱼ = 0, x̂ = 0) add nothing, even for an infinite or NaN dY.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
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
    public static void BatchNormTrainingBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, double eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        BatchNormTrainingCore(x, gamma, beta, y, T.CreateTruncating(eps), dY, dX, dGamma, dBeta);
    }

    /// <summary>
    /// Batch normalization in inference mode (PyTorch <c>batch_norm(training=False)</c>): for x row-major [batch × features],
    /// <c>y[b, j] = (x[b, j] − meanⱼ) / √(varⱼ + eps) · γⱼ + βⱼ</c> with the given running statistics
    /// (e.g. <see cref="BatchNormRunningStatistics{T}.Mean"/> and <see cref="BatchNormRunningStatistics{T}.Variance"/>).
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input, [batch × features] row-major.</param>
    /// <param name="gamma">The per-feature scale γ.</param>
    /// <param name="beta">The per-feature shift β.</param>
    /// <param name="runningMean">The per-feature mean to subtract; a constant.</param>
    /// <param name="runningVariance">The per-feature variance; a constant.</param>
    /// <param name="y">Receives the output, same shape as <paramref name="x"/>.</param>
    /// <param name="eps">Added to the variance (default 1e-5); a constant.</param>
    public static void BatchNormInference<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
        [NoDerivative] ReadOnlySpan<T> runningMean, [NoDerivative] ReadOnlySpan<T> runningVariance, Span<T> y, [NoDerivative] double eps = 1e-5)
        where T : IFloatingPointIeee754<T>
        => BatchNormInferenceCore(x, gamma, beta, runningMean, runningVariance, y, T.CreateTruncating(eps), default, default, default, default);

    /// <summary>
    /// Pullback of <see cref="BatchNormInference{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>:
    /// writes <c>y</c> and, with <c>rⱼ = 1/√(varⱼ + eps)</c> and <c>x̂ = (x − meanⱼ) rⱼ</c>, adds <c>dY · γⱼ rⱼ</c> into
    /// <paramref name="dX"/>, <c>Σ_b dY x̂</c> into <paramref name="dGamma"/> and <c>Σ_b dY</c> into <paramref name="dBeta"/>.
    /// Empty adjoints are skipped; zero partial derivatives (γⱼ = 0, x̂ = 0) add nothing, even for an infinite or NaN dY.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
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
    public static void BatchNormInferenceBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
        ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVariance, Span<T> y, double eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        BatchNormInferenceCore(x, gamma, beta, runningMean, runningVariance, y, T.CreateTruncating(eps), dY, dX, dGamma, dBeta);
    }

    /// <inheritdoc cref="BatchNormTraining{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>
    public static void BatchNormTraining(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, [NoDerivative] double eps = 1e-5)
        => BatchNormTraining<double>(x, gamma, beta, y, eps);

    /// <inheritdoc cref="BatchNormTraining{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>
    public static void BatchNormTraining(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, [NoDerivative] float eps = 1e-5f)
        => BatchNormTraining<float>(x, gamma, beta, y, eps);

    /// <inheritdoc cref="BatchNormTrainingBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormTraining))]
    public static void BatchNormTrainingBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps,
        ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta)
        => BatchNormTrainingBackward<double>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);

    /// <inheritdoc cref="BatchNormTrainingBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormTraining))]
    public static void BatchNormTrainingBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float eps,
        ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta)
        => BatchNormTrainingBackward<float>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);

    /// <inheritdoc cref="BatchNormInference{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>
    public static void BatchNormInference(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta,
        [NoDerivative] ReadOnlySpan<double> runningMean, [NoDerivative] ReadOnlySpan<double> runningVariance, Span<double> y, [NoDerivative] double eps = 1e-5)
        => BatchNormInference<double>(x, gamma, beta, runningMean, runningVariance, y, eps);

    /// <inheritdoc cref="BatchNormInference{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>
    public static void BatchNormInference(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        [NoDerivative] ReadOnlySpan<float> runningMean, [NoDerivative] ReadOnlySpan<float> runningVariance, Span<float> y, [NoDerivative] float eps = 1e-5f)
        => BatchNormInference<float>(x, gamma, beta, runningMean, runningVariance, y, eps);

    /// <inheritdoc cref="BatchNormInferenceBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormInference))]
    public static void BatchNormInferenceBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta,
        ReadOnlySpan<double> runningMean, ReadOnlySpan<double> runningVariance, Span<double> y, double eps,
        ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta)
        => BatchNormInferenceBackward<double>(x, gamma, beta, runningMean, runningVariance, y, eps, dY, dX, dGamma, dBeta);

    /// <inheritdoc cref="BatchNormInferenceBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormInference))]
    public static void BatchNormInferenceBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, Span<float> y, float eps,
        ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta)
        => BatchNormInferenceBackward<float>(x, gamma, beta, runningMean, runningVariance, y, eps, dY, dX, dGamma, dBeta);

    /// <summary>Checks the shapes and returns the batch size.</summary>
    internal static int BatchRows(int xLength, int features, string name)
    {
        if (features == 0 || xLength % features != 0)
            throw new ArgumentException($"{name} has length {xLength}, which is not a multiple of the {features} features.", name);
        return xLength / features;
    }

    private static void BatchNormTrainingCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, T eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : IFloatingPointIeee754<T>
    {
        int f = gamma.Length;
        int batch = BatchRows(x.Length, f, nameof(x));
        Check.SameLength(f, beta.Length, nameof(beta));
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.LengthOrEmpty(x.Length, dX.Length, nameof(dX));
        Check.LengthOrEmpty(f, dGamma.Length, nameof(dGamma));
        Check.LengthOrEmpty(f, dBeta.Length, nameof(dBeta));
        if (batch == 0) return;

        Span<T> buffer = Scratch.Rent<T>(5 * f);
        try
        {
            Span<T> mean = buffer.Slice(0, f), rstd = buffer.Slice(f, f), sumDy = buffer.Slice(2 * f, f);
            Span<T> sumDyXhat = buffer.Slice(3 * f, f), coefficient = buffer.Slice(4 * f, f);
            T count = T.CreateTruncating(batch);
            for (int b = 0; b < batch; b++) Rows.Run(new AddRow<T>(), x.Slice(b * f, f), default, default, mean, default, default);
            for (int j = 0; j < f; j++) mean[j] /= count;
            // rstd first holds Σ (x − μ)², then 1/√(σ² + eps).
            for (int b = 0; b < batch; b++) Rows.Run(new AddSquaredDeviation<T>(), x.Slice(b * f, f), mean, default, rstd, default, default);
            for (int j = 0; j < f; j++) rstd[j] = T.One / T.Sqrt(rstd[j] / count + eps);

            if (!dY.IsEmpty)
            {
                for (int b = 0; b < batch; b++)
                    Rows.Run(new AddTrainingSums<T>(), x.Slice(b * f, f), mean, rstd, sumDy, sumDyXhat, dY.Slice(b * f, f));
                if (!dGamma.IsEmpty) Rows.Run(new AddRow<T>(), sumDyXhat, default, default, dGamma, default, default);
                if (!dBeta.IsEmpty) Rows.Run(new AddRow<T>(), sumDy, default, default, dBeta, default, default);
                if (!dX.IsEmpty)
                {
                    for (int j = 0; j < f; j++) coefficient[j] = gamma[j] * rstd[j] / count;
                    for (int b = 0; b < batch; b++)
                    {
                        // The row's own sums go through mean/rstd's slots of the kernel; count rides in the last argument.
                        Rows.Run(new AddTrainingInputGradient<T>(count), x.Slice(b * f, f), mean, rstd, dX.Slice(b * f, f), coefficient,
                            dY.Slice(b * f, f), sumDy, sumDyXhat);
                    }
                }
            }
            for (int b = 0; b < batch; b++) Rows.Run(new NormalizeRow<T>(), x.Slice(b * f, f), mean, rstd, y.Slice(b * f, f), gamma, beta);
        }
        finally
        {
            Scratch.Return<T>(5 * f);
        }
    }

    private static void BatchNormInferenceCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
        ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVariance, Span<T> y, T eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : IFloatingPointIeee754<T>
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

        Span<T> buffer = Scratch.Rent<T>(2 * f);
        try
        {
            Span<T> rstd = buffer.Slice(0, f), coefficient = buffer.Slice(f, f);
            for (int j = 0; j < f; j++)
            {
                rstd[j] = T.One / T.Sqrt(runningVariance[j] + eps);
                coefficient[j] = gamma[j] * rstd[j];
            }
            if (!dY.IsEmpty)
            {
                for (int b = 0; b < batch; b++)
                {
                    ReadOnlySpan<T> dRow = dY.Slice(b * f, f);
                    if (!dGamma.IsEmpty) Rows.Run(new AddTimesXhat<T>(), x.Slice(b * f, f), runningMean, rstd, dGamma, default, dRow);
                    if (!dBeta.IsEmpty) Rows.Run(new AddRow<T>(), dRow, default, default, dBeta, default, default);
                    if (!dX.IsEmpty) Rows.Run(new AddTimesCoefficient<T>(), dRow, default, default, dX.Slice(b * f, f), coefficient, default);
                }
            }
            for (int b = 0; b < batch; b++) Rows.Run(new NormalizeRow<T>(), x.Slice(b * f, f), runningMean, rstd, y.Slice(b * f, f), gamma, beta);
        }
        finally
        {
            Scratch.Return<T>(2 * f);
        }
    }

    // The row kernels of batch normalization: out[j] is updated from the row a[j], the per-feature b[j], c[j], d[j], e[j] (and
    // g[j], h[j] for the training input gradient), 512- or 256-bit lanes where the type has them, one lane in the tail.

    // out += a
    private readonly struct AddRow<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => TV.Store(TV.Load(ref r.Out, j) + TV.Load(ref r.A, j), ref r.Out, j);
    }

    // out += (a − b)²
    private readonly struct AddSquaredDeviation<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV d = TV.Load(ref r.A, j) - TV.Load(ref r.B, j);
            TV.Store(TV.MulAdd(d, d, TV.Load(ref r.Out, j)), ref r.Out, j);
        }
    }

    // With x̂ = (a − b)·c and dY = e: out += dY (Σ dY), d += dY·x̂ (Σ dY x̂).
    private readonly struct AddTrainingSums<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV dy = TV.Load(ref r.E, j);
            TV xhat = (TV.Load(ref r.A, j) - TV.Load(ref r.B, j)) * TV.Load(ref r.C, j);
            TV.Store(TV.Load(ref r.Out, j) + dy, ref r.Out, j);
            TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref r.D, j), dy, xhat), ref r.D, j);
        }
    }

    // With x̂ = (a − b)·c, dY = e, coefficient γr/N = d: out += coefficient · (N·dY − Σ dY (g) − x̂ · Σ dY x̂ (h)).
    private readonly struct AddTrainingInputGradient<T>(T count) : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV xhat = (TV.Load(ref r.A, j) - TV.Load(ref r.B, j)) * TV.Load(ref r.C, j);
            TV inner = TV.Create(count) * TV.Load(ref r.E, j) - TV.Load(ref r.G, j) - xhat * TV.Load(ref r.H, j);
            TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref r.Out, j), inner, TV.Load(ref r.D, j)), ref r.Out, j);
        }
    }

    // out += e · (a − b)·c  (dγ += dY·x̂)
    private readonly struct AddTimesXhat<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV xhat = (TV.Load(ref r.A, j) - TV.Load(ref r.B, j)) * TV.Load(ref r.C, j);
            TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref r.Out, j), TV.Load(ref r.E, j), xhat), ref r.Out, j);
        }
    }

    // out += a · d  (dX += dY·γr)
    private readonly struct AddTimesCoefficient<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref r.Out, j), TV.Load(ref r.A, j), TV.Load(ref r.D, j)), ref r.Out, j);
    }

    // out = (a − b)·c·d + e  (y = (x − μ)·r·γ + β)
    private readonly struct NormalizeRow<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => TV.Store(TV.MulAdd((TV.Load(ref r.A, j) - TV.Load(ref r.B, j)) * TV.Load(ref r.C, j), TV.Load(ref r.D, j), TV.Load(ref r.E, j)), ref r.Out, j);
    }
}

