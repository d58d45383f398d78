using System;

namespace AutoDiffGen.ADBench;

/// <summary>
/// ADBench's Gaussian mixture model objective: the log-likelihood of <c>n</c> points of dimension
/// <c>d</c> under <c>k</c> components (log-sum-exp over components), plus the log Wishart prior.
/// </summary>
/// <remarks>
/// Layout as ADBench: <c>alphas</c> (k unnormalised log weights), <c>means</c> (k×d), <c>icf</c> (k × d(d+1)/2: the
/// logs of the diagonal of the inverse-covariance Cholesky factor Q, then its strictly lower triangle column by
/// column), <c>x</c> (n×d). The Mahalanobis term ‖Q(x − μ)‖² is accumulated row by row of Q, so no vector Qx is
/// ever written: each row is one scalar, which is what keeps the reverse sweep's records small.
/// </remarks>
public static partial class Gmm
{
    /// <summary>
    /// The objective in one body: the point loop is inline, so the generated gradient runs one forward sweep (recording
    /// what the reverse needs on the per-thread tape) and one reverse sweep. Its Hessian-vector product (forward over that
    /// reverse sweep) is measured against the gradient in the benchmark project (issue 16).
    /// </summary>
    [Differentiable(Derivatives.Reverse | Derivatives.Hessian)]
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
        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            // The log-sum-exp shift: the integer part of the largest term. An integer is a constant to the generator,
            // so the shift costs the reverse sweep nothing, and log Σ exp(tₖ − shift) + shift is exact for any
            // shift (its derivative in the shift is zero); the largest exp(tₖ − shift) lies in [1, e), so nothing
            // overflows and the sum never underflows.
            int shift = int.MinValue;
            for (int ik = 0; ik < k; ik++)
            {
                // x − μ once per point and component: d values recorded per pair, against d²/2 subtractions saved in
                // each sweep (measured faster from d = 10 on, a little slower at d = 2).
                for (int id = 0; id < d; id++) xc[id] = x[ix * d + id] - means[ik * d + id];
                double sq = 0;
                for (int j = 0; j < d; j++)
                {
                    // Row j of Q (x − μ). Offsets are written out rather than kept in integer locals: an integer local
                    // overwritten in the loop is recorded on the tape, an expression of the counters is recomputed.
                    double s = qdiags[ik * d + j] * xc[j];
                    // Entry (j, i) of the strict lower triangle, stored column by column, is at d + i(2d − i − 3)/2 + j − 1.
                    for (int i = 0; i < j; i++) s += icf[ik * icfSize + d + i * (2 * d - i - 3) / 2 + j - 1] * xc[i];
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

        return Constant(d, n) + slse - n * LogSumExp(alphas) + WishartPrior(icf, qdiags, sumQs, d, k, wishartGamma, wishartM);
    }

    /// <summary>
    /// The same objective with the per-point log-sum-exp in its own differentiable method (ADBench's "split" form):
    /// the generated gradient calls <see cref="PointLogSumExpBackward"/> once per point in its reverse sweep, which
    /// recomputes that point's forward pass, so the tape never holds more than one point.
    /// </summary>
    [Differentiable]
    public static double ObjectiveSplit(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
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

        double slse = 0;
        for (int ix = 0; ix < n; ix++) slse += PointLogSumExp(alphas, means, icf, qdiags, sumQs, x.Slice(ix * d, d), d, k);

        return Constant(d, n) + slse - n * LogSumExp(alphas) + WishartPrior(icf, qdiags, sumQs, d, k, wishartGamma, wishartM);
    }

    /// <summary>log p(Q₁…Qₖ) under the Wishart prior, up to what ADBench drops; <c>qdiags</c> = exp of the log-diagonals.</summary>
    [Differentiable]
    public static double WishartPrior(ReadOnlySpan<double> icf, ReadOnlySpan<double> qdiags, ReadOnlySpan<double> sumQs,
        int d, int k, [NoDerivative] double wishartGamma, int wishartM)
    {
        int icfSize = d * (d + 1) / 2;
        double prior = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = 0;
            for (int id = 0; id < d; id++) frobenius += qdiags[ik * d + id] * qdiags[ik * d + id];
            for (int j = d; j < icfSize; j++) frobenius += icf[ik * icfSize + j] * icf[ik * icfSize + j];
            prior += 0.5 * wishartGamma * wishartGamma * frobenius - wishartM * sumQs[ik];
        }
        return prior - k * WishartConstant(d, wishartGamma, wishartM);
    }

