// The double instance of the objective in its own translation unit, so the timing loop cannot see through it.
#include "gmm.h"

namespace adbench {

double GmmObjectiveDouble(int d, int k, int n, const double* alphas, const double* means, const double* icf,
                          const double* x, double gamma, int m) {
    return GmmObjective<double>(d, k, n, alphas, means, icf, x, gamma, m);
}

} // namespace adbench
