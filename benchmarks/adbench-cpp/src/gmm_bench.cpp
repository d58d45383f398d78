// adbench-gmm: one GMM size, one tool, in this process; prints one line of key=value pairs.
//
//   adbench-gmm --d D --k K --n N --tool objective|manual|adolc|digest [--seed S] [--budget SECONDS]
//               [--gradient-out FILE] [--adolc-heap 0|1]
//
//   objective  g++'s objective (gmm.h), timed
//   manual     ADBench's manual gradient algorithm (gmm_manual.cpp), timed; value = the objective it returns
//   adolc      ADOL-C: tape once, time gradient(); value = the taped objective
//   digest     only the data digest (to check that the C# and C++ generators agree)
//
// The gradient (alphas, means, icf: ADBench's layout, which is also the C# one) is written to FILE as raw
// little-endian doubles when --gradient-out is given. Times are the minimum per call over batches, thread CPU time,
// by the rule of the C# harness (timing.h).
#include <malloc.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "gmm.h"
#include "gmm_adolc.h"
#include "gmm_data.h"
#include "timing.h"

using namespace adbench;

namespace {

[[noreturn]] void Usage(const char* message) {
    std::fprintf(stderr, "adbench-gmm: %s\nusage: adbench-gmm --d D --k K --n N --tool objective|manual|adolc|digest "
                         "[--seed S] [--budget SECONDS] [--gradient-out FILE]\n", message);
    std::exit(2);
}

void WriteGradient(const std::string& path, const std::vector<double>& grad) {
    if (path.empty()) return;
    FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(grad.data(), sizeof(double), grad.size(), f) != grad.size()) {
        std::fprintf(stderr, "adbench-gmm: cannot write %s\n", path.c_str());
        std::exit(1);
    }
    std::fclose(f);
}

volatile double g_sink;

} // namespace

int main(int argc, char** argv) {
    int d = 0, k = 0, n = 0;
    int32_t seed = 31337;
    double budget = 4;
    std::string tool, gradientOut;
    bool adolcHeap = true;
    for (int i = 1; i < argc; i++) {
        std::string key = argv[i];
        if (i + 1 >= argc) Usage(("missing value after " + key).c_str());
        const char* value = argv[++i];
        if (key == "--d") d = std::atoi(value);
        else if (key == "--k") k = std::atoi(value);
        else if (key == "--n") n = std::atoi(value);
        else if (key == "--seed") seed = static_cast<int32_t>(std::atol(value));
        else if (key == "--budget") budget = std::atof(value);
        else if (key == "--tool") tool = value;
        else if (key == "--gradient-out") gradientOut = value;
        else if (key == "--adolc-heap") adolcHeap = std::atoi(value) != 0;
        else Usage(("unknown option " + key).c_str());
    }
    if (d < 1 || k < 1 || n < 1) Usage("--d, --k and --n must be positive");

    GmmInstance g = GenerateGmm(d, k, n, seed);
    std::printf("tool=%s d=%d k=%d n=%d params=%d digest=%016" PRIx64, tool.c_str(), d, k, n, g.ParameterCount(),
                GmmDigest(g));
    std::vector<double> grad(g.ParameterCount());
    if (tool == "digest") {
        std::printf("\n");
        return 0;
    }
    if (tool == "objective") {
        double value = 0;
        Measurement m = Measure([&] {
            value = GmmObjectiveDouble(d, k, n, g.alphas.data(), g.means.data(), g.icf.data(), g.x.data(),
                                       g.wishartGamma, g.wishartM);
            g_sink = value;
        }, 7, budget);
        std::printf(" value=%.17g seconds=%.9g batches=%d reps=%d first=%.9g\n", value, m.seconds, m.batches,
                    m.repetitions, m.first);
    } else if (tool == "manual") {
        double value = 0;
        Measurement m = Measure([&] {
            value = GmmManualGradient(d, k, n, g.alphas.data(), g.means.data(), g.icf.data(), g.x.data(),
                                      g.wishartGamma, g.wishartM, grad.data());
            g_sink = value;
        }, 7, budget);
        std::printf(" value=%.17g seconds=%.9g batches=%d reps=%d first=%.9g\n", value, m.seconds, m.batches,
                    m.repetitions, m.first);
        WriteGradient(gradientOut, grad);
    } else if (tool == "adolc") {
        // ADOL-C's gradient() allocates its Taylor and adjoint buffers on every call and frees them again. Above
        // glibc's mmap threshold (at most 32 MB) each call then maps fresh pages and page-faults through them, which
        // made gradient() up to 12 times slower from about 1e6 taped operations on. Keeping freed memory in the heap
        // gives ADOL-C what the C# tape has (buffers reused at their high-water mark); --adolc-heap 0 turns it off.
        if (adolcHeap) {
            mallopt(M_MMAP_MAX, 0);
            mallopt(M_TRIM_THRESHOLD, 1 << 30);
            mallopt(M_TOP_PAD, 64 << 20);
        }
        AdolcResult r = AdolcGradient(g, grad.data(), budget);
        std::printf(" value=%.17g seconds=%.9g batches=%d reps=%d tape_seconds=%.9g tape_ops=%zu spilled=%d\n",
                    r.tapedValue, r.gradientSeconds, r.batches, r.repetitions, r.tapeSeconds, r.operations,
                    r.spilled ? 1 : 0);
        WriteGradient(gradientOut, grad);
    } else {
        Usage("--tool must be objective, manual, adolc or digest");
    }
    return 0;
}
