using System;

namespace AutoDiffGen.ADBench;

public static partial class Gmm
{
    /// <summary>
    /// ADBench's <c>gmm_objective</c> as ADBench writes it (<c>gmm.h</c>): <c>vector&lt;T&gt;</c> buffers as local arrays,
    /// and the helpers <c>preprocess_qs</c>, <c>subtract</c>, <c>Qtimesx</c>, <c>sqnorm</c>, <c>log_sum_exp</c> and
    /// <c>log_wishart_prior</c> with their loops bounded by <c>d</c> and <c>k</c>. <c>Qtimesx</c> fills its output up to
    /// <c>d</c> and then adds into it, so its output is in-out; the generator differentiates it as written.
    /// </summary>
    [Differentiable]
    public static double ObjectiveAsWritten(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        [NoDerivative] ReadOnlySpan<double> x, int d, int k, [NoDerivative] double wishartGamma, int wishartM)
    {
        int n = x.Length / d;
        int icfSz = d * (d + 1) / 2;
        double[] qdiags = new double[d * k];
        double[] sumQs = new double[k];
        double[] xcentered = new double[d];
        double[] qxcentered = new double[d];
        double[] mainTerm = new double[k];
        PreprocessQs(d, k, icf, sumQs, qdiags);
        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                Subtract(d, x.Slice(ix * d, d), means.Slice(ik * d, d), xcentered);
                Qtimesx(d, qdiags.AsSpan(ik * d, d), icf.Slice(ik * icfSz + d, icfSz - d), xcentered, qxcentered);
                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * Sqnorm(d, qxcentered);
            }
            slse = slse + LogSumExp(mainTerm);
        }
        double lseAlphas = LogSumExp(alphas);
        return Constant(d, n) + slse - n * lseAlphas + LogWishartPrior(d, k, wishartGamma, wishartM, sumQs, qdiags, icf);
    }

    /// <summary>ADBench's <c>preprocess_qs</c>: Σ log-diagonal and exp of the log-diagonal, per component.</summary>
    [Differentiable]
    public static void PreprocessQs(int d, int k, ReadOnlySpan<double> icf, Span<double> sumQs, Span<double> qdiags)
    {
        int icfSz = d * (d + 1) / 2;
        for (int ik = 0; ik < k; ik++)
        {
            sumQs[ik] = 0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSz + id];
                sumQs[ik] = sumQs[ik] + q;
                qdiags[ik * d + id] = Math.Exp(q);
            }
        }
    }

    /// <summary>ADBench's <c>subtract</c>: out = x − y over the first d elements.</summary>
    [Differentiable]
    public static void Subtract(int d, [NoDerivative] ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> output)
    {
        for (int id = 0; id < d; id++) output[id] = x[id] - y[id];
    }

    /// <summary>ADBench's <c>Qtimesx</c>: out = Q x with Q = diag(qdiag) + strictly lower ltri, stored column by column.</summary>
    [Differentiable]
    public static void Qtimesx(int d, ReadOnlySpan<double> qdiag, ReadOnlySpan<double> ltri, ReadOnlySpan<double> x, Span<double> output)
    {
        for (int id = 0; id < d; id++) output[id] = qdiag[id] * x[id];
        int lparamsidx = 0;
        for (int i = 0; i < d; i++)
        {
            for (int j = i + 1; j < d; j++)
            {
                output[j] += ltri[lparamsidx] * x[i];
                lparamsidx++;
            }
        }
    }

    /// <summary>ADBench's <c>sqnorm</c> over the first n elements.</summary>
    [Differentiable]
    public static double Sqnorm(int n, ReadOnlySpan<double> x)
    {
        double res = x[0] * x[0];
        for (int i = 1; i < n; i++) res = res + x[i] * x[i];
        return res;
    }

    /// <summary>ADBench's <c>log_wishart_prior</c>.</summary>
    [Differentiable]
    public static double LogWishartPrior(int p, int k, [NoDerivative] double wishartGamma, int wishartM, ReadOnlySpan<double> sumQs,
        ReadOnlySpan<double> qdiags, ReadOnlySpan<double> icf)
    {
        int icfSz = p * (p + 1) / 2;
        double c = WishartConstant(p, wishartGamma, wishartM);
        double output = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = Sqnorm(p, qdiags.Slice(ik * p, p)) + (icfSz > p ? Sqnorm(icfSz - p, icf.Slice(ik * icfSz + p, icfSz - p)) : 0);
            output = output + 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[ik];
        }
        return output - k * c;
    }
}
