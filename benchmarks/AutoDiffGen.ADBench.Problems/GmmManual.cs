using System;

namespace AutoDiffGen.ADBench;

/// <summary>
/// A hand-written GMM gradient (this project's "Manual" column): one pass over the points computes, per point, every
/// component's Qₖ(x − μₖ), the log-sum-exp and its softmax weights, and accumulates the gradient right away, the way
/// ADBench's manual C++ does. Scratch lives in a per-thread buffer, so a warm call allocates nothing.
/// </summary>
public static class GmmManual
{
    [ThreadStatic] private static double[]? s_scratch;

    /// <summary>
    /// The objective written for speed rather than for differentiation, as ADBench's C++ <c>gmm_objective</c>: Q(x − μ)
    /// is accumulated column by column of the stored triangle (contiguous, no dependency chain), in per-thread scratch.
    /// The "Manual" ratio divides the hand-written gradient by this.
    /// </summary>
    public static double Objective(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, int k, double wishartGamma, int wishartM)
    {
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        int needed = k * d * 3 + k * 2;
        double[] scratch = s_scratch is { } cached && cached.Length >= needed ? cached : (s_scratch = new double[needed]);
        Span<double> qdiags = scratch.AsSpan(0, k * d);
        Span<double> qx = scratch.AsSpan(k * d, d);
        Span<double> sumQs = scratch.AsSpan(3 * k * d, k);
        Span<double> mainTerm = scratch.AsSpan(3 * k * d + k, k);
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

        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            ReadOnlySpan<double> point = x.Slice(ix * d, d);
            double mx = double.NegativeInfinity;
            for (int ik = 0; ik < k; ik++)
            {
                ReadOnlySpan<double> mean = means.Slice(ik * d, d);
                ReadOnlySpan<double> qdiag = qdiags.Slice(ik * d, d);
                ReadOnlySpan<double> ltri = icf.Slice(ik * icfSize + d, icfSize - d);
                for (int id = 0; id < d; id++) qx[id] = qdiag[id] * (point[id] - mean[id]);
                int idx = 0;
                for (int i = 0; i < d; i++)
                {
                    double xci = point[i] - mean[i];
                    for (int j = i + 1; j < d; j++) qx[j] += ltri[idx++] * xci;
                }
                double sq = 0;
                for (int id = 0; id < d; id++) sq += qx[id] * qx[id];
                double t = alphas[ik] + sumQs[ik] - 0.5 * sq;
                mainTerm[ik] = t;
                if (t > mx) mx = t;
            }
            double se = 0;
            for (int ik = 0; ik < k; ik++) se += Math.Exp(mainTerm[ik] - mx);
            slse += Math.Log(se) + mx;
        }

        double amx = double.NegativeInfinity;
        for (int ik = 0; ik < k; ik++) if (alphas[ik] > amx) amx = alphas[ik];
        double ase = 0;
        for (int ik = 0; ik < k; ik++) ase += Math.Exp(alphas[ik] - amx);
        double lseAlphas = Math.Log(ase) + amx;

