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

    /// <summary>
    /// Forward-mode derivative of <see cref="LayerNorm{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double)"/>: writes
    /// <c>y</c> and, with <c>x̂ = (x − μ) r</c>, <c>r = 1/√(σ² + eps)</c>, the tangent of x̂
    /// <c>ẋ̂ = r · (dX − mean(dX) − x̂ · mean(x̂ ⊙ dX))</c>, writes <c>dY = ẋ̂ ⊙ γ + x̂ ⊙ dGamma + dBeta</c>. Empty tangents are
    /// zero; an empty <paramref name="dY"/> is not written.
    /// </summary>
    /// <typeparam name="T">The floating-point type.</typeparam>
    /// <param name="x">The input.</param>
    /// <param name="gamma">The scale γ.</param>
    /// <param name="beta">The shift β.</param>
    /// <param name="y">Receives the output.</param>
    /// <param name="eps">Added to the variance.</param>
    /// <param name="dX">The tangent of <paramref name="x"/>, or empty for zero.</param>
    /// <param name="dGamma">The tangent of <paramref name="gamma"/>, or empty for zero.</param>
    /// <param name="dBeta">The tangent of <paramref name="beta"/>, or empty for zero.</param>
    /// <param name="dY">Receives the tangent of <paramref name="y"/>, or empty when it is not needed.</param>
    [DerivativeOf(nameof(LayerNorm), Derivatives.Forward)]
    public static void LayerNormTangent<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, double eps,
        ReadOnlySpan<T> dX, ReadOnlySpan<T> dGamma, ReadOnlySpan<T> dBeta, Span<T> dY) where T : IFloatingPointIeee754<T>
    {
        LayerNorm(x, gamma, beta, y, eps);
        LayerNormSecondOrder(x, gamma, T.CreateTruncating(eps), default, dX, dGamma, dBeta, default, default, default, default, dY);
    }

    /// <summary>
    /// Forward-mode derivative of the pullback <see cref="LayerNormBackward{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T})"/>,
    /// for Hessian-vector products. The pullback adds, with <c>g = dY ⊙ γ</c>, <c>a = mean(g)</c>, <c>b = mean(g ⊙ x̂)</c>,
    /// <c>r · (g − a − x̂ b)</c> into dX, <c>dY ⊙ x̂</c> into dGamma and dY into dBeta. Along (vX, vGamma, vBeta, vDY):
    /// <c>ẋ̂ = r · (vX − mean(vX) − x̂ · mean(x̂ ⊙ vX))</c>, <c>ṙ = −r² · mean(x̂ ⊙ vX)</c>, <c>ġ = vDY ⊙ γ + dY ⊙ vGamma</c>,
    /// <c>ȧ = mean(ġ)</c>, <c>ḃ = mean(ġ ⊙ x̂ + g ⊙ ẋ̂)</c>; it adds <c>ṙ · (g − a − x̂ b) + r · (ġ − ȧ − ẋ̂ b − x̂ ḃ)</c> into
    /// <paramref name="hvX"/>, <c>vDY ⊙ x̂ + dY ⊙ ẋ̂</c> into <paramref name="hvGamma"/>, vDY into <paramref name="hvBeta"/>, and writes
    /// <c>vY = ẋ̂ ⊙ γ + x̂ ⊙ vGamma + vBeta</c>, besides what the pullback does. Empty adjoints, their tangents and vY are
    /// skipped; empty directions are zero.
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
    [DerivativeOf(nameof(LayerNorm), Derivatives.Hessian)]
    public static void LayerNormBackwardTangent<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, double eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vGamma, ReadOnlySpan<T> vBeta, ReadOnlySpan<T> vDY,
        Span<T> hvX, Span<T> hvGamma, Span<T> hvBeta, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        LayerNormBackward(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta);
        LayerNormSecondOrder(x, gamma, T.CreateTruncating(eps), dY, vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);
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

    /// <inheritdoc cref="LayerNormTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(LayerNorm), Derivatives.Forward)]
    public static void LayerNormTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps, ReadOnlySpan<double> dX, ReadOnlySpan<double> dGamma, ReadOnlySpan<double> dBeta, Span<double> dY)
        => LayerNormTangent<double>(x, gamma, beta, y, eps, dX, dGamma, dBeta, dY);

    /// <inheritdoc cref="LayerNormTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T})"/>
    [DerivativeOf(nameof(LayerNorm), Derivatives.Forward)]
    public static void LayerNormTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float eps, ReadOnlySpan<float> dX, ReadOnlySpan<float> dGamma, ReadOnlySpan<float> dBeta, Span<float> dY)
        => LayerNormTangent<float>(x, gamma, beta, y, eps, dX, dGamma, dBeta, dY);

    /// <inheritdoc cref="LayerNormBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(LayerNorm), Derivatives.Hessian)]
    public static void LayerNormBackwardTangent(ReadOnlySpan<double> x, ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, Span<double> y, double eps, ReadOnlySpan<double> dY, Span<double> dX, Span<double> dGamma, Span<double> dBeta,
        ReadOnlySpan<double> vX, ReadOnlySpan<double> vGamma, ReadOnlySpan<double> vBeta, ReadOnlySpan<double> vDY, Span<double> hvX, Span<double> hvGamma, Span<double> hvBeta, Span<double> vY)
        => LayerNormBackwardTangent<double>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta, vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);

    /// <inheritdoc cref="LayerNormBackwardTangent{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, double, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, Span{T}, Span{T}, Span{T})"/>
    [DerivativeOf(nameof(LayerNorm), Derivatives.Hessian)]
    public static void LayerNormBackwardTangent(ReadOnlySpan<float> x, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta, Span<float> y, float eps, ReadOnlySpan<float> dY, Span<float> dX, Span<float> dGamma, Span<float> dBeta,
        ReadOnlySpan<float> vX, ReadOnlySpan<float> vGamma, ReadOnlySpan<float> vBeta, ReadOnlySpan<float> vDY, Span<float> hvX, Span<float> hvGamma, Span<float> hvBeta, Span<float> vY)
        => LayerNormBackwardTangent<float>(x, gamma, beta, y, eps, dY, dX, dGamma, dBeta, vX, vGamma, vBeta, vDY, hvX, hvGamma, hvBeta, vY);

    /// <summary>
    /// The tangent parts of <see cref="LayerNormTangent{T}"/> (dY empty: then <paramref name="vY"/> receives dY of the
    /// forward tangent along vX, vGamma, vBeta) and of <see cref="LayerNormBackwardTangent{T}"/>. Empty directions are replaced by
    /// zeros from scratch, so the kernels have one shape; empty outputs are skipped.
    /// </summary>
    private static void LayerNormSecondOrder<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, T eps, ReadOnlySpan<T> dY,
        ReadOnlySpan<T> vX, ReadOnlySpan<T> vGamma, ReadOnlySpan<T> vBeta, ReadOnlySpan<T> vDY,
        Span<T> hvX, Span<T> hvGamma, Span<T> hvBeta, Span<T> vY) where T : IFloatingPointIeee754<T>
    {
        int n = x.Length;
        Check.SameLength(n, gamma.Length, nameof(gamma));
        Check.LengthOrEmpty(n, vX.Length, nameof(vX));
        Check.LengthOrEmpty(n, vGamma.Length, nameof(vGamma));
        Check.LengthOrEmpty(n, vBeta.Length, nameof(vBeta));
        Check.LengthOrEmpty(n, vDY.Length, nameof(vDY));
        Check.LengthOrEmpty(n, hvX.Length, nameof(hvX));
        Check.LengthOrEmpty(n, hvGamma.Length, nameof(hvGamma));
        Check.LengthOrEmpty(n, hvBeta.Length, nameof(hvBeta));
        Check.LengthOrEmpty(n, vY.Length, nameof(vY));
        bool backward = !dY.IsEmpty;
        var outputs = new SecondOrderOutputs(backward && !hvX.IsEmpty, backward && !hvGamma.IsEmpty, backward && !hvBeta.IsEmpty, !vY.IsEmpty);
        if (n == 0 || !(outputs.HvX || outputs.HvGamma || outputs.HvBeta || outputs.VY)) return;
        using var zeros = new ZerosForEmpty<T>(ZerosForEmpty<T>.Needed(dY, n) + ZerosForEmpty<T>.Needed(vX, n) + ZerosForEmpty<T>.Needed(vGamma, n)
            + ZerosForEmpty<T>.Needed(vBeta, n) + ZerosForEmpty<T>.Needed(vDY, n));
        var spans = new SecondOrderSpans<T>
        {
            X = x, Gamma = gamma, DY = zeros.Or(dY, n),
            VX = zeros.Or(vX, n), VGamma = zeros.Or(vGamma, n), VBeta = zeros.Or(vBeta, n), VDY = zeros.Or(vDY, n),
            HvX = hvX, HvGamma = hvGamma, HvBeta = hvBeta, VY = vY,
        };
        if (Spans.IsNative<T>())
        {
            if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
            {
                LayerNormSecondOrder<T, V512<T>, V512<double>>(spans, eps, outputs);
                return;
            }
            if (Vector256.IsHardwareAccelerated)
            {
                LayerNormSecondOrder<T, V256<T>, V256<double>>(spans, eps, outputs);
                return;
            }
        }
        LayerNormSecondOrder<T, V1<T>, V1<double>>(spans, eps, outputs);
    }

    private readonly record struct SecondOrderOutputs(bool HvX, bool HvGamma, bool HvBeta, bool VY);

    private ref struct SecondOrderSpans<T>
    {
        public ReadOnlySpan<T> X, Gamma, DY, VX, VGamma, VBeta, VDY;
        public Span<T> HvX, HvGamma, HvBeta, VY;
    }

    // Statistics as LayerNormCore computes them (the same vector width), then one pass of sums and one elementwise pass.
    private static void LayerNormSecondOrder<T, TV, TD>(in SecondOrderSpans<T> s, T eps, SecondOrderOutputs outputs)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        int n = s.X.Length;
        ref T rx = ref MemoryMarshal.GetReference(s.X);
        T count = T.CreateTruncating(n);
        T mean = RowMath.Sum<T, TV, TD>(ref rx, n) / count;
        T variance = RowMath.SumSquaredDeviation<T, TV, TD>(ref rx, mean, n) / count;
        T rstd = T.One / T.Sqrt(variance + eps);

        var sums = LayerNormSums<T, TV, TD>.Zero;
        var tail = LayerNormSums<T, V1<T>, V1<double>>.Zero;
        int i;
        for (i = 0; i <= n - TV.Count; i += TV.Count) AddSums<T, TV, TD>(s, TV.Create(mean), TV.Create(rstd), (nuint)i, ref sums);
        for (; i < n; i++) AddSums<T, V1<T>, V1<double>>(s, new(mean), new(rstd), (nuint)i, ref tail);
        T meanVX = (TV.Sum(sums.VX) + tail.VX.Value) / count;
        T meanXhatVX = (TV.Sum(sums.XhatVX) + tail.XhatVX.Value) / count;
        T sumG = TV.Sum(sums.G) + tail.G.Value, sumGXhat = TV.Sum(sums.GXhat) + tail.GXhat.Value;
        T a = sumG / count, b = sumGXhat / count;
        T aDot = (TV.Sum(sums.GDot) + tail.GDot.Value) / count;
        // Σ g ⊙ ẋ̂ = r (Σ g vX − mean(vX) Σ g − mean(x̂ vX) Σ g x̂), since ẋ̂ is linear in vX.
        T gXhatDot = rstd * (TV.Sum(sums.GVX) + tail.GVX.Value - meanVX * sumG - meanXhatVX * sumGXhat);
        T bDot = (TV.Sum(sums.GDotXhat) + tail.GDotXhat.Value + gXhatDot) / count;
        T rstdDot = -rstd * rstd * meanXhatVX;
        var c = new LayerNormCoefficients<T>(mean, rstd, meanVX, meanXhatVX, a, b, aDot, bDot, rstdDot);
        for (i = 0; i <= n - TV.Count; i += TV.Count) SecondOrderStep<T, TV, TD>(s, c, outputs, (nuint)i);
        for (; i < n; i++) SecondOrderStep<T, V1<T>, V1<double>>(s, c, outputs, (nuint)i);
    }

    private struct LayerNormSums<T, TV, TD> where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        public TV VX, XhatVX, G, GXhat, GDot, GDotXhat, GVX;

        public static LayerNormSums<T, TV, TD> Zero => new()
        {
            VX = TV.Zero, XhatVX = TV.Zero, G = TV.Zero, GXhat = TV.Zero, GDot = TV.Zero, GDotXhat = TV.Zero, GVX = TV.Zero,
        };
    }

    private readonly record struct LayerNormCoefficients<T>(T Mean, T Rstd, T MeanVX, T MeanXhatVX, T A, T B, T ADot, T BDot, T RstdDot);

    // Σ vX, Σ x̂ vX, Σ g, Σ g x̂, Σ ġ, Σ ġ x̂, Σ g vX with g = dY γ (0 where γ = 0, as the pullback) and ġ = vDY γ + dY vγ.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddSums<T, TV, TD>(in SecondOrderSpans<T> s, TV mean, TV rstd, nuint i, ref LayerNormSums<T, TV, TD> sums)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV xhat = (TV.Load(ref MemoryMarshal.GetReference(s.X), i) - mean) * rstd;
        TV gm = TV.Load(ref MemoryMarshal.GetReference(s.Gamma), i), dy = TV.Load(ref MemoryMarshal.GetReference(s.DY), i);
        TV vx = TV.Load(ref MemoryMarshal.GetReference(s.VX), i);
        TV g = Adjoint.AddTimes<TV, T, TD>(TV.Zero, dy, gm);
        TV gDot = TV.MulAdd(dy, TV.Load(ref MemoryMarshal.GetReference(s.VGamma), i), Adjoint.AddTimes<TV, T, TD>(TV.Zero, TV.Load(ref MemoryMarshal.GetReference(s.VDY), i), gm));
        sums.VX += vx;
        sums.XhatVX = TV.MulAdd(xhat, vx, sums.XhatVX);
        sums.G += g;
        sums.GXhat = TV.MulAdd(g, xhat, sums.GXhat);
        sums.GDot += gDot;
        sums.GDotXhat = TV.MulAdd(gDot, xhat, sums.GDotXhat);
        sums.GVX = TV.MulAdd(g, vx, sums.GVX);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void SecondOrderStep<T, TV, TD>(in SecondOrderSpans<T> s, in LayerNormCoefficients<T> c, SecondOrderOutputs outputs, nuint i)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        TV rstd = TV.Create(c.Rstd);
        TV xhat = (TV.Load(ref MemoryMarshal.GetReference(s.X), i) - TV.Create(c.Mean)) * rstd;
        TV vx = TV.Load(ref MemoryMarshal.GetReference(s.VX), i);
        TV xhatDot = rstd * (vx - TV.Create(c.MeanVX) - xhat * TV.Create(c.MeanXhatVX));
        TV gm = TV.Load(ref MemoryMarshal.GetReference(s.Gamma), i);
        if (outputs.VY)
        {
            TV tangent = TV.MulAdd(xhatDot, gm, TV.MulAdd(xhat, TV.Load(ref MemoryMarshal.GetReference(s.VGamma), i), TV.Load(ref MemoryMarshal.GetReference(s.VBeta), i)));
            TV.Store(tangent, ref MemoryMarshal.GetReference(s.VY), i);
        }
        if (!(outputs.HvX || outputs.HvGamma || outputs.HvBeta)) return;
        TV dy = TV.Load(ref MemoryMarshal.GetReference(s.DY), i), vdy = TV.Load(ref MemoryMarshal.GetReference(s.VDY), i);
        if (outputs.HvX)
        {
            TV g = Adjoint.AddTimes<TV, T, TD>(TV.Zero, dy, gm);
            TV gDot = TV.MulAdd(dy, TV.Load(ref MemoryMarshal.GetReference(s.VGamma), i), Adjoint.AddTimes<TV, T, TD>(TV.Zero, vdy, gm));
            TV b = TV.Create(c.B);
            TV inner = g - TV.Create(c.A) - xhat * b;
            TV innerDot = gDot - TV.Create(c.ADot) - xhatDot * b - xhat * TV.Create(c.BDot);
            ref T hv = ref MemoryMarshal.GetReference(s.HvX);
            TV.Store(TV.MulAdd(TV.Create(c.RstdDot), inner, TV.MulAdd(rstd, innerDot, TV.Load(ref hv, i))), ref hv, i);
        }
        if (outputs.HvGamma)
        {
            ref T hv = ref MemoryMarshal.GetReference(s.HvGamma);
            TV.Store(TV.MulAdd(vdy, xhat, TV.MulAdd(dy, xhatDot, TV.Load(ref hv, i))), ref hv, i);
        }
        if (outputs.HvBeta)
        {
            ref T hv = ref MemoryMarshal.GetReference(s.HvBeta);
            TV.Store(TV.Load(ref hv, i) + vdy, ref hv, i);
        }
    }

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
        // Two sets of accumulators, even and odd vectors, so that each sum's chain of dependent adds (an FMA and a blend for
        // Σ g·x̂) waits half as often; they are added at the end.
        TV sumG = TV.Zero, sumGXhat = TV.Zero, sumGOdd = TV.Zero, sumGXhatOdd = TV.Zero;
        V1<T> sumG1 = V1<T>.Zero, sumGXhat1 = V1<T>.Zero;
        for (i = 0; i <= n - 2 * TV.Count; i += 2 * TV.Count)
        {
            Gradients<T, TV, TD>(ref rx, ref rg, ref rb, ref ry, ref rdy, ref rdg, ref rdb, withGamma, withBeta, m, r, (nuint)i, ref sumG, ref sumGXhat);
            Gradients<T, TV, TD>(ref rx, ref rg, ref rb, ref ry, ref rdy, ref rdg, ref rdb, withGamma, withBeta, m, r, (nuint)(i + TV.Count), ref sumGOdd, ref sumGXhatOdd);
        }
        for (; i <= n - TV.Count; i += TV.Count)
            Gradients<T, TV, TD>(ref rx, ref rg, ref rb, ref ry, ref rdy, ref rdg, ref rdb, withGamma, withBeta, m, r, (nuint)i, ref sumG, ref sumGXhat);
        sumG += sumGOdd;
        sumGXhat += sumGXhatOdd;
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

