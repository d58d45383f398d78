// ADBench's GMM objective (gmm_objective in ADBench's C++ sources), written here from its definition: the same
// operations in the same order, templated on the scalar type so that ADOL-C's adouble tapes exactly this code, as
// ADBench's ADOL-C runner does.
//
//   f = sum_i logsumexp_k( alpha_k + sum(q_k) - 1/2 |Q_k (x_i - mu_k)|^2 ) - n logsumexp(alpha) - n d/2 log(2 pi)
//       + sum_k ( gamma^2/2 (|exp(q_k)|^2 + |L_k|^2) - m sum(q_k) ) - k C(d, gamma, m)
//
// Layout: alphas (k), means (k*d), icf (k * d(d+1)/2: q = log-diagonal of Q, then the strict lower triangle L of Q
// column by column), x (n*d). Q x is accumulated column by column (ADBench's Qtimesx), which is what g++ vectorizes.
#pragma once

#include <cmath>
#include <vector>

namespace adbench {

constexpr double Pi = 3.14159265358979323846;

// log of the multivariate gamma function Gamma_p(a), with lgamma as ADBench does.
inline double LogMultiGamma(double a, int p) {
    double result = 0.25 * p * (p - 1) * std::log(Pi);
    for (int j = 1; j <= p; j++) result += std::lgamma(a + 0.5 * (1 - j));
    return result;
}

template <typename T>
T MaxOf(int count, const T* v) {
    T best = v[0];
    for (int i = 1; i < count; i++)
        if (v[i] > best) best = v[i];
    return best;
}

template <typename T>
T SquaredNorm(int count, const T* v) {
    T sum = v[0] * v[0];
    for (int i = 1; i < count; i++) sum = sum + v[i] * v[i];
    return sum;
}

template <typename T>
T LogSumExp(int count, const T* v) {
    using std::exp;
    using std::log;
    T mx = MaxOf(count, v);
    T sum = 0.;
    for (int i = 0; i < count; i++) sum = sum + exp(v[i] - mx);
    return log(sum) + mx;
}

// sum_qs[k] = sum of the log-diagonal of Q_k; qdiags[k*d + j] = exp of it (the diagonal itself).
template <typename T>
void PrepareDiagonals(int d, int k, const T* icf, T* sumQs, T* qdiags) {
    using std::exp;
    int icfSize = d * (d + 1) / 2;
    for (int ik = 0; ik < k; ik++) {
        sumQs[ik] = 0.;
        for (int id = 0; id < d; id++) {
            T q = icf[ik * icfSize + id];
            sumQs[ik] = sumQs[ik] + q;
            qdiags[ik * d + id] = exp(q);
        }
    }
}

// out = Q v for Q = diag(qdiag) + strictly lower L (entries column by column): the diagonal first, then each
// column i of L scaled by v[i] is added to out[i+1..d) (an axpy over a contiguous slice of ltri).
template <typename T>
void LowerTimes(int d, const T* qdiag, const T* ltri, const T* v, T* out) {
    for (int id = 0; id < d; id++) out[id] = qdiag[id] * v[id];
    int at = 0;
    for (int i = 0; i < d; i++)
        for (int j = i + 1; j < d; j++) {
            out[j] = out[j] + ltri[at] * v[i];
            at++;
        }
}

template <typename T>
T LogWishartPrior(int d, int k, double gamma, int m, const T* sumQs, const T* qdiags, const T* icf) {
    int nw = d + m + 1;
    int icfSize = d * (d + 1) / 2;
    double c = nw * d * (std::log(gamma) - 0.5 * std::log(2.0)) - LogMultiGamma(0.5 * nw, d);
    T prior = 0.;
    for (int ik = 0; ik < k; ik++) {
        T frobenius = SquaredNorm(d, &qdiags[ik * d]) + SquaredNorm(icfSize - d, &icf[ik * icfSize + d]);
        prior = prior + 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
    }
    return prior - k * c;
}

// The objective, as ADBench's gmm_objective (scratch vectors allocated per call, as there).
template <typename T>
T GmmObjective(int d, int k, int n, const T* alphas, const T* means, const T* icf, const double* x,
               double gamma, int m) {
    const double constant = -n * d * 0.5 * std::log(2 * Pi);
    int icfSize = d * (d + 1) / 2;
    std::vector<T> qdiags(static_cast<size_t>(d) * k), sumQs(k), xc(d), qxc(d), mainTerm(k);
    PrepareDiagonals(d, k, icf, sumQs.data(), qdiags.data());
    T slse = 0.;
    for (int ix = 0; ix < n; ix++) {
        for (int ik = 0; ik < k; ik++) {
            for (int id = 0; id < d; id++) xc[id] = x[ix * d + id] - means[ik * d + id];
            LowerTimes(d, &qdiags[ik * d], &icf[ik * icfSize + d], xc.data(), qxc.data());
            mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * SquaredNorm(d, qxc.data());
        }
        slse = slse + LogSumExp(k, mainTerm.data());
    }
    T lseAlphas = LogSumExp(k, alphas);
    T result = constant + slse - n * lseAlphas;
    return result + LogWishartPrior(d, k, gamma, m, sumQs.data(), qdiags.data(), icf);
}

// GmmObjective<double>, compiled in its own translation unit (gmm_objective.cpp).
double GmmObjectiveDouble(int d, int k, int n, const double* alphas, const double* means, const double* icf,
                          const double* x, double gamma, int m);

// ADBench's manual gradient (gmm_objective_d): returns the objective and overwrites grad = (d alphas, d means, d icf).
double GmmManualGradient(int d, int k, int n, const double* alphas, const double* means, const double* icf,
                         const double* x, double gamma, int m, double* grad);

} // namespace adbench
