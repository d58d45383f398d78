#pragma once

#include <cstddef>

#include "gmm_data.h"

namespace adbench {

struct AdolcResult {
    double tapeSeconds = 0;      // one taping of the objective (not part of the gradient time)
    double gradientSeconds = 0;  // minimum per call of gradient() by the timing rule
    double tapedValue = 0;       // the objective's value recorded while taping
    size_t operations = 0;       // operations on the tape
    bool spilled = false;        // a tape or the Taylor stack went to files (the time then includes file I/O)
    int batches = 0, repetitions = 0;
};

// Tapes the objective once and times ADOL-C's gradient() on the tape; grad receives (d alphas, d means, d icf).
AdolcResult AdolcGradient(const GmmInstance& g, double* grad, double budgetSeconds);

} // namespace adbench
