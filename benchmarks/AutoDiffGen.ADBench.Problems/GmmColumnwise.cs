using System;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace AutoDiffGen.ADBench;

/// <summary>
/// Two forms of the GMM objective for the analysis in ADBench.md, next to <see cref="Gmm.Objective"/> (which stays as
/// it is): the same function, only Q(x − μ) is formed the way ADBench's C++ forms it.
/// </summary>
/// <remarks>
/// <see cref="Gmm.Objective"/> accumulates each row of Q(x − μ) into a scalar: a serial dependency chain per row,
/// strided through the column-major triangle. ADBench's <c>Qtimesx</c> writes the vector Q(x − μ): the diagonal first,
/// then column i of the triangle times (x − μ)ᵢ is added to entries i + 1 … d − 1 (a contiguous axpy), and the
/// squared norm last. That is the loop g++ vectorizes.
/// </remarks>
public static partial class GmmColumnwise
{
    /// <summary>The objective with ADBench's column-wise Q(x − μ), as a <c>[Differentiable]</c> method (scalar loops).</summary>
    [Differentiable]
    public static double Objective(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        [NoDerivative] ReadOnlySpan<double> x, int d, int k, [NoDerivative] double wishartGamma, int wishartM)
    {
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        Span<double> qdiags = stackalloc double[k * d];
        Span<double> sumQs = stackalloc double[k];
        for (int ik = 0; ik < k; ik++)
        {
            double sumQ = 0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                sumQ += q;
                qdiags[ik * d + id] = Math.Exp(q);
            }
            sumQs[ik] = sumQ;
        }

