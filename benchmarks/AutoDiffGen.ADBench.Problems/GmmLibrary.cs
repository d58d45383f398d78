using System;

namespace AutoDiffGen.ADBench;

/// <summary>
/// The GMM objective written with the runtime library, as a .NET engineer who has it would write ADBench's C++: x − μ as
/// a loop, Q(x − μ) as <see cref="Linear.TriangularMultiply(ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/>
/// (ADBench's <c>Qtimesx</c>: the diagonal, then the strict lower triangle column by column, vectorized), and its squared
/// norm as <see cref="Vectors.Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>. Same function as <see cref="Gmm.Objective"/>;
/// the generated gradient calls the library's pullbacks for the two calls.
/// </summary>
public static partial class GmmLibrary
{
    /// <summary>The objective, <c>[Differentiable]</c>, with the product and the norm as runtime-library calls.</summary>
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
                Linear.TriangularMultiply(qdiags.Slice(ik * d, d), icf.Slice(ik * icfSize + d, icfSize - d), xc, qxc);
                double t = alphas[ik] + sumQs[ik] - 0.5 * Vectors.Dot(qxc, qxc);
                mainTerm[ik] = t;
                shift = Math.Max(shift, (int)Math.Floor(t));
            }
            double se = 0;
            for (int ik = 0; ik < k; ik++) se += Math.Exp(mainTerm[ik] - shift);
            slse += Math.Log(se) + shift;
        }

        return Gmm.Constant(d, n) + slse - n * Gmm.LogSumExp(alphas) + Gmm.WishartPrior(icf, qdiags, sumQs, d, k, wishartGamma, wishartM);
    }
}
