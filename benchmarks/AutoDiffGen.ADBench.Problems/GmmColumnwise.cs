using System;
using System.Numerics.Tensors;

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

    [ThreadStatic] private static double[]? t_scratch;
}
