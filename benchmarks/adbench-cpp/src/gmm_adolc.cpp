// ADOL-C's gradient of the same objective, as ADBench's ADOL-C runner measures it: the objective (gmm.h, with
// T = adouble) is taped once with the instance's values, then the timed call is ADOL-C's gradient() driver on that
// tape (a zero-order forward sweep that keeps the Taylor values, then a first-order reverse sweep). Taping is timed
// separately and is not part of the gradient time, as in ADBench.
#include "gmm_adolc.h"

#include <adolc/adolc.h>

#include <cstdio>
#include <vector>

#include "gmm.h"
#include "timing.h"

namespace adbench {

namespace {
constexpr short Tag = 1;

// Buffer sizes (elements) large enough to keep the whole tape in memory: the operation count of the objective is
// about n k (d^2 + 4d + 10) plus small terms; locations are at most 4 per operation. A tape that did not fit would be
// written to files by ADOL-C and the gradient would then include file I/O: AdolcResult.spilled reports it.
struct Buffers {
    unsigned ops, locations, values, taylors;
};

Buffers BuffersFor(const GmmInstance& g) {
    double perPair = static_cast<double>(g.d) * g.d + 8.0 * g.d + 16;
    double ops = static_cast<double>(g.n) * g.k * perPair + 8.0 * g.k * (g.d * g.d + 4 * g.d) + 4096;
    auto clampU = [](double v) { return static_cast<unsigned>(std::min(v, 4.0e9)); };
    return {clampU(ops * 1.25), clampU(ops * 4.0), clampU(ops * 1.25), clampU(ops * 1.25)};
}
} // namespace

AdolcResult AdolcGradient(const GmmInstance& g, double* grad, double budgetSeconds) {
    AdolcResult result;
    const int paramCount = g.ParameterCount();
    std::vector<double> in(paramCount);
    std::copy(g.alphas.begin(), g.alphas.end(), in.begin());
    std::copy(g.means.begin(), g.means.end(), in.begin() + g.alphas.size());
    std::copy(g.icf.begin(), g.icf.end(), in.begin() + g.alphas.size() + g.means.size());

    Buffers b = BuffersFor(g);
    double start = ThreadCpuSeconds();
    {
        std::vector<adouble> aAlphas(g.alphas.size()), aMeans(g.means.size()), aIcf(g.icf.size());
        trace_on(Tag, 0, b.ops, b.locations, b.values, b.taylors);
        for (size_t i = 0; i < g.alphas.size(); i++) aAlphas[i] <<= g.alphas[i];
        for (size_t i = 0; i < g.means.size(); i++) aMeans[i] <<= g.means[i];
        for (size_t i = 0; i < g.icf.size(); i++) aIcf[i] <<= g.icf[i];
        adouble value = GmmObjective<adouble>(g.d, g.k, g.n, aAlphas.data(), aMeans.data(), aIcf.data(), g.x.data(),
                                              g.wishartGamma, g.wishartM);
        value >>= result.tapedValue;
        trace_off();
    }
    result.tapeSeconds = ThreadCpuSeconds() - start;

    size_t stats[STAT_SIZE];
    tapestats(Tag, stats);
    result.operations = stats[NUM_OPERATIONS];
    result.spilled = stats[OP_FILE_ACCESS] != 0 || stats[LOC_FILE_ACCESS] != 0 || stats[VAL_FILE_ACCESS] != 0 ||
                     stats[TAY_STACK_SIZE] > stats[TAY_BUFFER_SIZE];

    Measurement m = Measure([&] { gradient(Tag, paramCount, in.data(), grad); }, 7, budgetSeconds);
    result.gradientSeconds = m.seconds;
    result.batches = m.batches;
    result.repetitions = m.repetitions;
    return result;
}

} // namespace adbench
