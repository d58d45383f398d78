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
                for (; j <= f - Vector512<T>.Count; j += Vector512<T>.Count) Column<T, V512<T>, V512<double>>(in s, (nuint)j);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
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

    /// <summary>The features <c>[j, j + TV.Count)</c> down all rows: statistics, then the sums, then dX (and y in the last pass).</summary>
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

        // y is written in the last pass that reads dY, so a dY that shares y's memory is still read before it is overwritten.
        TV sumDy = TV.Zero, sumDyXhat = TV.Zero;
        for (nuint at = j; at < end; at += stride)
        {
            TV dy = TV.Load(ref s.DY, at);
            TV xhat = (TV.Load(ref s.X, at) - mean) * rstd;
            sumDy += dy;
            sumDyXhat = Adjoint.AddTimes<TV, T, TD>(sumDyXhat, dy, xhat);
            if (!s.WithDX) TV.Store(TV.MulAdd(xhat, gamma, beta), ref s.Y, at);
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
            TV.Store(TV.MulAdd(xhat, gamma, beta), ref s.Y, at);
        }
    }
}