    /// <summary>log Σₖ exp(αₖ + Σ log diag Qₖ − ½‖Qₖ(x − μₖ)‖²) for one point x.</summary>
    [Differentiable]
    public static double PointLogSumExp(ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> qdiags, ReadOnlySpan<double> sumQs, [NoDerivative] ReadOnlySpan<double> point, int d, int k)
    {
        int icfSize = d * (d + 1) / 2;
        Span<double> mainTerm = stackalloc double[k];
        Span<double> xc = stackalloc double[d];
        int shift = int.MinValue; // as in Objective
        for (int ik = 0; ik < k; ik++)
        {
            for (int id = 0; id < d; id++) xc[id] = point[id] - means[ik * d + id];
            double sq = 0;
            for (int j = 0; j < d; j++)
            {
                double s = qdiags[ik * d + j] * xc[j];
                for (int i = 0; i < j; i++) s += icf[ik * icfSize + d + i * (2 * d - i - 3) / 2 + j - 1] * xc[i];
                sq += s * s;
            }
            double t = alphas[ik] + sumQs[ik] - 0.5 * sq;
            mainTerm[ik] = t;
            shift = Math.Max(shift, (int)Math.Floor(t));
        }
        double se = 0;
        for (int ik = 0; ik < k; ik++) se += Math.Exp(mainTerm[ik] - shift);
        return Math.Log(se) + shift;
    }

    /// <summary>log Σ exp(vᵢ), max-subtracted.</summary>
    [Differentiable]
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        double mx = v[0];
        for (int i = 1; i < v.Length; i++) mx = Math.Max(mx, v[i]);
        double se = 0;
        for (int i = 0; i < v.Length; i++) se += Math.Exp(v[i] - mx);
        return Math.Log(se) + mx;
    }

    /// <summary>−n d ½ log 2π.</summary>
    public static double Constant(int d, int n) => -n * d * 0.5 * Math.Log(2 * Math.PI);

    /// <summary>The prior's per-component constant C = n p (log γ − ½ log 2) − log Γₚ(n/2), with n = p + m + 1.</summary>
    public static double WishartConstant(int d, double wishartGamma, int wishartM)
    {
        int nw = d + wishartM + 1;
        return nw * d * (Math.Log(wishartGamma) - 0.5 * Math.Log(2)) - LogMultiGamma(0.5 * nw, d);
    }

    /// <summary>log Γₚ(a) = p(p−1)/4 log π + Σⱼ log Γ(a + (1 − j)/2).</summary>
    public static double LogMultiGamma(double a, int p)
    {
        double result = 0.25 * p * (p - 1) * Math.Log(Math.PI);
        for (int j = 1; j <= p; j++) result += LogGammaHalfInteger(a + 0.5 * (1 - j));
        return result;
    }

    /// <summary>log Γ(a) exactly, for a positive multiple of ½ (the only arguments the prior produces).</summary>
    public static double LogGammaHalfInteger(double a)
    {
        double twice = 2 * a;
        if (a <= 0 || twice != Math.Floor(twice)) throw new ArgumentOutOfRangeException(nameof(a), a, "a must be a positive multiple of 1/2.");
        double result = 0;
        if (Math.Floor(a) == a)
        {
            for (int i = 2; i < (int)a; i++) result += Math.Log(i); // Γ(a) = (a − 1)!
            return result;
        }
        // Γ(a) = √π · Πᵢ (i + ½) for i = 0 … a − 3/2.
        result = 0.5 * Math.Log(Math.PI);
        for (double v = 0.5; v < a - 0.25; v += 1) result += Math.Log(v);
        return result;
    }
}