        Span<double> mainTerm = stackalloc double[k];
        Span<double> xc = stackalloc double[d];
        Span<double> qxc = stackalloc double[d];
        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            int shift = int.MinValue; // as in Gmm.Objective
            for (int ik = 0; ik < k; ik++)
            {
                for (int id = 0; id < d; id++) xc[id] = x[ix * d + id] - means[ik * d + id];
                for (int id = 0; id < d; id++) qxc[id] = qdiags[ik * d + id] * xc[id];
                // Column i of the strict lower triangle starts at d + i(2d − i − 1)/2; entry (j, i) is j − i − 1 further.
                for (int i = 0; i < d; i++)
                    for (int j = i + 1; j < d; j++) qxc[j] += icf[ik * icfSize + d + i * (2 * d - i - 1) / 2 + j - i - 1] * xc[i];
                double sq = 0;
                for (int id = 0; id < d; id++) sq += qxc[id] * qxc[id];
                double t = alphas[ik] + sumQs[ik] - 0.5 * sq;
                mainTerm[ik] = t;
                shift = Math.Max(shift, (int)Math.Floor(t));
            }
            double se = 0;
            for (int ik = 0; ik < k; ik++) se += Math.Exp(mainTerm[ik] - shift);
            slse += Math.Log(se) + shift;
        }

        return Gmm.Constant(d, n) + slse - n * Gmm.LogSumExp(alphas) + Gmm.WishartPrior(icf, qdiags, sumQs, d, k, wishartGamma, wishartM);
    }

    /// <summary>
    /// The same objective with the column-wise loops written as <see cref="TensorPrimitives"/> calls (not
    /// differentiable): what the generator's forward sweep could emit for these loops, i.e. what .NET reaches when
    /// the loops are vectorized. Uses a per-thread scratch buffer.
    /// </summary>
    public static double ObjectiveVectorized(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, int k, double wishartGamma, int wishartM)
    {
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        int needed = k * d + 2 * k + 2 * d;
        double[] scratch = t_scratch is { } cached && cached.Length >= needed ? cached : (t_scratch = new double[needed]);
        Span<double> qdiags = scratch.AsSpan(0, k * d);
        Span<double> sumQs = scratch.AsSpan(k * d, k);
        Span<double> mainTerm = scratch.AsSpan(k * d + k, k);
        Span<double> xc = scratch.AsSpan(k * d + 2 * k, d);
        Span<double> qxc = scratch.AsSpan(k * d + 2 * k + d, d);
        for (int ik = 0; ik < k; ik++)
        {
            ReadOnlySpan<double> logDiag = icf.Slice(ik * icfSize, d);
            sumQs[ik] = TensorPrimitives.Sum(logDiag);
            TensorPrimitives.Exp(logDiag, qdiags.Slice(ik * d, d));
        }

        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            ReadOnlySpan<double> point = x.Slice(ix * d, d);
            int shift = int.MinValue;
            for (int ik = 0; ik < k; ik++)
            {
                ReadOnlySpan<double> ltri = icf.Slice(ik * icfSize + d, icfSize - d);
                TensorPrimitives.Subtract(point, means.Slice(ik * d, d), xc);
                TensorPrimitives.Multiply(qdiags.Slice(ik * d, d), xc, qxc);
                int at = 0;
                for (int i = 0; i < d - 1; i++)
                {
                    int length = d - i - 1;
                    Span<double> tail = qxc.Slice(i + 1, length);
                    TensorPrimitives.MultiplyAdd(ltri.Slice(at, length), xc[i], tail, tail);
                    at += length;
                }
                double t = alphas[ik] + sumQs[ik] - 0.5 * TensorPrimitives.SumOfSquares(qxc);
                mainTerm[ik] = t;
                shift = Math.Max(shift, (int)Math.Floor(t));
            }
            double se = 0;
            for (int ik = 0; ik < k; ik++) se += Math.Exp(mainTerm[ik] - shift);
            slse += Math.Log(se) + shift;
        }

        return Gmm.Constant(d, n) + slse - n * Gmm.LogSumExp(alphas) + Gmm.WishartPrior(icf, qdiags, sumQs, d, k, wishartGamma, wishartM);
    }

    /// <summary>
    /// <see cref="Gmm.Objective"/>'s row-wise loop with the triangle's offset carried as a running index (each row of
    /// the column-major triangle is strided: the step from column i to i + 1 is d − i − 2) instead of the expression
    /// <c>d + i(2d − i − 3)/2 + j − 1</c>: the strength reduction alone, still scalar and serial (not differentiable).
    /// </summary>
    public static double ObjectiveRowwiseStrided(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, int k, double wishartGamma, int wishartM)
    {
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        Span<double> qdiags = stackalloc double[k * d];
        Span<double> sumQs = stackalloc double[k];
        Prepare(icf, d, k, qdiags, sumQs);
        Span<double> mainTerm = stackalloc double[k];
        Span<double> xc = stackalloc double[d];
        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            int shift = int.MinValue;
            for (int ik = 0; ik < k; ik++)
            {
                for (int id = 0; id < d; id++) xc[id] = x[ix * d + id] - means[ik * d + id];
                ReadOnlySpan<double> ltri = icf.Slice(ik * icfSize + d, icfSize - d);
                double sq = 0;
                for (int j = 0; j < d; j++)
                {
                    double s = qdiags[ik * d + j] * xc[j];
                    int at = j - 1; // entry (j, 0)
                    for (int i = 0; i < j; i++)
                    {
                        s += ltri[at] * xc[i];
                        at += d - i - 2;
                    }
                    sq += s * s;
                }
                double t = alphas[ik] + sumQs[ik] - 0.5 * sq;
                mainTerm[ik] = t;
                shift = Math.Max(shift, (int)Math.Floor(t));
            }
            double se = 0;
            for (int ik = 0; ik < k; ik++) se += Math.Exp(mainTerm[ik] - shift);
            slse += Math.Log(se) + shift;
        }
        return Gmm.Constant(d, n) + slse - n * Gmm.LogSumExp(alphas) + Gmm.WishartPrior(icf, qdiags, sumQs, d, k, wishartGamma, wishartM);
    }

    /// <summary>
    /// The column-wise objective with its loops written as inline <see cref="Vector512{T}"/> (or
    /// <see cref="Vector256{T}"/>) code, no bounds checks and no calls: the code a vectorizing generator would emit
    /// for the forward sweep, as g++ does (not differentiable; same rounding as g++'s in-order squared norm is not
    /// kept: the squared norm is summed lane-wise).
    /// </summary>
    public static double ObjectiveSimd(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, int k, double wishartGamma, int wishartM)
    {
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        Span<double> qdiags = stackalloc double[k * d];
        Span<double> sumQs = stackalloc double[k];
        Prepare(icf, d, k, qdiags, sumQs);
        Span<double> mainTerm = stackalloc double[k];
        Span<double> xc = stackalloc double[d];
        Span<double> qxc = stackalloc double[d];
        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            ReadOnlySpan<double> point = x.Slice(ix * d, d);
            int shift = int.MinValue;
            for (int ik = 0; ik < k; ik++)
            {
                ReadOnlySpan<double> mean = means.Slice(ik * d, d);
                ReadOnlySpan<double> qdiag = qdiags.Slice(ik * d, d);
                ReadOnlySpan<double> ltri = icf.Slice(ik * icfSize + d, icfSize - d);
                for (int id = 0; id < d; id++)
                {
                    double c = point[id] - mean[id];
                    xc[id] = c;
                    qxc[id] = qdiag[id] * c;
                }
                int at = 0;
                for (int i = 0; i < d - 1; i++)
                {
                    int length = d - i - 1;
                    Axpy(ltri.Slice(at, length), xc[i], qxc.Slice(i + 1, length));
                    at += length;
                }
                double t = alphas[ik] + sumQs[ik] - 0.5 * SumOfSquares(qxc);
                mainTerm[ik] = t;
                shift = Math.Max(shift, (int)Math.Floor(t));
            }
            double se = 0;
            for (int ik = 0; ik < k; ik++) se += Math.Exp(mainTerm[ik] - shift);
            slse += Math.Log(se) + shift;
        }
        return Gmm.Constant(d, n) + slse - n * Gmm.LogSumExp(alphas) + Gmm.WishartPrior(icf, qdiags, sumQs, d, k, wishartGamma, wishartM);
    }

    private static void Prepare(ReadOnlySpan<double> icf, int d, int k, Span<double> qdiags, Span<double> sumQs)
    {
        int icfSize = d * (d + 1) / 2;
        for (int ik = 0; ik < k; ik++)
        {
            double sumQ = 0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSize + id];
                sumQ += q;
                qdiags[ik * d + id] = Math.Exp(q);
            }
            sumQs[ik] = sumQ;
        }
    }

    /// <summary>y += a · s over the whole of y (a at least as long), 8 or 4 lanes at a time, scalar tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(ReadOnlySpan<double> a, double s, Span<double> y)
    {
        ref double ra = ref MemoryMarshal.GetReference(a);
        ref double ry = ref MemoryMarshal.GetReference(y);
        int length = y.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<double> vs = Vector512.Create(s);
            for (; i <= length - 8; i += 8)
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref ra, (nuint)i), vs, Vector512.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> vs = Vector256.Create(s);
            for (; i <= length - 4; i += 4)
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ra, (nuint)i), vs, Vector256.LoadUnsafe(ref ry, (nuint)i)).StoreUnsafe(ref ry, (nuint)i);
        }
        for (; i < length; i++) Unsafe.Add(ref ry, i) += Unsafe.Add(ref ra, i) * s;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double SumOfSquares(ReadOnlySpan<double> v)
    {
        ref double r = ref MemoryMarshal.GetReference(v);
        int length = v.Length, i = 0;
        double sum = 0;
        if (Vector512.IsHardwareAccelerated && length >= 8)
        {
            Vector512<double> acc = Vector512<double>.Zero;
            for (; i <= length - 8; i += 8)
            {
                Vector512<double> e = Vector512.LoadUnsafe(ref r, (nuint)i);
                acc = Vector512.FusedMultiplyAdd(e, e, acc);
            }
            sum = Vector512.Sum(acc);
        }
        for (; i < length; i++) sum += Unsafe.Add(ref r, i) * Unsafe.Add(ref r, i);
        return sum;
    }

    [ThreadStatic] private static double[]? t_scratch;
}
