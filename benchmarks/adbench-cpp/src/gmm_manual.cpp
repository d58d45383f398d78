// ADBench's "Manual" GMM gradient (gmm_objective_d), written here from its algorithm: for every point, each
// component's partial derivatives of its main term are formed in per-component buffers (Q^T Q (x - mu) for the
// mean, 1 - Qdiag xc Qxc for the log-diagonal, -xc_i (Qxc)_j for the triangle), the point's log-sum-exp gives the
// softmax weights, and each buffer is added to the gradient times its weight. The constant terms (log-sum-exp of the
// alphas, the Wishart prior) are differentiated at the end.
#include <algorithm>
#include <cmath>
#include <vector>

#include "gmm.h"

namespace adbench {

namespace {

// out = Q^T v: out[i] = qdiag[i] v[i] + (column i of L) . v[i+1..d)  (a contiguous dot product per column).
void LowerTransposeTimes(int d, const double* qdiag, const double* ltri, const double* v, double* out) {
    int at = 0;
    for (int i = 0; i < d; i++) {
        double sum = qdiag[i] * v[i];
        for (int j = i + 1; j < d; j++) {
            sum += ltri[at] * v[j];
            at++;
        }
        out[i] = sum;
    }
}

// log-sum-exp of v, and weights[i] = d lse / d v[i] = exp(v[i] - lse) (the softmax), max-subtracted.
double LogSumExpWithWeights(int count, const double* v, double* weights) {
    double mx = MaxOf(count, v);
    double sum = 0.;
    for (int i = 0; i < count; i++) {
        weights[i] = std::exp(v[i] - mx);
        sum += weights[i];
    }
    for (int i = 0; i < count; i++) weights[i] /= sum;
    return std::log(sum) + mx;
}

} // namespace

double GmmManualGradient(int d, int k, int n, const double* alphas, const double* means, const double* icf,
                         const double* x, double gamma, int m, double* grad) {
    const double constant = -n * d * 0.5 * std::log(2 * Pi);
    const int icfSize = d * (d + 1) / 2;
    const int lowerSize = icfSize - d;
    std::vector<double> qdiags(static_cast<size_t>(d) * k), sumQs(k), mainTerm(k), weights(k), xc(d), qxc(d);
    std::vector<double> meanPartials(static_cast<size_t>(d) * k), diagPartials(static_cast<size_t>(d) * k),
        lowerPartials(static_cast<size_t>(lowerSize) * k);
    PrepareDiagonals(d, k, icf, sumQs.data(), qdiags.data());

    const int paramCount = k + d * k + icfSize * k;
    std::fill(grad, grad + paramCount, 0.0);
    double* dAlphas = grad;
    double* dMeans = grad + k;
    double* dIcf = grad + k + d * k;

    double slse = 0.;
    for (int ix = 0; ix < n; ix++) {
        const double* point = &x[static_cast<size_t>(ix) * d];
        for (int ik = 0; ik < k; ik++) {
            const double* qdiag = &qdiags[ik * d];
            const double* ltri = &icf[ik * icfSize + d];
            for (int id = 0; id < d; id++) xc[id] = point[id] - means[ik * d + id];
            LowerTimes(d, qdiag, ltri, xc.data(), qxc.data());
            LowerTransposeTimes(d, qdiag, ltri, qxc.data(), &meanPartials[ik * d]);
            for (int id = 0; id < d; id++) diagPartials[ik * d + id] = 1. - qdiag[id] * xc[id] * qxc[id];
            double* lower = &lowerPartials[static_cast<size_t>(ik) * lowerSize];
            int at = 0;
            for (int i = 0; i < d; i++)
                for (int j = i + 1; j < d; j++) lower[at++] = -xc[i] * qxc[j];
            mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * SquaredNorm(d, qxc.data());
        }
        slse += LogSumExpWithWeights(k, mainTerm.data(), weights.data());
        for (int ik = 0; ik < k; ik++) {
            double w = weights[ik];
            dAlphas[ik] += w;
            for (int id = 0; id < d; id++) {
                dMeans[ik * d + id] += meanPartials[ik * d + id] * w;
                dIcf[ik * icfSize + id] += diagPartials[ik * d + id] * w;
            }
            const double* lower = &lowerPartials[static_cast<size_t>(ik) * lowerSize];
            for (int j = 0; j < lowerSize; j++) dIcf[ik * icfSize + d + j] += lower[j] * w;
        }
    }

    double lseAlphas = LogSumExpWithWeights(k, alphas, weights.data());
    for (int ik = 0; ik < k; ik++) {
        dAlphas[ik] -= n * weights[ik];
        for (int id = 0; id < d; id++)
            dIcf[ik * icfSize + id] += gamma * gamma * qdiags[ik * d + id] * qdiags[ik * d + id] - m;
        for (int j = d; j < icfSize; j++) dIcf[ik * icfSize + j] += gamma * gamma * icf[ik * icfSize + j];
    }
    double result = constant + slse - n * lseAlphas;
    return result + LogWishartPrior(d, k, gamma, m, sumQs.data(), qdiags.data(), icf);
}

} // namespace adbench
