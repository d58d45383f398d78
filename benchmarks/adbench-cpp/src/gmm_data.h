// The GMM instance generator of the C# side (GmmInstance.Generate in
// benchmarks/AutoDiffGen.ADBench.Problems/GmmData.cs), reproduced bit for bit so both sides see the same numbers:
// .NET's seeded System.Random (Knuth's subtractive generator as .NET implements it for an explicit seed), then
// alpha ~ N(0,1), means ~ U[0,1), icf ~ N(0,1), x ~ N(0,1) by Box-Muller, drawn in that order; gamma = 1, m = 0.
#pragma once

#include <cstdint>
#include <vector>

namespace adbench {

// System.Random(seed) as .NET builds it when a seed is given: a 55-entry lagged subtractive generator (Knuth,
// "Seminumerical Algorithms" 3.2.2) with .NET's own seeding and its two well-known quirks (index 0 unused, the
// second lag is 21 rather than 24). Arithmetic is 32-bit two's complement, as in C#, so it is done on uint32_t.
class DotNetRandom {
public:
    explicit DotNetRandom(int32_t seed);
    // Random.NextDouble(): the next sample times 1 / int.MaxValue, in [0, 1).
    double NextDouble();
    // The next raw sample in [0, int.MaxValue).
    int32_t NextRaw();

private:
    int32_t state_[56];
    int next_ = 0;
    int nextLagged_ = 21;
};

struct GmmInstance {
    int d = 0, k = 0, n = 0;
    std::vector<double> alphas; // k
    std::vector<double> means;  // k * d
    std::vector<double> icf;    // k * d(d+1)/2
    std::vector<double> x;      // n * d
    double wishartGamma = 1.0;
    int wishartM = 0;
    int ParameterCount() const { return static_cast<int>(alphas.size() + means.size() + icf.size()); }
};

// GmmInstance.Generate(d, k, n, seed); the C# default seed is 31337.
GmmInstance GenerateGmm(int d, int k, int n, int32_t seed = 31337);

// FNV-1a (64-bit) over the bytes of alphas, means, icf and x in that order, then d, k, n: the C# side computes the
// same digest (GmmDigest in the console), so a script can check that both generators produced identical data.
uint64_t GmmDigest(const GmmInstance& g);

} // namespace adbench
