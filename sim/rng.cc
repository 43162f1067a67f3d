#include "sim/rng.h"

#include "sim/check.h"

namespace catsim {

namespace {
uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}
}  // namespace

uint64_t splitmix64(uint64_t& state) {
  state += 0x9e3779b97f4a7c15ULL;
  uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Rng::Rng(uint64_t seed) {
  uint64_t sm = seed;
  for (uint64_t& word : state_) word = splitmix64(sm);
  CATSIM_CHECK(state_[0] | state_[1] | state_[2] | state_[3]);
}

uint64_t Rng::next() {
  const uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

uint64_t Rng::below(uint64_t bound) {
  CATSIM_CHECK(bound > 0);
  unsigned __int128 product = static_cast<unsigned __int128>(next()) * bound;
  uint64_t low = static_cast<uint64_t>(product);
  if (low < bound) {
    const uint64_t threshold = (0 - bound) % bound;
    while (low < threshold) {
      product = static_cast<unsigned __int128>(next()) * bound;
      low = static_cast<uint64_t>(product);
    }
  }
  return static_cast<uint64_t>(product >> 64);
}

uint64_t Rng::between(uint64_t low, uint64_t high) {
  CATSIM_CHECK(low <= high);
  if (high - low == UINT64_MAX) return next();
  return low + below(high - low + 1);
}

bool Rng::chance_percent(uint32_t percent) {
  CATSIM_CHECK(percent <= 100);
  return below(100) < percent;
}

Rng Rng::split() {
  uint64_t child_seed = next();
  return Rng(child_seed ^ 0x6a09e667f3bcc909ULL);
}

}  // namespace catsim