        double g2 = wishartGamma * wishartGamma;
        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++) frobenius += qdiags[ik * d + id] * qdiags[ik * d + id];
            for (int j = ik * icfSize + d; j < (ik + 1) * icfSize; j++) frobenius += icf[j] * icf[j];
            prior += 0.5 * g2 * frobenius - wishartM * sumQs[ik];
        }
        prior -= k * Gmm.WishartConstant(d, wishartGamma, wishartM);
        return Gmm.Constant(d, n) + slse - n * lseAlphas + prior;
    }

    /// <summary>Returns the objective of <see cref="Gmm.Objective"/> and overwrites the three gradients.</summary>
    public static double Gradient(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, int k, double wishartGamma, int wishartM,
        Span<double> dAlphas, Span<double> dMeans, Span<double> dIcf)
    {
        int n = x.Length / d;
        int icfSize = d * (d + 1) / 2;
        int needed = k * d * 3 + k * 2;
        double[] scratch = s_scratch is { } cached && cached.Length >= needed ? cached : (s_scratch = new double[needed]);
        Span<double> qdiags = scratch.AsSpan(0, k * d);
        Span<double> xcs = scratch.AsSpan(k * d, k * d);
        Span<double> qxs = scratch.AsSpan(2 * k * d, k * d);
        Span<double> sumQs = scratch.AsSpan(3 * k * d, k);
        Span<double> mainTerm = scratch.AsSpan(3 * k * d + k, k);

        dAlphas.Clear();
        dMeans.Clear();
        dIcf.Clear();
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

        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            ReadOnlySpan<double> point = x.Slice(ix * d, d);
            double mx = double.NegativeInfinity;
            for (int ik = 0; ik < k; ik++)
            {
                ReadOnlySpan<double> mean = means.Slice(ik * d, d);
                ReadOnlySpan<double> qdiag = qdiags.Slice(ik * d, d);
                ReadOnlySpan<double> ltri = icf.Slice(ik * icfSize + d, icfSize - d);
                Span<double> xc = xcs.Slice(ik * d, d);
                Span<double> qx = qxs.Slice(ik * d, d);
                for (int id = 0; id < d; id++)
                {
                    xc[id] = point[id] - mean[id];
                    qx[id] = qdiag[id] * xc[id];
                }
                int idx = 0;
                for (int i = 0; i < d; i++)
                {
                    double xci = xc[i];
                    for (int j = i + 1; j < d; j++) qx[j] += ltri[idx++] * xci;
                }
                double sq = 0;
                for (int id = 0; id < d; id++) sq += qx[id] * qx[id];
                double t = alphas[ik] + sumQs[ik] - 0.5 * sq;
                mainTerm[ik] = t;
                if (t > mx) mx = t;
            }
            double se = 0;
            for (int ik = 0; ik < k; ik++) se += Math.Exp(mainTerm[ik] - mx);
            double lse = Math.Log(se) + mx;
            slse += lse;

            for (int ik = 0; ik < k; ik++)
            {
                // Posterior weight of component k for this point: ∂lse/∂mainTerm[k].
                double w = Math.Exp(mainTerm[ik] - lse);
                dAlphas[ik] += w;
                ReadOnlySpan<double> qdiag = qdiags.Slice(ik * d, d);
                ReadOnlySpan<double> ltri = icf.Slice(ik * icfSize + d, icfSize - d);
                ReadOnlySpan<double> xc = xcs.Slice(ik * d, d);
                ReadOnlySpan<double> qx = qxs.Slice(ik * d, d);
                Span<double> dq = dIcf.Slice(ik * icfSize, d);
                Span<double> dl = dIcf.Slice(ik * icfSize + d, icfSize - d);
                Span<double> dm = dMeans.Slice(ik * d, d);
                int idx = 0;
                for (int i = 0; i < d; i++)
                {
                    // ∂(−½‖Qxc‖²): diagonal (through exp), strict lower triangle, and Qᵀ(Qxc) for the mean.
                    double wqxi = w * qx[i];
                    dq[i] += w - wqxi * xc[i] * qdiag[i];
                    double back = qdiag[i] * wqxi;
                    double wxci = w * xc[i];
                    for (int j = i + 1; j < d; j++)
                    {
                        back += ltri[idx] * w * qx[j];
                        dl[idx] -= wxci * qx[j];
                        idx++;
                    }
                    dm[i] += back;
                }
            }
        }

        // −n · logsumexp(α).
        double amx = double.NegativeInfinity;
        for (int ik = 0; ik < k; ik++) if (alphas[ik] > amx) amx = alphas[ik];
        double ase = 0;
        for (int ik = 0; ik < k; ik++) ase += Math.Exp(alphas[ik] - amx);
        double lseAlphas = Math.Log(ase) + amx;
        for (int ik = 0; ik < k; ik++) dAlphas[ik] -= n * Math.Exp(alphas[ik] - lseAlphas);

        // Wishart prior: ½γ²(‖exp q‖² + ‖L‖²) − m Σq.
        double g2 = wishartGamma * wishartGamma;
        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++)
            {
                double qd = qdiags[ik * d + id];
                frobenius += qd * qd;
                dIcf[ik * icfSize + id] += g2 * qd * qd - wishartM;
            }
            for (int j = ik * icfSize + d; j < (ik + 1) * icfSize; j++)
            {
                frobenius += icf[j] * icf[j];
                dIcf[j] += g2 * icf[j];
            }
            prior += 0.5 * g2 * frobenius - wishartM * sumQs[ik];
        }
        prior -= k * Gmm.WishartConstant(d, wishartGamma, wishartM);

        return Gmm.Constant(d, n) + slse - n * lseAlphas + prior;
    }
}
