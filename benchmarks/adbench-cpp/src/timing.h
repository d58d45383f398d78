// The timing rule of the C# harness (benchmarks/AutoDiffGen.ADBench/Timing.cs), the same steps in the same order:
// one call (JIT there, first-touch here), a second call to estimate one call's time unless the first took >= 1 s,
// batches that repeat the call until they last >= 0.1 s, up to 7 batches (at least 2) within a 4 s budget, and the
// minimum time per call over the batches. Time is the CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID).
#pragma once

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>

namespace adbench {

constexpr double MinBatchSeconds = 0.1;

inline double ThreadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Measurement {
    double seconds = 0;   // minimum per call
    int batches = 0;      // timed batches
    int repetitions = 0;  // calls per batch
    double first = 0;     // the first (cold) call
};

template <typename Call>
Measurement Measure(Call&& call, int batches = 7, double budgetSeconds = 4) {
    Measurement result;
    double start = ThreadCpuSeconds();
    call();
    double first = ThreadCpuSeconds() - start;
    double single = first;
    if (first < 1) {
        start = ThreadCpuSeconds();
        call();
        single = ThreadCpuSeconds() - start;
    }
    single = std::max(single, 1e-7);
    int reps = std::max(1, static_cast<int>(std::ceil(MinBatchSeconds / single)));
    int count = std::clamp(static_cast<int>(budgetSeconds / (single * reps)), 2, batches);
    double best = std::numeric_limits<double>::infinity();
    for (int b = 0; b < count; b++) {
        start = ThreadCpuSeconds();
        for (int r = 0; r < reps; r++) call();
        best = std::min(best, (ThreadCpuSeconds() - start) / reps);
    }
    result.seconds = best;
    result.batches = count;
    result.repetitions = reps;
    result.first = first;
    return result;
}

} // namespace adbench
