// Compiled with -ffp-contract=off (see the Makefile): the generator must round exactly as .NET does.
#include "gmm_data.h"

#include <cmath>
#include <cstdlib>
#include <cstring>

namespace adbench {

namespace {
constexpr int32_t IntMax = 2147483647;

// a - b with 32-bit wrap-around, as C#'s unchecked int arithmetic.
inline int32_t WrapSub(int32_t a, int32_t b) {
    return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}

double Normal(DotNetRandom& rng) {
    // Box-Muller exactly as GmmInstance.Normal: u1 in (0, 1], u2 in [0, 1), one normal per pair of draws.
    double u1 = 1.0 - rng.NextDouble();
    double u2 = rng.NextDouble();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}
} // namespace

DotNetRandom::DotNetRandom(int32_t seed) {
    std::memset(state_, 0, sizeof state_);
    int32_t subtraction = seed == INT32_MIN ? IntMax : std::abs(seed);
    int32_t mj = WrapSub(161803398, subtraction);
    state_[55] = mj;
    int32_t mk = 1;
    int position = 0;
    // Fill positions 21, 42, 8, 29, ... (steps of 21 modulo 55) with a Fibonacci-like difference sequence.
    for (int step = 1; step < 55; step++) {
        position += 21;
        if (position >= 55) position -= 55;
        state_[position] = mk;
        mk = WrapSub(mj, mk);
        if (mk < 0) mk = static_cast<int32_t>(static_cast<uint32_t>(mk) + static_cast<uint32_t>(IntMax));
        mj = state_[position];
    }
    // Four warm-up rounds over entries 1..55, each lagged by 31 (1 + (i + 30) mod 55).
    for (int round = 1; round < 5; round++) {
        for (int i = 1; i < 56; i++) {
            int lag = i + 30;
            if (lag >= 55) lag -= 55;
            state_[i] = WrapSub(state_[i], state_[1 + lag]);
            if (state_[i] < 0) state_[i] = static_cast<int32_t>(static_cast<uint32_t>(state_[i]) + static_cast<uint32_t>(IntMax));
        }
    }
    next_ = 0;
    nextLagged_ = 21;
}

int32_t DotNetRandom::NextRaw() {
    int a = next_ + 1;
    if (a >= 56) a = 1;
    int b = nextLagged_ + 1;
    if (b >= 56) b = 1;
    int32_t value = WrapSub(state_[a], state_[b]);
    if (value == IntMax) value--;
    if (value < 0) value = static_cast<int32_t>(static_cast<uint32_t>(value) + static_cast<uint32_t>(IntMax));
    state_[a] = value;
    next_ = a;
    nextLagged_ = b;
    return value;
}

double DotNetRandom::NextDouble() { return NextRaw() * (1.0 / IntMax); }

GmmInstance GenerateGmm(int d, int k, int n, int32_t seed) {
    DotNetRandom rng(seed);
    GmmInstance g;
    g.d = d;
    g.k = k;
    g.n = n;
    int icfSize = d * (d + 1) / 2;
    g.alphas.resize(k);
    g.means.resize(static_cast<size_t>(k) * d);
    g.icf.resize(static_cast<size_t>(k) * icfSize);
    g.x.resize(static_cast<size_t>(n) * d);
    for (double& v : g.alphas) v = Normal(rng);
    for (double& v : g.means) v = rng.NextDouble();
    for (double& v : g.icf) v = Normal(rng);
    for (double& v : g.x) v = Normal(rng);
    g.wishartGamma = 1.0;
    g.wishartM = 0;
    return g;
}

namespace {
void Fnv(uint64_t& h, const void* data, size_t bytes) {
    const unsigned char* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < bytes; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
}
} // namespace

uint64_t GmmDigest(const GmmInstance& g) {
    uint64_t h = 14695981039346656037ull;
    Fnv(h, g.alphas.data(), g.alphas.size() * sizeof(double));
    Fnv(h, g.means.data(), g.means.size() * sizeof(double));
    Fnv(h, g.icf.data(), g.icf.size() * sizeof(double));
    Fnv(h, g.x.data(), g.x.size() * sizeof(double));
    int32_t dims[3] = {g.d, g.k, g.n};
    Fnv(h, dims, sizeof dims);
    return h;
}

} // namespace adbench
