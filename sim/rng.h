// Rng: the only source of randomness in the simulated world.
//
// xoshiro256** seeded through SplitMix64. Guarantees:
//  1. The output is a pure function of the seed: same seed, same stream, on
//     every platform and standard library (no std distributions anywhere).
//  2. below(n) is exactly uniform on [0, n): Lemire's multiply-and-reject.
//  3. split() derives an independent child stream, so one concern (scheduling,
//     faults, workload) drawing more does not shift the others.
#pragma once

#include <array>
#include <cstdint>

namespace catsim {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t next();
  // Uniform on [0, bound). bound > 0.
  uint64_t below(uint64_t bound);
  // Uniform on [low, high]. low <= high.
  uint64_t between(uint64_t low, uint64_t high);
  // True with probability percent / 100, exactly. percent <= 100.
  bool chance_percent(uint32_t percent);
  // An independent stream derived from this one (advances this one once).
  Rng split();

 private:
  std::array<uint64_t, 4> state_{};
};

// SplitMix64 step: also a good 64-bit mixer for hashing seeds.
uint64_t splitmix64(uint64_t& state);

}  // namespace catsim
