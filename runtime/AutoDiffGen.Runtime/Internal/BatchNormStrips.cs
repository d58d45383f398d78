using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.Internal;

/// <summary>
/// Batch normalization in training mode, forward and pullback, one strip of features at a time: a strip is one vector's
/// worth of adjacent features (8 doubles or 16 floats with AVX-512) down all the rows of the batch. Every per-feature
/// quantity — the mean, <c>r = 1/√(σ² + eps)</c>, Σ dY, Σ dY·x̂ — then lives in a register for the whole strip instead of
/// in a scratch row that each of the batch's rows loads and stores again, and a strip (rows × 64 bytes) stays in L1
/// across its passes. The arithmetic is the row-wise formulation's, operation for operation and in the same order, so
/// the results are bit for bit those of the second-order kernels, which still work row by row.
/// </summary>
internal static class BatchNormStrips
{
    /// <summary>
    /// Writes <c>y = (x − μ)·r·γ + β</c> and, unless <paramref name="dY"/> is empty, adds <c>Σ_b dY·x̂</c> into
    /// <paramref name="dGamma"/>, <c>Σ_b dY</c> into <paramref name="dBeta"/> and <c>γ r / N · (N·dY − Σ dY − x̂ · Σ dY x̂)</c> into
    /// <paramref name="dX"/> (each skipped when empty; nothing where the partial derivative x̂ or γ r / N is exactly 0).
    /// Shapes are checked by the caller; x is [batch × features] row-major with <c>features = gamma.Length</c>.
    /// </summary>
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, Span<T> y, T eps,
        ReadOnlySpan<T> dY, Span<T> dX, Span<T> dGamma, Span<T> dBeta) where T : IFloatingPointIeee754<T>
    {
        var s = new Strip<T>
        {
            X = ref MemoryMarshal.GetReference(x),
            Gamma = ref MemoryMarshal.GetReference(gamma),
            Beta = ref MemoryMarshal.GetReference(beta),
            Y = ref MemoryMarshal.GetReference(y),
            DY = ref MemoryMarshal.GetReference(dY),
            DX = ref MemoryMarshal.GetReference(dX),
            DGamma = ref MemoryMarshal.GetReference(dGamma),
            DBeta = ref MemoryMarshal.GetReference(dBeta),
            Features = gamma.Length,
            Batch = x.Length / gamma.Length,
            Eps = eps,
            WithDY = !dY.IsEmpty,
            WithDX = !dX.IsEmpty,
            WithDGamma = !dGamma.IsEmpty,
            WithDBeta = !dBeta.IsEmpty,
        };
        int f = s.Features, j = 0;
        if (Spans.IsNative<T>())
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; j <= f - 2 * Vector512<T>.Count; j += 2 * Vector512<T>.Count) ColumnPair<T, V512<T>, V512<double>>(in s, (nuint)j);
                for (; j <= f - Vector512<T>.Count; j += Vector512<T>.Count) Column<T, V512<T>, V512<double>>(in s, (nuint)j);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; j <= f - 2 * Vector256<T>.Count; j += 2 * Vector256<T>.Count) ColumnPair<T, V256<T>, V256<double>>(in s, (nuint)j);
                for (; j <= f - Vector256<T>.Count; j += Vector256<T>.Count) Column<T, V256<T>, V256<double>>(in s, (nuint)j);
            }
        }
        for (; j < f; j++) Column<T, V1<T>, V1<double>>(in s, (nuint)j);
    }

    private ref struct Strip<T>
    {
        public ref T X;
        public ref T Gamma;
        public ref T Beta;
        public ref T Y;
        public ref T DY;
        public ref T DX;
        public ref T DGamma;
        public ref T DBeta;
        public int Features;
        public int Batch;
        public T Eps;
        public bool WithDY;
        public bool WithDX;
        public bool WithDGamma;
        public bool WithDBeta;
    }

    /// <summary>The features <c>[j, j + TV.Count)</c> down all rows: statistics, then the sums and y, then dX.</summary>
    private static void Column<T, TV, TD>(in Strip<T> s, nuint j)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        nuint stride = (nuint)s.Features, end = (nuint)s.Batch * stride + j;
        TV count = TV.Create(T.CreateTruncating(s.Batch));
        TV sum = TV.Zero;
        for (nuint at = j; at < end; at += stride) sum += TV.Load(ref s.X, at);
        TV mean = sum / count;
        TV squares = TV.Zero;
        for (nuint at = j; at < end; at += stride)
        {
            TV d = TV.Load(ref s.X, at) - mean;
            squares = TV.MulAdd(d, d, squares);
        }
        TV rstd = TV.One / TV.Sqrt(squares / count + TV.Create(s.Eps));
        TV gamma = TV.Load(ref s.Gamma, j), beta = TV.Load(ref s.Beta, j);
        if (!s.WithDY)
        {
            for (nuint at = j; at < end; at += stride)
                TV.Store(TV.MulAdd((TV.Load(ref s.X, at) - mean) * rstd, gamma, beta), ref s.Y, at);
            return;
        }

        // y is written in the pass of the sums, not beside dX: a caller's y and dX often lie a multiple of 4 KiB apart (one
        // buffer, as in the benchmark), and a store to y then stalls the next load of dX that aliases it (4K aliasing).
        TV sumDy = TV.Zero, sumDyXhat = TV.Zero;
        for (nuint at = j; at < end; at += stride)
        {
            TV dy = TV.Load(ref s.DY, at);
            TV xhat = (TV.Load(ref s.X, at) - mean) * rstd;
            sumDy += dy;
            sumDyXhat = Adjoint.AddTimes<TV, T, TD>(sumDyXhat, dy, xhat);
            TV.Store(TV.MulAdd(xhat, gamma, beta), ref s.Y, at);
        }
        if (s.WithDGamma) TV.Store(TV.Load(ref s.DGamma, j) + sumDyXhat, ref s.DGamma, j);
        if (s.WithDBeta) TV.Store(TV.Load(ref s.DBeta, j) + sumDy, ref s.DBeta, j);
        if (!s.WithDX) return;

        TV coefficient = gamma * rstd / count;
        for (nuint at = j; at < end; at += stride)
        {
            TV xhat = (TV.Load(ref s.X, at) - mean) * rstd;
            TV inner = count * TV.Load(ref s.DY, at) - sumDy - xhat * sumDyXhat;
            TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref s.DX, at), inner, coefficient), ref s.DX, at);
        }
    }

    /// <summary>
    /// <see cref="Column{T, TV, TD}"/> for two adjacent strips at once, a and b: each feature's sums still run down the rows in
    /// order (the same bits), but the two strips' chains of dependent adds and FMAs interleave, which hides their latency —
    /// with one strip, each pass of a 32-row batch waits on 32 dependent additions.
    /// </summary>
    private static void ColumnPair<T, TV, TD>(in Strip<T> s, nuint j)
        where T : IFloatingPointIeee754<T> where TV : struct, IVec<TV, T, TD> where TD : struct, IVec<TD, double, TD>
    {
        nuint stride = (nuint)s.Features, end = (nuint)s.Batch * stride + j, w = (nuint)TV.Count;
        TV count = TV.Create(T.CreateTruncating(s.Batch));
        TV sumA = TV.Zero, sumB = TV.Zero;
        for (nuint at = j; at < end; at += stride)
        {
            sumA += TV.Load(ref s.X, at);
            sumB += TV.Load(ref s.X, at + w);
        }
        TV meanA = sumA / count, meanB = sumB / count;
        TV squaresA = TV.Zero, squaresB = TV.Zero;
        for (nuint at = j; at < end; at += stride)
        {
            TV da = TV.Load(ref s.X, at) - meanA, db = TV.Load(ref s.X, at + w) - meanB;
            squaresA = TV.MulAdd(da, da, squaresA);
            squaresB = TV.MulAdd(db, db, squaresB);
        }
        TV eps = TV.Create(s.Eps);
        TV rstdA = TV.One / TV.Sqrt(squaresA / count + eps), rstdB = TV.One / TV.Sqrt(squaresB / count + eps);
        TV gammaA = TV.Load(ref s.Gamma, j), gammaB = TV.Load(ref s.Gamma, j + w);
        TV betaA = TV.Load(ref s.Beta, j), betaB = TV.Load(ref s.Beta, j + w);
        if (!s.WithDY)
        {
            for (nuint at = j; at < end; at += stride)
            {
                TV.Store(TV.MulAdd((TV.Load(ref s.X, at) - meanA) * rstdA, gammaA, betaA), ref s.Y, at);
                TV.Store(TV.MulAdd((TV.Load(ref s.X, at + w) - meanB) * rstdB, gammaB, betaB), ref s.Y, at + w);
            }
            return;
        }

        TV sumDyA = TV.Zero, sumDyB = TV.Zero, sumDyXhatA = TV.Zero, sumDyXhatB = TV.Zero;
        for (nuint at = j; at < end; at += stride)
        {
            TV dyA = TV.Load(ref s.DY, at), dyB = TV.Load(ref s.DY, at + w);
            TV xhatA = (TV.Load(ref s.X, at) - meanA) * rstdA, xhatB = (TV.Load(ref s.X, at + w) - meanB) * rstdB;
            sumDyA += dyA;
            sumDyB += dyB;
            sumDyXhatA = Adjoint.AddTimes<TV, T, TD>(sumDyXhatA, dyA, xhatA);
            sumDyXhatB = Adjoint.AddTimes<TV, T, TD>(sumDyXhatB, dyB, xhatB);
            TV.Store(TV.MulAdd(xhatA, gammaA, betaA), ref s.Y, at);
            TV.Store(TV.MulAdd(xhatB, gammaB, betaB), ref s.Y, at + w);
        }
        if (s.WithDGamma)
        {
            TV.Store(TV.Load(ref s.DGamma, j) + sumDyXhatA, ref s.DGamma, j);
            TV.Store(TV.Load(ref s.DGamma, j + w) + sumDyXhatB, ref s.DGamma, j + w);
        }
        if (s.WithDBeta)
        {
            TV.Store(TV.Load(ref s.DBeta, j) + sumDyA, ref s.DBeta, j);
            TV.Store(TV.Load(ref s.DBeta, j + w) + sumDyB, ref s.DBeta, j + w);
        }
        if (!s.WithDX) return;

        TV coefficientA = gammaA * rstdA / count, coefficientB = gammaB * rstdB / count;
        for (nuint at = j; at < end; at += stride)
        {
            TV xhatA = (TV.Load(ref s.X, at) - meanA) * rstdA, xhatB = (TV.Load(ref s.X, at + w) - meanB) * rstdB;
            TV innerA = count * TV.Load(ref s.DY, at) - sumDyA - xhatA * sumDyXhatA;
            TV innerB = count * TV.Load(ref s.DY, at + w) - sumDyB - xhatB * sumDyXhatB;
            TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref s.DX, at), innerA, coefficientA), ref s.DX, at);
            TV.Store(Adjoint.AddTimes<TV, T, TD>(TV.Load(ref s.DX, at + w), innerB, coefficientB), ref s.DX, at + w);
        }
    }
}
