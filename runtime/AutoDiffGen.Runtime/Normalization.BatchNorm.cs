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
    /// <param name="y">Receives the output; must not overlap <paramref name="x"/> or <paramref name="dY"/>.</param>
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

    /// <summary>
    /// Forward-mode derivative of <see cref="BatchNormTraining{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>:
    /// writes <c>y</c> and, per feature j with <c>x̂ = (x − μⱼ) rⱼ</c>, the tangent of x̂
    /// <c>ẋ̂[b, j] = rⱼ · (dX[b, j] − mean_b dX[·, j] − x̂[b, j] · mean_b (x̂ dX)[·, j])</c>, writes
    /// <c>dY = ẋ̂ γⱼ + x̂ dGammaⱼ + dBetaⱼ</c>. Empty tangents are zero; an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input, [batch × features] row-major.</param>
    /// <param name="gamma">The per-feature scale γ.</param>
    /// <param name="beta">The per-feature shift β.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dGamma">The tangent of <paramref name="gamma"/>, or empty for zero.</param>
    /// <param name="dBeta">The tangent of <paramref name="beta"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(BatchNormTraining), Derivatives.Forward)]
    public static void BatchNormTrainingTangent<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, double eps,
        ReadOnlySpan<T> dX, ReadOnlySpan<T> dGamma, ReadOnlySpan<T> dBeta, Span<T> dY) where T : IFloatingPointIeee754<T>
    {
        BatchNormTraining(x, gamma, beta, y, eps);
        BatchNormTrainingSecondOrder(x, gamma, T.CreateTruncating(eps), default, dX, dGamma, dBeta, default, default, default, default, dY);
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="BatchNormTrainingBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>,
    /// for Hessian-vector products: per feature j, the same formulas as <see cref="LayerNormBackwardTangent{T}"/> with the means
    /// taken over the batch and γⱼ a per-feature scalar. With <c>g = dY γⱼ</c>, <c>a = mean_b g</c>, <c>b = mean_b (g x̂)</c> (the
    /// pullback adds <c>rⱼ (g − a − x̂ b)</c> into dX), <c>ẋ̂ = rⱼ (vX − mean_b vX − x̂ · mean_b (x̂ vX))</c>,
    /// <c>ṙⱼ = −rⱼ² · mean_b (x̂ vX)</c>, <c>ġ = vDY γⱼ + dY vGammaⱼ</c>, <c>ȧ = mean_b ġ</c>, <c>ḃ = mean_b (ġ x̂ + g ẋ̂)</c>: it adds
    /// <c>ṙⱼ (g − a − x̂ b) + rⱼ (ġ − ȧ − ẋ̂ b − x̂ ḃ)</c> into <paramref name="hvX"/>, <c>Σ_b (vDY x̂ + dY ẋ̂)</c> into
    /// <paramref name="hvGamma"/>, <c>Σ_b vDY</c> into <paramref name="hvBeta"/>, and writes <c>vY = ẋ̂ γⱼ + x̂ vGammaⱼ + vBetaⱼ</c>,
    /// besides what the pullback does. Empty adjoints, their tangents and vY are skipped; empty directions are zero.
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
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vGamma">The direction's component along <paramref name="gamma"/>, or empty for zero.</param>
    /// <param name="vBeta">The direction's component along <paramref name="beta"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="hvGamma">Accumulates the tangent of <paramref name="dGamma"/>, or empty.</param>
    /// <param name="hvBeta">Accumulates the tangent of <paramref name="dBeta"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/>, or empty.</param>
    [DerivativeOf(nameof(BatchNormTraining), Derivatives.Hessian)]
    public static void BatchNormTrainingBackwardTangent<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, double eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vGamma, ReadOnlySpan<T> vBeta, ReadOnlySpan<T> vDY,
        Span<T> hvX, Span<T> hvGamma, Span<T> hvBeta, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        BatchNormTrainingBackward(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
        BatchNormTrainingSecondOrder(x, gamma, T.CreateTruncating(eps), dY, vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);
    }

    /// <summary>
    /// Forward-mode derivative of <see cref="BatchNormInference{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>:
    /// writes <c>y</c> and, with <c>rⱼ = 1/√(varⱼ + eps)</c> and <c>x̂ = (x − meanⱼ) rⱼ</c>, <c>dY = γⱼ rⱼ dX + x̂ dGammaⱼ + dBetaⱼ</c>
    /// (the running statistics are constants). Empty tangents are zero; an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input, [batch × features] row-major.</param>
    /// <param name="gamma">The per-feature scale γ.</param>
    /// <param name="beta">The per-feature shift β.</param>
    /// <param name="runningMean">The per-feature mean.</param>
    /// <param name="runningVariance">The per-feature variance.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dGamma">The tangent of <paramref name="gamma"/>, or empty for zero.</param>
    /// <param name="dBeta">The tangent of <paramref name="beta"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(BatchNormInference), Derivatives.Forward)]
    public static void BatchNormInferenceTangent<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
        ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVariance, Span<T> y, double eps,
        ReadOnlySpan<T> dX, ReadOnlySpan<T> dGamma, ReadOnlySpan<T> dBeta, Span<T> dY) where T : IFloatingPointIeee754<T>
    {
        BatchNormInference(x, gamma, beta, runningMean, runningVariance, y, eps);
        BatchNormInferenceSecondOrder(x, gamma, runningMean, runningVariance, T.CreateTruncating(eps), default, dX, dGamma, dBeta, default,
            default, default, default, dY);
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="BatchNormInferenceBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>,
    /// for Hessian-vector products. The layer is bilinear in (x, γ), so along (vX, vGamma, vBeta, vDY) it adds
    /// <c>rⱼ (vDY γⱼ + dY vGammaⱼ)</c> into <paramref name="hvX"/>, <c>Σ_b (vDY x̂ + dY rⱼ vX)</c> into <paramref name="hvGamma"/> and
    /// <c>Σ_b vDY</c> into <paramref name="hvBeta"/>, and writes <c>vY = γⱼ rⱼ vX + x̂ vGammaⱼ + vBetaⱼ</c>, besides what the pullback
    /// does. Empty adjoints, their tangents and vY are skipped; empty directions are zero.
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
    /// <param name="vX">The direction's component along <paramref name="x"/>, or empty for zero.</param>
    /// <param name="vGamma">The direction's component along <paramref name="gamma"/>, or empty for zero.</param>
    /// <param name="vBeta">The direction's component along <paramref name="beta"/>, or empty for zero.</param>
    /// <param name="vDY">The tangent of <paramref name="dY"/>, or empty for zero.</param>
    /// <param name="hvX">Accumulates the tangent of <paramref name="dX"/>, or empty.</param>
    /// <param name="hvGamma">Accumulates the tangent of <paramref name="dGamma"/>, or empty.</param>
    /// <param name="hvBeta">Accumulates the tangent of <paramref name="dBeta"/>, or empty.</param>
    /// <param name="vY">Receives the tangent of <paramref name="y"/>, or empty.</param>
    [DerivativeOf(nameof(BatchNormInference), Derivatives.Hessian)]
    public static void BatchNormInferenceBackwardTangent<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta,
        ReadOnlySpan<T> runningMean, ReadOnlySpan<T> runningVariance, Span<T> y, double eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vGamma, ReadOnlySpan<T> vBeta, ReadOnlySpan<T> vDY,
        Span<T> hvX, Span<T> hvGamma, Span<T> hvBeta, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        BatchNormInferenceBackward(x, gamma, beta, runningMean, runningVariance, y, eps, dY, dX, dGamma, dBeta);
        BatchNormInferenceSecondOrder(x, gamma, runningMean, runningVariance, T.CreateTruncating(eps), dY, vX, vGamma, vBeta, vDY,
            hvX, hvGamma, hvBeta, vY);
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

    /// <inheritdoc cref="BatchNormTrainingTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormTraining), Derivatives.Forward)]
    public static void BatchNormTrainingTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps, ReadOnlySpan<double> dX, ReadOnlySpan<double> dGamma, ReadOnlySpan<double> dBeta, Span<double> dY)
        => BatchNormTrainingTangent<double>(x, gamma, beta, y, eps, dX, dGamma, dBeta, dY);

    /// <inheritdoc cref="BatchNormTrainingTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormTraining), Derivatives.Forward)]
    public static void BatchNormTrainingTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float eps, ReadOnlySpan<float> dX, ReadOnlySpan<float> dGamma, ReadOnlySpan<float> dBeta, Span<float> dY)
        => BatchNormTrainingTangent<float>(x, gamma, beta, y, eps, dX, dGamma, dBeta, dY);

    /// <inheritdoc cref="BatchNormTrainingBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormTraining), Derivatives.Hessian)]
    public static void BatchNormTrainingBackwardTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps, ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vGamma, ReadOnlySpan<double> vBeta, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> hvGamma, Span<double> hvBeta, Span<double> vY)
        => BatchNormTrainingBackwardTangent<double>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta, vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);

    /// <inheritdoc cref="BatchNormTrainingBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormTraining), Derivatives.Hessian)]
    public static void BatchNormTrainingBackwardTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float eps, ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vGamma, ReadOnlySpan<float> vBeta, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> hvGamma, Span<float> hvBeta, Span<float> vY)
        => BatchNormTrainingBackwardTangent<float>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta, vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);

    /// <inheritdoc cref="BatchNormInferenceTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormInference), Derivatives.Forward)]
    public static void BatchNormInferenceTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, ReadOnlySpan<double> runningMean, ReadOnlySpan<double> runningVariance, Span<double> y, double eps,
        ReadOnlySpan<double> dX, ReadOnlySpan<double> dGamma, ReadOnlySpan<double> dBeta, Span<double> dY)
        => BatchNormInferenceTangent<double>(x, gamma, beta, runningMean, runningVariance, y, eps, dX, dGamma, dBeta, dY);

    /// <inheritdoc cref="BatchNormInferenceTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormInference), Derivatives.Forward)]
    public static void BatchNormInferenceTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, Span<float> y, float eps,
        ReadOnlySpan<float> dX, ReadOnlySpan<float> dGamma, ReadOnlySpan<float> dBeta, Span<float> dY)
        => BatchNormInferenceTangent<float>(x, gamma, beta, runningMean, runningVariance, y, eps, dX, dGamma, dBeta, dY);

    /// <inheritdoc cref="BatchNormInferenceBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormInference), Derivatives.Hessian)]
    public static void BatchNormInferenceBackwardTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, ReadOnlySpan<double> runningMean, ReadOnlySpan<double> runningVariance, Span<double> y, double eps,
        ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta, ReadOnlySpan<double> vX, ReadOnlySpan<double> vGamma, ReadOnlySpan<double> vBeta, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> hvGamma, Span<double> hvBeta, Span<double> vY)
        => BatchNormInferenceBackwardTangent<double>(x, gamma, beta, runningMean, runningVariance, y, eps, dY, dX, dGamma, dBeta,
            vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);

    /// <inheritdoc cref="BatchNormInferenceBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(BatchNormInference), Derivatives.Hessian)]
    public static void BatchNormInferenceBackwardTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, ReadOnlySpan<float> runningMean, ReadOnlySpan<float> runningVariance, Span<float> y, float eps,
        ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta, ReadOnlySpan<float> vX, ReadOnlySpan<float> vGamma, ReadOnlySpan<float> vBeta, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> hvGamma, Span<float> hvBeta, Span<float> vY)
        => BatchNormInferenceBackwardTangent<float>(x, gamma, beta, runningMean, runningVariance, y, eps, dY, dX, dGamma, dBeta,
            vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);

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
        BatchNormStrips.Run(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
    }

    /// <summary>The per-feature batch mean and <c>1/√(σ² + eps)</c> (biased variance) into cleared <paramref name="mean"/> and <paramref name="rstd"/>.</summary>
    private static void BatchStatistics<T>(ReadOnlySpan<T> x, int batch, T eps, Span<T> mean, Span<T> rstd) where T : IFloatingPointIeee754<T>
    {
        int f = mean.Length;
        T count = T.CreateTruncating(batch);
        for (int b = 0; b < batch; b++) Rows.Run(new AddRow<T>(), x.Slice(b * f, f), default, default, mean, default, default);
        for (int j = 0; j < f; j++) mean[j] /= count;
        // rstd first holds Σ (x − μ)², then 1/√(σ² + eps).
        for (int b = 0; b < batch; b++) Rows.Run(new AddSquaredDeviation<T>(), x.Slice(b * f, f), mean, default, rstd, default, default);
        for (int j = 0; j < f; j++) rstd[j] = T.One / T.Sqrt(rstd[j] / count + eps);
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

    // The tangent parts of BatchNormTrainingTangent (dY empty: vY receives the tangent along vX, vGamma, vBeta) and of
    // BatchNormTrainingBackwardTangent: one pass of per-feature sums over the rows, per-feature coefficients, one pass per output.
    private static void BatchNormTrainingSecondOrder<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, T eps, ReadOnlySpan<T> dY,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vGamma, ReadOnlySpan<T> vBeta, ReadOnlySpan<T> vDY,
        Span<T> hvX, Span<T> hvGamma, Span<T> hvBeta, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        using var call = new BatchNormSecondOrder<T>(x, gamma, dY, vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);
        if (call.Nothing) return;
        int f = call.Features, batch = call.Batch;
        bool backward = call.Backward, withHvX = call.WithHvX, withHvGamma = call.WithHvGamma, withHvBeta = call.WithHvBeta;
        ReadOnlySpan<T> vx = call.VX, vdy = call.VDY, dy = call.DY, vGammaOr = call.VGamma, vBetaOr = call.VBeta;
        // Per feature: mean, rstd, then the sums Σ vX, Σ x̂ vX, Σ dY, Σ dY x̂, Σ vDY, Σ vDY x̂, Σ dY vX, then the coefficients.
        const int Slots = 13;
        Span<T> buffer = Scratch.Rent<T>(Slots * f);
        try
        {
            Span<T> mean = buffer.Slice(0, f), rstd = buffer.Slice(f, f);
            Span<T> sVX = buffer.Slice(2 * f, f), sXhatVX = buffer.Slice(3 * f, f), sDY = buffer.Slice(4 * f, f), sDYXhat = buffer.Slice(5 * f, f);
            Span<T> sVDY = buffer.Slice(6 * f, f), sVDYXhat = buffer.Slice(7 * f, f), sDYVX = buffer.Slice(8 * f, f);
            Span<T> k1 = buffer.Slice(9 * f, f), k2 = buffer.Slice(10 * f, f), k3 = buffer.Slice(11 * f, f), k4 = buffer.Slice(12 * f, f);
            BatchStatistics(x, batch, eps, mean, rstd);
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<T> row = x.Slice(b * f, f);
                Rows.Run(new AddTrainingSums<T>(), row, mean, rstd, sVX, sXhatVX, vx.Slice(b * f, f));
                if (!backward) continue;
                Rows.Run(new AddTrainingSums<T>(), row, mean, rstd, sDY, sDYXhat, dy.Slice(b * f, f));
                Rows.Run(new AddTrainingSums<T>(), row, mean, rstd, sVDY, sVDYXhat, vdy.Slice(b * f, f));
                Rows.Run(new AddProduct<T>(), dy.Slice(b * f, f), vx.Slice(b * f, f), default, sDYVX, default, default);
            }
            T count = T.CreateTruncating(batch);
            for (int j = 0; j < f; j++)
            {
                T r = rstd[j], m1 = sVX[j] / count, m2 = sXhatVX[j] / count;
                // vY = ẋ̂ γ + x̂ vγ + vβ with ẋ̂ = r vX − r m1 − x̂ r m2: γ r · vX + x̂ · (vγ − γ r m2) + (vβ − γ r m1).
                T gr = gamma[j] * r;
                k1[j] = gr;
                k2[j] = vGammaOr[j] - gr * m2;
                k3[j] = vBetaOr[j] - gr * m1;
                if (!backward) continue;
                // g = dY γ, ġ = vDY γ + dY vγ summed per feature from the sums above.
                T sG = gamma[j] * sDY[j], sGXhat = gamma[j] * sDYXhat[j];
                T sGDot = gamma[j] * sVDY[j] + vGammaOr[j] * sDY[j], sGDotXhat = gamma[j] * sVDYXhat[j] + vGammaOr[j] * sDYXhat[j];
                T dyXhatDot = r * (sDYVX[j] - m1 * sDY[j] - m2 * sDYXhat[j]); // Σ dY ẋ̂
                T a = sG / count, bb = sGXhat / count, aDot = sGDot / count, bDot = (sGDotXhat + gamma[j] * dyXhatDot) / count;
                T rDot = -r * r * m2;
                if (withHvGamma) hvGamma[j] += sVDYXhat[j] + dyXhatDot;
                if (withHvBeta) hvBeta[j] += sVDY[j];
                // hvX += ṙ(g − a − x̂ b) + r(ġ − ȧ − ẋ̂ b − x̂ ḃ) = dY·(ṙγ + r vγ) + vDY·(rγ) − vX·(r² b) − x̂·(ṙ b + r ḃ − r² b m2) − (ṙ a + r ȧ − r² b m1);
                // sVX.. are free now: they hold the coefficients of the hvX pass.
                sVX[j] = rDot * gamma[j] + r * vGammaOr[j];
                sXhatVX[j] = gr;
                sDYVX[j] = -r * r * bb;
                k4[j] = -(rDot * bb + r * bDot - r * r * bb * m2);
                sVDYXhat[j] = -(rDot * a + r * aDot - r * r * bb * m1);
            }
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<T> row = x.Slice(b * f, f);
                if (!vY.IsEmpty) Rows.Run(new NormalizedTangentRow<T>(), row, mean, rstd, vY.Slice(b * f, f), vx.Slice(b * f, f), k1, k2, k3);
                if (!withHvX) continue;
                Span<T> hv = hvX.Slice(b * f, f);
                Rows.Run(new AddThreeProducts<T>(), dy.Slice(b * f, f), sVX, vdy.Slice(b * f, f), hv, sXhatVX, vx.Slice(b * f, f), sDYVX);
                Rows.Run(new AddXhatTimesPlus<T>(), row, mean, rstd, hv, k4, sVDYXhat);
            }
        }
        finally
        {
            Scratch.Return<T>(Slots * f);
        }
    }

    // The tangent parts of the inference mode: linear in x for fixed statistics, bilinear with γ.
    private static void BatchNormInferenceSecondOrder<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> runningMean,
        ReadOnlySpan<T> runningVariance, T eps, ReadOnlySpan<T> dY, ReadOnlySpan<T> vX, ReadOnlySpan<T> vGamma, ReadOnlySpan<T> vBeta,
        ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> hvGamma, Span<T> hvBeta, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        using var call = new BatchNormSecondOrder<T>(x, gamma, dY, vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);
        if (call.Nothing) return;
        int f = call.Features, batch = call.Batch;
        bool backward = call.Backward, withHvX = call.WithHvX, withHvGamma = call.WithHvGamma, withHvBeta = call.WithHvBeta;
        ReadOnlySpan<T> vx = call.VX, vdy = call.VDY, dy = call.DY, vGammaOr = call.VGamma, vBetaOr = call.VBeta;
        Span<T> buffer = Scratch.Rent<T>(3 * f);
        try
        {
            Span<T> rstd = buffer.Slice(0, f), gammaRstd = buffer.Slice(f, f), vGammaRstd = buffer.Slice(2 * f, f);
            for (int j = 0; j < f; j++)
            {
                rstd[j] = T.One / T.Sqrt(runningVariance[j] + eps);
                gammaRstd[j] = gamma[j] * rstd[j];
                vGammaRstd[j] = vGammaOr[j] * rstd[j];
            }
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<T> row = x.Slice(b * f, f);
                ReadOnlySpan<T> vxRow = vx.Slice(b * f, f), dyRow = dy.Slice(b * f, f), vdyRow = vdy.Slice(b * f, f);
                if (!vY.IsEmpty) Rows.Run(new NormalizedTangentRow<T>(), row, runningMean, rstd, vY.Slice(b * f, f), vxRow, gammaRstd, vGammaOr, vBetaOr);
                if (withHvX) Rows.Run(new AddTwoProducts<T>(), vdyRow, gammaRstd, dyRow, hvX.Slice(b * f, f), vGammaRstd, default);
                if (withHvGamma)
                {
                    Rows.Run(new AddTimesXhat<T>(), row, runningMean, rstd, hvGamma, default, vdyRow);
                    Rows.Run(new AddTripleProduct<T>(), dyRow, vxRow, rstd, hvGamma, default, default);
                }
                if (withHvBeta) Rows.Run(new AddRow<T>(), vdyRow, default, default, hvBeta, default, default);
            }
        }
        finally
        {
            Scratch.Return<T>(3 * f);
        }
    }

    /// <summary>
    /// What both second-order forms of batch normalization start from: the shapes checked, which outputs are wanted
    /// (<see cref="Nothing"/> when none), and the directions with zeros standing in for the empty ones (given back on dispose).
    /// </summary>
    private ref struct BatchNormSecondOrder<T> where T : IFloatingPointIeee754<T>
    {
        private ZerosForEmpty<T> _zeros; // not readonly: Or advances it

        public BatchNormSecondOrder(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> dY, ReadOnlySpan<T> vX, ReadOnlySpan<T> vGamma,
            ReadOnlySpan<T> vBeta, ReadOnlySpan<T> vDY, Span<T> hvX, Span<T> hvGamma, Span<T> hvBeta, Span<T> vY)
        {
            int n = x.Length, f = gamma.Length;
            Features = f;
            Batch = BatchRows(n, f, nameof(x));
            Check.LengthOrEmpty(n, vX.Length, nameof(vX));
            Check.LengthOrEmpty(f, vGamma.Length, nameof(vGamma));
            Check.LengthOrEmpty(f, vBeta.Length, nameof(vBeta));
            Check.LengthOrEmpty(n, vDY.Length, nameof(vDY));
            Check.LengthOrEmpty(n, hvX.Length, nameof(hvX));
            Check.LengthOrEmpty(f, hvGamma.Length, nameof(hvGamma));
            Check.LengthOrEmpty(f, hvBeta.Length, nameof(hvBeta));
            Check.LengthOrEmpty(n, vY.Length, nameof(vY));
            Backward = !dY.IsEmpty;
            WithHvX = Backward && !hvX.IsEmpty;
            WithHvGamma = Backward && !hvGamma.IsEmpty;
            WithHvBeta = Backward && !hvBeta.IsEmpty;
            Nothing = Batch == 0 || !(WithHvX || WithHvGamma || WithHvBeta || !vY.IsEmpty);
            _zeros = new ZerosForEmpty<T>(Nothing ? 0 : ZerosForEmpty<T>.Needed(vX, n) + ZerosForEmpty<T>.Needed(vDY, n) + ZerosForEmpty<T>.Needed(dY, n)
                + ZerosForEmpty<T>.Needed(vGamma, f) + ZerosForEmpty<T>.Needed(vBeta, f));
            if (Nothing) return;
            VX = _zeros.Or(vX, n);
            VDY = _zeros.Or(vDY, n);
            DY = _zeros.Or(dY, n);
            VGamma = _zeros.Or(vGamma, f);
            VBeta = _zeros.Or(vBeta, f);
        }

        public int Features { get; }

        public int Batch { get; }

        /// <summary>Called from the BackwardTangent (a dY is given), not the Tangent.</summary>
        public bool Backward { get; }

        public bool WithHvX { get; }

        public bool WithHvGamma { get; }

        public bool WithHvBeta { get; }

        /// <summary>No output is wanted (or the batch is empty): nothing to compute.</summary>
        public bool Nothing { get; }

        public ReadOnlySpan<T> VX { get; }

        public ReadOnlySpan<T> VDY { get; }

        public ReadOnlySpan<T> DY { get; }

        public ReadOnlySpan<T> VGamma { get; }

        public ReadOnlySpan<T> VBeta { get; }

        public readonly void Dispose() => _zeros.Dispose();
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

    // out += a · b
    private readonly struct AddProduct<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => TV.Store(TV.MulAdd(TV.Load(ref r.A, j), TV.Load(ref r.B, j), TV.Load(ref r.Out, j)), ref r.Out, j);
    }

    // out = d · e + x̂ · g + h with x̂ = (a − b)·c: a tangent of y = x̂ γ + β written as coefficients of the direction d.
    private readonly struct NormalizedTangentRow<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV xhat = (TV.Load(ref r.A, j) - TV.Load(ref r.B, j)) * TV.Load(ref r.C, j);
            TV.Store(TV.MulAdd(TV.Load(ref r.D, j), TV.Load(ref r.E, j), TV.MulAdd(xhat, TV.Load(ref r.G, j), TV.Load(ref r.H, j))), ref r.Out, j);
        }
    }

    // out += a·b + c·d + e·g
    private readonly struct AddThreeProducts<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV acc = TV.MulAdd(TV.Load(ref r.A, j), TV.Load(ref r.B, j), TV.Load(ref r.Out, j));
            acc = TV.MulAdd(TV.Load(ref r.C, j), TV.Load(ref r.D, j), acc);
            TV.Store(TV.MulAdd(TV.Load(ref r.E, j), TV.Load(ref r.G, j), acc), ref r.Out, j);
        }
    }

    // out += a·b + c·d
    private readonly struct AddTwoProducts<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => TV.Store(TV.MulAdd(TV.Load(ref r.C, j), TV.Load(ref r.D, j), TV.MulAdd(TV.Load(ref r.A, j), TV.Load(ref r.B, j), TV.Load(ref r.Out, j))), ref r.Out, j);
    }

    // out += a·b·c
    private readonly struct AddTripleProduct<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
            => TV.Store(TV.MulAdd(TV.Load(ref r.A, j) * TV.Load(ref r.B, j), TV.Load(ref r.C, j), TV.Load(ref r.Out, j)), ref r.Out, j);
    }

    // out += x̂ · d + e with x̂ = (a − b)·c.
    private readonly struct AddXhatTimesPlus<T> : IRowKernel<T> where T : IFloatingPointIeee754<T>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Step<TV, TD>(in RowRefs<T> r, nuint j) where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        {
            TV xhat = (TV.Load(ref r.A, j) - TV.Load(ref r.B, j)) * TV.Load(ref r.C, j);
            TV.Store(TV.MulAdd(xhat, TV.Load(ref r.D, j), TV.Load(ref r.Out, j) + TV.Load(ref r.E, j)), ref r.Out, j);
        }
    }
}
