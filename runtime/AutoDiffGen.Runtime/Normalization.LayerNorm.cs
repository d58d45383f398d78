using System;
using System.Numerics;
using System.Runtime.InteropServices;
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
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input (n elements).</param>
    /// <param name="gamma">The scale γ, n elements.</param>
    /// <param name="beta">The shift β, n elements.</param>
    /// <param name="y">Receives the output, n elements; must not overlap <paramref name="x"/>.</param>
    /// <param name="eps">Added to the variance (default 1e-5); a constant.</param>
    public static void LayerNorm<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, [NoDerivative] double eps = 1e-5)
        where T : IFloatingPointIeee754<T>
        => LayerNormCore(x, gamma, beta, y, T.CreateTruncating(eps), default, default, default, default);

    /// <summary>
    /// Pullback of <see cref="LayerNorm{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>:
    /// writes <c>y</c> and, with <c>x̂ = (x − μ)/√(σ² + eps)</c>, <c>gᵢ = dYᵢ γᵢ</c> and <c>r = 1/√(σ² + eps)</c>, adds
    /// <c>r · (gᵢ − mean(g) − x̂ᵢ · mean(g ⊙ x̂))</c> into <paramref name="dX"/>, <c>dYᵢ x̂ᵢ</c> into <paramref name="dGamma"/> and
    /// <c>dYᵢ</c> into <paramref name="dBeta"/>. Empty adjoints are skipped. Products with a zero partial derivative (γᵢ = 0,
    /// x̂ᵢ = 0) add nothing, even for an infinite or NaN dYᵢ.
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
    [DerivativeOf(nameof(LayerNorm))]
    public static void LayerNormBackward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, double eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : IFloatingPointIeee754<T>
    {
        Check.SameLength(x.Length, dY.Length, nameof(dY));
        LayerNormCore(x, gamma, beta, y, T.CreateTruncating(eps), dY, dX, dGamma, dBeta);
    }

    /// <inheritdoc cref="LayerNorm{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>
    public static void LayerNorm(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, [NoDerivative] double eps = 1e-5)
        => LayerNorm<double>(x, gamma, beta, y, eps);

    /// <inheritdoc cref="LayerNorm{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>
    public static void LayerNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, [NoDerivative] float eps = 1e-5f)
        => LayerNorm<float>(x, gamma, beta, y, eps);

    /// <inheritdoc cref="LayerNormBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(LayerNorm))]
    public static void LayerNormBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps,
        ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta)
        => LayerNormBackward<double>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);

    /// <inheritdoc cref="LayerNormBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(LayerNorm))]
    public static void LayerNormBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float eps,
        ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta)
        => LayerNormBackward<float>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);

    private static void LayerNormCore<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, T eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : IFloatingPointIeee754<T>
    {
        int n = x.Length;
        Check.SameLength(n, gamma.Length, nameof(gamma));
        Check.SameLength(n, beta.Length, nameof(beta));
        Check.SameLength(n, y.Length, nameof(y));
        Check.LengthOrEmpty(n, dX.Length, nameof(dX));
        Check.LengthOrEmpty(n, dGamma.Length, nameof(dGamma));
        Check.LengthOrEmpty(n, dBeta.Length, nameof(dBeta));
        if (n == 0) return;
        if (Spans.IsNative<T>())
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            {
                LayerNormCore<T, V512<T>, V512<double>>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
                return;
            }
            if (Vector256.IsHardwareAccelerated)
            {
                LayerNormCore<T, V256<T>, V256<double>>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
                return;
            }
        }
        LayerNormCore<T, V1<T>, V1<double>>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
    }

    // Three passes forward (Σx, Σ(x − μ)², y), two with the gradients (the second pass writes y as well).
    private static void LayerNormCore<T, TV, TD>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, T eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        int n = x.Length;
        ref T rx = ref MemoryMarshal.GetReference(x);
        ref T rg = ref MemoryMarshal.GetReference(gamma);
        ref T rb = ref MemoryMarshal.GetReference(beta);
        ref T ry = ref MemoryMarshal.GetReference(y);
        T count = T.CreateTruncating(n);
        T mean = RowMath.Sum<T, TV, TD>(ref rx, n) / count;
        T variance = RowMath.SumSquaredDeviation<T, TV, TD>(ref rx, mean, n) / count;
        T rstd = T.One / T.Sqrt(variance + eps);
        TV m = TV.Create(mean), r = TV.Create(rstd);
        int i;
        if (dY.IsEmpty)
        {
            for (i = 0; i <= n - TV.Count; i += TV.Count) Normalize<T, TV, TD>(ref rx, ref rg, ref rb, ref ry, m, r, (nuint)i);
            for (; i < n; i++) Normalize<T, V1<T>, V1<double>>(ref rx, ref rg, ref rb, ref ry, new(mean), new(rstd), (nuint)i);
            return;
        }

        ref T rdy = ref MemoryMarshal.GetReference(dY);
        ref T rdg = ref MemoryMarshal.GetReference(dGamma);
        ref T rdb = ref MemoryMarshal.GetReference(dBeta);
        bool withGamma = !dGamma.IsEmpty, withBeta = !dBeta.IsEmpty;
        TV sumG = TV.Zero, sumGXhat = TV.Zero;
        V1<T> sumG1 = V1<T>.Zero, sumGXhat1 = V1<T>.Zero;
        for (i = 0; i <= n - TV.Count; i += TV.Count)
            Gradients<T, TV, TD>(ref rx, ref rg, ref rb, ref ry, ref rdy, ref rdg, ref rdb, withGamma, withBeta, m, r, (nuint)i, ref sumG, ref sumGXhat);
        for (; i < n; i++)
            Gradients<T, V1<T>, V1<double>>(ref rx, ref rg, ref rb, ref ry, ref rdy, ref rdg, ref rdb, withGamma, withBeta, new(mean), new(rstd), (nuint)i, ref sumG1, ref sumGXhat1);
        if (dX.IsEmpty) return;

        ref T rdx = ref MemoryMarshal.GetReference(dX);
        T meanG = (TV.Sum(sumG) + sumG1.Value) / count, meanGXhat = (TV.Sum(sumGXhat) + sumGXhat1.Value) / count;
        TV mg = TV.Create(meanG), mgx = TV.Create(meanGXhat);
        for (i = 0; i <= n - TV.Count; i += TV.Count) InputGradient<T, TV, TD>(ref rx, ref rg, ref rdy, ref rdx, m, r, mg, mgx, (nuint)i);
        for (; i < n; i++) InputGradient<T, V1<T>, V1<double>>(ref rx, ref rg, ref rdy, ref rdx, new(mean), new(rstd), new(meanG), new(meanGXhat), (nuint)i);
    }

    // y = (x − μ)·r·γ + β
    private static void Normalize<T, TV, TD>(ref T rx, ref T rg, ref T rb, ref T ry, TV mean, TV rstd, nuint i)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
        => TV.Store(TV.MulAdd((TV.Load(ref rx, i) - mean) * rstd, TV.Load(ref rg, i), TV.Load(ref rb, i)), ref ry, i);

    // Writes y; accumulates Σg and Σg·x̂ (g = dY·γ) and the parameter gradients dγ += dY·x̂, dβ += dY.
    private static void Gradients<T, TV, TD>(ref T rx, ref T rg, ref T rb, ref T ry, ref T rdy, ref T rdg, ref T rdb, bool withGamma, bool withBeta,
        TV mean, TV rstd, nuint i, ref TV sumG, ref TV sumGXhat)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV xhat = (TV.Load(ref rx, i) - mean) * rstd;
        TV gm = TV.Load(ref rg, i), dy = TV.Load(ref rdy, i);
        TV g = Adjoint.AddTimes<TV, T, TD>(TV.Zero, dy, gm);
        sumG += g;
        sumGXhat = Adjoint.AddTimes<TV, T, TD>(sumGXhat, g, xhat);
        if (withGamma) TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref rdg, i), dy, xhat), ref rdg, i);
        if (withBeta) TV.Store(TV.Load(ref rdb, i) + dy, ref rdb, i);
        TV.Store(TV.MulAdd(xhat, gm, TV.Load(ref rb, i)), ref ry, i);
    }

    // dX += r · (g − mean(g) − x̂ · mean(g ⊙ x̂))
    private static void InputGradient<T, TV, TD>(ref T rx, ref T rg, ref T rdy, ref T rdx, TV mean, TV rstd, TV meanG, TV meanGXhat, nuint i)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV xhat = (TV.Load(ref rx, i) - mean) * rstd;
        TV g = Adjoint.AddTimes<TV, T, TD>(TV.Zero, TV.Load(ref rdy, i), TV.Load(ref rg, i));
        TV.Store(TV.MulAdd(rstd, g - meanG - xhat * meanGXhat, TV.Load(ref rdx, i)), ref rdx, i);
    }
}

