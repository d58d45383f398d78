using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using AutoDiffGen.Internal;

namespace AutoDiffGen;

public static partial class Normalization
{
    /// <summary>
    /// Layer normalization over the whole span (PyTorch <c>layer_norm</c> with <c>normalized_shape = [n]</c>):
    /// <c>yᵢ = (xᵢ − μ) / √(σ² + eps) · γᵢ + βᵢ</c>, with <c>μ = (1/n) Σ xᵢ</c> and the biased variance
    /// <c>σ² = (1/n) Σ (xᵢ − μ)²</c>.
    /// </summary>
    /// <param name="x">The input (n elements).</param>
    /// <param name="gamma">The scale γ, n elements.</param>
    /// <param name="beta">The shift β, n elements.</param>
    /// <param name="y">Receives the output, n elements; must not overlap <paramref name="x"/>.</param>
    /// <param name="eps">Added to the variance (default 1e-5); a constant.</param>
    public static void LayerNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, [NoDerivative] double eps = 1e-5)
        => LayerNormCore(x, gamma, beta, y, eps, default, default, default, default);

    /// <summary>
    /// Pullback of <see cref="LayerNorm(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double)"/>:
    /// writes <c>y</c> and, with <c>x̂ = (x − μ)/√(σ² + eps)</c>, <c>gᵢ = dYᵢ γᵢ</c> and <c>r = 1/√(σ² + eps)</c>, adds
    /// <c>r · (gᵢ − mean(g) − x̂ᵢ · mean(g ⊙ x̂))</c> into <paramref name="dX"/>, <c>dYᵢ x̂ᵢ</c> into <paramref name="dGamma"/> and
    /// <c>dYᵢ</c> into <paramref name="dBeta"/>. Empty adjoints are skipped.
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
    [DerivativeOf(nameof(LayerNorm))]
    public static void LayerNormBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps,
        ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta)
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        LayerNormCore(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
    }

    /// <inheritdoc cref="LayerNorm(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double)"/>
    public static void LayerNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, [NoDerivative] float eps = 1e-5f)
        => LayerNormCore(x, gamma, beta, y, eps, default, default, default, default);

    /// <inheritdoc cref="LayerNormBackward(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, double, ReadOnlySpan{double}, Span{double}, Span{double}, Span{double})"/>
    [DerivativeOf(nameof(LayerNorm))]
    public static void LayerNormBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float eps,
        ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta)
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        LayerNormCore(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
    }

    private static void LayerNormCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, T eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = x.Length;
        Check.SameLength(n, gamma.Length, nameof(gamma));
        Check.SameLength(n, beta.Length, nameof(beta));
        Check.SameLength(n, y.Length, nameof(y));
        Check.LengthOrEmpty(n, dX.Length, nameof(dX));
        Check.LengthOrEmpty(n, dGamma.Length, nameof(dGamma));
        Check.LengthOrEmpty(n, dBeta.Length, nameof(dBeta));
        if (n == 0) return;

        T count = T.CreateTruncating(n);
        T mean = TensorPrimitives.Sum(x) / count;
        T variance = SumSquaredDeviation(x, mean) / count;
        T rstd = T.One / T.Sqrt(variance + eps);

        if (!dY.IsEmpty)
        {
            // Read x for the gradients before y is written.
            T sumG = T.Zero, sumGXhat = T.Zero;
            for (int i = 0; i < n; i++)
            {
                T xhat = (x[i] - mean) * rstd;
                T g = dY[i] * gamma[i];
                sumG += g;
                sumGXhat += g * xhat;
                if (!dGamma.IsEmpty) dGamma[i] += dY[i] * xhat;
                if (!dBeta.IsEmpty) dBeta[i] += dY[i];
            }
            if (!dX.IsEmpty)
            {
                T meanG = sumG / count, meanGXhat = sumGXhat / count;
                for (int i = 0; i < n; i++)
                {
                    T xhat = (x[i] - mean) * rstd;
                    dX[i] += rstd * (dY[i] * gamma[i] - meanG - xhat * meanGXhat);
                }
            }
        }

        int j = 0;
        if (Simd.IsAccelerated)
        {
            Vector256<T> m = Vector256.Create(mean), r = Vector256.Create(rstd);
            for (; j <= n - Vector256<T>.Count; j += Vector256<T>.Count)
                Simd.Store(Simd.MulAdd((Simd.Load(x, j) - m) * r, Simd.Load(gamma, j), Simd.Load(beta, j)), y, j);
        }
        for (; j < n; j++) y[j] = (x[j] - mean) * rstd * gamma[j] + beta[j];
    }

    private static T SumSquaredDeviation<T>(ReadOnlySpan<T> x, T mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (Simd.IsAccelerated && x.Length >= Vector256<T>.Count)
        {
            Vector256<T> m = Vector256.Create(mean), acc = Vector256<T>.Zero;
            for (; i <= x.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                Vector256<T> d = Simd.Load(x, i) - m;
                acc = Simd.MulAdd(d, d, acc);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < x.Length; i++)
        {
            T d = x[i] - mean;
            sum += d * d;
        }
        return sum;
    }
}
